import type { Logger } from '../log.js';
import { type EditScheduler, RateLimitedError } from '../slack/edit-scheduler.js';
import { rateLimitDelayMs } from '../slack/slack-call.js';

/**
 * Slack reads paced by the one EditScheduler that also paces streamed replies: each call waits for a
 * token of its method's budget, and a 429 pauses that budget for Retry-After before the call is tried
 * again. Needs a WebClient built with `rejectRateLimitedCalls: true`, so the 429 reaches here.
 */
export interface SlackPacer {
  call<T>(method: string, run: () => Promise<T>): Promise<T>;
}

export interface SlackPacerOptions {
  scheduler: EditScheduler;
  /** The scheduler budget a method's calls spend (see `apiBudget` / `backgroundBudget`). */
  budgetOf: (method: string) => string;
  /** 429s tolerated for one call before giving up. */
  maxRateLimitRetries?: number;
  logger?: Logger;
}

export function createSlackPacer(options: SlackPacerOptions): SlackPacer {
  const maxRetries = options.maxRateLimitRetries ?? 8;
  return {
    call<T>(method: string, run: () => Promise<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        let settled = false;
        let limited = 0;
        const write = {
          budget: options.budgetOf(method),
          priority: 'update' as const,
          run: async () => {
            try {
              resolve(await run());
              settled = true;
            } catch (error) {
              const retryAfterMs = rateLimitDelayMs(error);
              if (retryAfterMs === undefined || limited >= maxRetries) {
                settled = true;
                reject(error);
                return;
              }
              limited += 1;
              options.logger?.warn(
                { method, retry_after_ms: retryAfterMs, attempt: limited },
                'Slack rate limited',
              );
              // The scheduler pauses the whole budget, then asks for this write again.
              throw new RateLimitedError(Math.max(1000, retryAfterMs));
            }
          },
        };
        const handle = options.scheduler.register(() => (settled ? undefined : write));
        handle.wake();
        void handle.drained().then(() => handle.close());
      });
    },
  };
}
