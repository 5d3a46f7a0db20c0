import type { DailyTotal } from '../store/usage-store.js';

export interface BudgetLimits {
  dailyTokens: number;
  monthlyTokens: number;
}

export type BudgetPeriod = 'day' | 'month';

export interface BudgetState {
  period: BudgetPeriod;
  /** Input + output tokens so far in the period. */
  used: number;
  limit: number;
  resetsAt: Date;
  /** e.g. `day:2025-11-20`, `month:2025-11`: names the period for once-only warnings. */
  periodKey: string;
}

/** UTC midnight after `now`, and the first of next month. Budgets reset then. */
export function resetTimes(now: Date): Record<BudgetPeriod, Date> {
  return {
    day: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1)),
    month: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)),
  };
}

export function monthStart(now: Date): string {
  return `${now.toISOString().slice(0, 7)}-01`;
}

/** Where a user or channel stands against its daily and monthly budgets, from its daily totals this month. */
export function budgetStates(totals: readonly DailyTotal[], limits: BudgetLimits, now: Date): BudgetState[] {
  const today = now.toISOString().slice(0, 10);
  const month = now.toISOString().slice(0, 7);
  const tokens = (t: DailyTotal) => t.inputTokens + t.outputTokens;
  const usedToday = totals.filter((t) => t.day === today).reduce((sum, t) => sum + tokens(t), 0);
  const usedMonth = totals.filter((t) => t.day.startsWith(month)).reduce((sum, t) => sum + tokens(t), 0);
  const resets = resetTimes(now);
  return [
    {
      period: 'day',
      used: usedToday,
      limit: limits.dailyTokens,
      resetsAt: resets.day,
      periodKey: `day:${today}`,
    },
    {
      period: 'month',
      used: usedMonth,
      limit: limits.monthlyTokens,
      resetsAt: resets.month,
      periodKey: `month:${month}`,
    },
  ];
}

export function formatWait(ms: number): string {
  const minutes = Math.max(1, Math.ceil(ms / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} days`;
}

function when(state: BudgetState, now: Date): string {
  const at = state.period === 'day' ? '00:00 UTC' : `${state.resetsAt.toISOString().slice(0, 10)} 00:00 UTC`;
  return `It resets at ${at} (in ${formatWait(state.resetsAt.getTime() - now.getTime())}).`;
}

/** What a person sees when a budget is spent: whose budget, how big, and when it resets. */
export function budgetSpentMessage(whose: 'user' | 'channel', state: BudgetState, now: Date): string {
  const owner = whose === 'user' ? 'You have' : 'This channel has';
  const period = state.period === 'day' ? 'daily' : 'monthly';
  return `${owner} used the ${period} Strata budget of ${state.limit.toLocaleString('en-US')} tokens. ${when(state, now)} An admin can raise it with \`/bedrock budget\`.`;
}

/** For admins, at 80% and at 100%. */
export function budgetWarningMessage(subject: string, level: number, state: BudgetState, now: Date): string {
  const period = state.period === 'day' ? 'daily' : 'monthly';
  const share = Math.floor((state.used / state.limit) * 100);
  const head = level >= 100 ? ':no_entry: Budget spent' : ':warning: Budget at 80%';
  return `${head}: ${subject} has used ${share}% of the ${period} token budget (${state.used.toLocaleString('en-US')} of ${state.limit.toLocaleString('en-US')}). ${when(state, now)} Change it with \`/bedrock budget\`.`;
}

/** The warning levels (80, 100) this state has reached. */
export function reachedLevels(state: BudgetState): number[] {
  return [80, 100].filter((level) => state.used >= (state.limit * level) / 100);
}
