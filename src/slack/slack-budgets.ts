import type { BudgetLimits } from './edit-scheduler.js';

/**
 * Slack's limits for the calls a streamed reply makes (Slack's rate-limit tiers, per workspace):
 * chat.update Tier 3 (50+/min); chat.startStream and chat.stopStream Tier 2 (20+/min);
 * chat.appendStream Tier 4 (100+/min); chat.postMessage about one per second per channel, with bursts.
 */
export function slackBudgets(budget: string): BudgetLimits {
  switch (budget) {
    case 'update':
      return { perMinute: 50, burst: 5 };
    case 'stream-start':
    case 'stream-stop':
      return { perMinute: 20, burst: 3 };
    case 'stream-append':
      return { perMinute: 100, burst: 10 };
    default:
      // chat.postMessage per channel: a little under Slack's ~1/s, since calls reach Slack with jitter.
      return { perMinute: 55, burst: 2 };
  }
}

/** Budget names of Web API reads: `api:<method>` for calls someone is waiting on, `background:<method>` for backfills. */
export const apiBudget = (method: string): string => `api:${method}`;
export const backgroundBudget = (method: string): string => `background:${method}`;

export interface ApiBudgetOptions {
  /** conversations.history and conversations.replies per minute: Tier 3 (50), or 1 for non-Marketplace distributed apps since 2025. */
  historyPerMinute: number;
  /** Share (0–1] of each method's budget that background work may spend; the rest stays free for interactive calls. */
  backgroundShare: number;
}

/**
 * Every budget Strata schedules Slack calls under: the streamed-reply budgets above, plus each Web API
 * read at its tier (`api:<method>`) and at the background share of it (`background:<method>`).
 */
export function slackApiBudgets(options: ApiBudgetOptions): (budget: string) => BudgetLimits {
  return (budget) => {
    const [kind, method = ''] = budget.split(/:(.*)/s);
    if (kind === 'api') return methodTier(method, options.historyPerMinute);
    if (kind === 'background') {
      return shareOf(methodTier(method, options.historyPerMinute), options.backgroundShare);
    }
    return slackBudgets(budget);
  };
}

/** The part of a budget background work may use: the sustained rate and the burst both scaled down. */
export function shareOf(limits: BudgetLimits, share: number): BudgetLimits {
  return {
    perMinute: limits.perMinute * share,
    burst: Math.max(1, Math.floor(limits.burst * share)),
  };
}

/** Slack's documented tier of each method Strata reads with (per app, per workspace). */
function methodTier(method: string, historyPerMinute: number): BudgetLimits {
  switch (method) {
    case 'conversations.history':
    case 'conversations.replies':
      // Tier 3 allows bursts of about ten; at 1 call a minute there is no burst to speak of.
      return {
        perMinute: historyPerMinute,
        burst: Math.max(1, Math.min(10, Math.floor(historyPerMinute / 5))),
      };
    case 'conversations.members':
    case 'users.info':
      return { perMinute: 100, burst: 20 };
    case 'conversations.list':
      return { perMinute: 20, burst: 5 };
    case 'chat.getPermalink':
    case 'auth.test':
      return { perMinute: 600, burst: 100 };
    default:
      return { perMinute: 50, burst: 10 };
  }
}
