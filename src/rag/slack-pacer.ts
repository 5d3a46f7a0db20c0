import { setTimeout as sleepFor } from 'node:timers/promises';
import type { Logger } from '../log.js';

/**
 * Keeps Strata's reads of Slack history under Slack's per-method limits: a token bucket per method
 * spaces calls out before Slack has to say no, and a 429 pauses that method for Retry-After, then the
 * call is tried again. Needs a WebClient built with `rejectRateLimitedCalls: true`, so the 429 reaches here.
 */

export interface MethodBudget {
  perMinute: number;
  /** Calls allowed back to back before the sustained rate applies. */
  burst: number;
}

export interface SlackPacer {
  call<T>(method: string, run: () => Promise<T>): Promise<T>;
}

export interface SlackPacerOptions {
  budget: (method: string) => MethodBudget;
  /** 429s tolerated for one call before giving up. */
  maxRateLimitRetries?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  logger?: Logger;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
  pausedUntil: number;
}

export function createSlackPacer(options: SlackPacerOptions): SlackPacer {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => sleepFor(ms));
  const maxRetries = options.maxRateLimitRetries ?? 8;
  const buckets = new Map<string, Bucket>();

  /** Reserves the next slot of the method's budget; returns how long to wait for it. */
  const reserve = (method: string): number => {
    const { perMinute, burst } = options.budget(method);
    const at = now();
    const bucket = buckets.get(method) ?? { tokens: burst, updatedAt: at, pausedUntil: 0 };
    buckets.set(method, bucket);
    bucket.tokens = Math.min(burst, bucket.tokens + ((at - bucket.updatedAt) * perMinute) / 60_000);
    bucket.updatedAt = at;
    bucket.tokens -= 1;
    const forTokens = bucket.tokens >= 0 ? 0 : (-bucket.tokens * 60_000) / perMinute;
    return Math.max(forTokens, bucket.pausedUntil - at);
  };

  return {
    async call(method, run) {
      for (let attempt = 0; ; attempt++) {
        const wait = reserve(method);
        if (wait > 0) await sleep(Math.ceil(wait));
        try {
          return await run();
        } catch (error) {
          const retryAfterMs = rateLimitedFor(error);
          if (retryAfterMs === undefined || attempt >= maxRetries) throw error;
          const bucket = buckets.get(method);
          if (bucket) {
            bucket.pausedUntil = Math.max(bucket.pausedUntil, now() + retryAfterMs);
            bucket.tokens = Math.min(bucket.tokens, 0);
          }
          options.logger?.warn(
            { method, retry_after_ms: retryAfterMs, attempt: attempt + 1 },
            'Slack rate limited',
          );
        }
      }
    },
  };
}

/** Retry-After in ms when the error is Slack's 429, else undefined. */
export function rateLimitedFor(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  if (error.code !== 'slack_webapi_rate_limited_error') return undefined;
  const seconds = 'retryAfter' in error && typeof error.retryAfter === 'number' ? error.retryAfter : 1;
  return Math.max(1, seconds) * 1000;
}

/**
 * Slack's documented tiers for the methods indexing uses. History and replies are configurable: internal
 * apps keep Tier 3; commercially distributed non-Marketplace apps get 1 call a minute (and 15 per page).
 */
export function indexingBudgets(history: MethodBudget): (method: string) => MethodBudget {
  const tier3 = { perMinute: 50, burst: 10 };
  const tier4 = { perMinute: 100, burst: 20 };
  return (method) => {
    if (method === 'conversations.history' || method === 'conversations.replies') return history;
    if (method === 'conversations.members' || method === 'users.info') return tier4;
    if (method === 'chat.getPermalink') return { perMinute: 600, burst: 100 };
    return tier3;
  };
}
