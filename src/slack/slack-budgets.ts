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
