import type { BudgetLimits } from './edit-scheduler.js';

/**
 * Slack's limits for the calls a streamed reply makes (see Slack's rate-limit tiers):
 * chat.update is Tier 3 (50+ per minute per workspace); chat.postMessage allows about one message
 * per second per channel with short bursts.
 */
export function slackBudgets(budget: string): BudgetLimits {
  if (budget === 'update') return { perMinute: 50, burst: 5 };
  return { perMinute: 60, burst: 3 };
}
