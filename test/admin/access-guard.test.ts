import { describe, expect, it } from 'vitest';
import { createAccessGuard } from '../../src/access/access-guard.js';
import { budgetSpentMessage, budgetStates, resetTimes } from '../../src/access/budgets.js';
import { createLogger } from '../../src/log.js';
import type { AccessPolicy, AccessScope, AccessStore } from '../../src/store/access-store.js';
import type { DailyTotal, UsageStore } from '../../src/store/usage-store.js';

const now = new Date('2025-11-20T19:00:00Z');
const key = (s: AccessScope) => `${s.kind}#${s.id}`;

function setup(
  options: {
    restrict?: boolean;
    policies?: Record<string, AccessPolicy>;
    totals?: Record<string, DailyTotal[]>;
  } = {},
) {
  const claimed = new Set<string>();
  const store: AccessStore = {
    get: async (scope) => options.policies?.[key(scope)] ?? {},
    put: async () => undefined,
    claimWarning: async (scope, period, level) => {
      const id = `${key(scope)}:${period}:${level}`;
      if (claimed.has(id)) return false;
      claimed.add(id);
      return true;
    },
  };
  const usage = {
    dailyTotals: async (scope: AccessScope) => options.totals?.[key(scope)] ?? [],
  } as unknown as UsageStore;
  const warnings: string[] = [];
  const guard = createAccessGuard({
    store,
    usage,
    defaults: {
      restrictChannels: options.restrict ?? false,
      user: { dailyTokens: 10_000, monthlyTokens: 100_000 },
      channel: { dailyTokens: 50_000, monthlyTokens: 500_000 },
    },
    warnAdmins: async (text) => void warnings.push(text),
    logger: createLogger({ level: 'silent' }),
    now: () => now,
  });
  return { guard, warnings };
}

const day = (d: string, tokens: number): DailyTotal => ({
  day: d,
  inputTokens: tokens,
  outputTokens: 0,
  invocations: 1,
});
const ask = { user: 'U0ALICE', channel: 'C0GENERAL', feature: 'chat' };

describe('budgets', () => {
  it('reset at UTC midnight and on the first of the month', () => {
    expect(resetTimes(now)).toEqual({
      day: new Date('2025-11-21T00:00:00Z'),
      month: new Date('2025-12-01T00:00:00Z'),
    });
  });

  it('count today and this month from daily totals', () => {
    const states = budgetStates(
      [day('2025-11-19', 300), day('2025-11-20', 200)],
      { dailyTokens: 1000, monthlyTokens: 5000 },
      now,
    );
    expect(states.map((s) => [s.period, s.used, s.limit])).toEqual([
      ['day', 200, 1000],
      ['month', 500, 5000],
    ]);
  });

  it('say when a spent budget resets', () => {
    const [daily] = budgetStates([day('2025-11-20', 1000)], { dailyTokens: 1000, monthlyTokens: 5000 }, now);
    expect(daily && budgetSpentMessage('user', daily, now)).toBe(
      'You have used the daily Strata budget of 1,000 tokens. It resets at 00:00 UTC (in 5 h 0 min). An admin can raise it with `/bedrock budget`.',
    );
  });
});

describe('the access guard', () => {
  it('allows by default, within budget', async () => {
    expect(await setup().guard.check(ask)).toEqual({ allowed: true });
  });

  it('answers only in allowed channels in allow-list mode, and always in DMs', async () => {
    const { guard } = setup({ restrict: true, policies: { 'channel#C0ALLOWED': { allowed: true } } });
    expect(await guard.check(ask)).toMatchObject({
      allowed: false,
      reason: 'channel',
      message: expect.stringContaining('/bedrock access allow'),
    });
    expect(await guard.check({ ...ask, channel: 'C0ALLOWED' })).toEqual({ allowed: true });
    expect(await guard.check({ ...ask, channel: 'D0ALICE' })).toEqual({ allowed: true });
  });

  it('refuses a channel an admin blocked, and a feature switched off there', async () => {
    const { guard } = setup({
      policies: {
        'channel#C0GENERAL': { disabledFeatures: ['image'] },
        'channel#C0BLOCKED': { allowed: false },
      },
    });
    expect(await guard.check({ ...ask, feature: 'image' })).toMatchObject({
      allowed: false,
      reason: 'feature',
      message: 'An admin turned `image` off in this channel.',
    });
    expect(await guard.check(ask)).toEqual({ allowed: true });
    expect(await guard.check({ ...ask, channel: 'C0BLOCKED' })).toMatchObject({
      allowed: false,
      reason: 'channel',
    });
  });

  it('refuses when the person’s or the channel’s budget is spent, honouring overrides', async () => {
    const spentUser = setup({ totals: { 'user#U0ALICE': [day('2025-11-20', 10_000)] } });
    expect(await spentUser.guard.check(ask)).toMatchObject({
      allowed: false,
      reason: 'budget',
      message: expect.stringMatching(/^You have used the daily Strata budget of 10,000 tokens/),
    });

    const raised = setup({
      totals: { 'user#U0ALICE': [day('2025-11-20', 10_000)] },
      policies: { 'user#U0ALICE': { dailyTokens: 20_000 } },
    });
    expect(await raised.guard.check(ask)).toEqual({ allowed: true });

    const busyChannel = setup({
      totals: { 'channel#C0GENERAL': [day('2025-11-02', 300_000), day('2025-11-19', 200_000)] },
    });
    expect(await busyChannel.guard.check(ask)).toMatchObject({
      allowed: false,
      message: expect.stringMatching(
        /^This channel has used the monthly Strata budget of 500,000 tokens\. It resets at 2025-12-01 00:00 UTC/,
      ),
    });
  });

  it('warns admins once at 80% and once at 100%', async () => {
    const totals = { 'user#U0ALICE': [day('2025-11-20', 8_500)] };
    const { guard, warnings } = setup({ totals });
    await guard.afterUsage(ask);
    await guard.afterUsage(ask);
    expect(warnings).toEqual([
      ':warning: Budget at 80%: <@U0ALICE> has used 85% of the daily token budget (8,500 of 10,000). It resets at 00:00 UTC (in 5 h 0 min). Change it with `/bedrock budget`.',
    ]);
    totals['user#U0ALICE'] = [day('2025-11-20', 10_200)];
    await guard.afterUsage(ask);
    expect(warnings).toHaveLength(2);
    expect(warnings[1]).toMatch(/^:no_entry: Budget spent: <@U0ALICE> has used 102%/);
  });
});
