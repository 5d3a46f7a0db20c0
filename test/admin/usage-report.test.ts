import { describe, expect, it } from 'vitest';
import { defaultPrices } from '../../src/admin/cost.js';
import { buildUsageReport, parseUsageArgs, percentile, periodWindow } from '../../src/admin/usage-report.js';
import type { UsageRecord } from '../../src/store/usage-store.js';

const now = new Date('2025-11-20T15:20:00Z');
const call = (minutesAgo: number, overrides: Partial<UsageRecord> = {}): UsageRecord => ({
  at: new Date(now.getTime() - minutesAgo * 60_000),
  user: 'U0ALICE',
  channel: 'C0GENERAL',
  feature: 'chat',
  modelId: 'anthropic.claude-3-haiku-20240307-v1:0',
  inputTokens: 1000,
  outputTokens: 200,
  latencyMs: 1000,
  outcome: 'ok',
  imagesGenerated: 0,
  ...overrides,
});

describe('percentiles', () => {
  it('uses the nearest rank', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 95)).toBe(95);
    expect(percentile([7], 95)).toBe(7);
    expect(percentile([], 50)).toBeUndefined();
  });
});

describe('the usage report', () => {
  const records = [
    call(10, { latencyMs: 800 }),
    call(20, { latencyMs: 1200, user: 'U0BOB' }),
    call(30, { latencyMs: 3000, modelId: 'amazon.nova-lite-v1:0' }),
    call(40, { outcome: 'throttled', inputTokens: 0, outputTokens: 0, latencyMs: 50 }),
    call(50, { outcome: 'error', inputTokens: 500, outputTokens: 0, latencyMs: 9000 }),
    call(60 * 30, { user: 'U0OLD' }),
  ];
  const report = buildUsageReport(records, { period: '24h', groupBy: 'model', now, prices: defaultPrices });

  it('sums invocations and tokens, counts errors and throttles, within the window only', () => {
    expect(report.total).toMatchObject({
      invocations: 5,
      inputTokens: 3500,
      outputTokens: 600,
      errors: 1,
      throttles: 1,
    });
  });

  it('takes latency percentiles over answered calls only', () => {
    expect(report.total.p50Ms).toBe(1200);
    expect(report.total.p95Ms).toBe(3000);
  });

  it('groups by model, biggest first, with an estimated cost per row', () => {
    expect(report.rows.map((r) => [r.key, r.invocations])).toEqual([
      ['anthropic.claude-3-haiku-20240307-v1:0', 4],
      ['amazon.nova-lite-v1:0', 1],
    ]);
    expect(report.rows[1]?.cost).toBeCloseTo(1 * 0.00006 + 0.2 * 0.00024, 10);
    expect(report.total.unpricedCalls).toBe(0);
  });

  it('groups by user and by channel', () => {
    const byUser = buildUsageReport(records, { period: '24h', groupBy: 'user', now, prices: defaultPrices });
    expect(byUser.rows.map((r) => r.key).sort()).toEqual(['U0ALICE', 'U0BOB']);
    const byChannel = buildUsageReport(records, {
      period: '7d',
      groupBy: 'channel',
      now,
      prices: defaultPrices,
    });
    expect(byChannel.rows).toEqual([expect.objectContaining({ key: 'C0GENERAL', invocations: 6 })]);
  });

  it('buckets the period for the chart: hours for 24h, six hours for 7d, days for 30d', () => {
    expect(report.series).toHaveLength(24);
    expect(report.series.reduce((n, b) => n + b.invocations, 0)).toBe(5);
    const week = buildUsageReport([], { period: '7d', groupBy: 'model', now, prices: defaultPrices });
    expect(week.bucketMs).toBe(6 * 3_600_000);
    expect(week.series.length * week.bucketMs).toBeGreaterThanOrEqual(7 * 86_400_000);
    expect(
      buildUsageReport([], { period: '30d', groupBy: 'model', now, prices: defaultPrices }).series.length,
    ).toBeGreaterThanOrEqual(30);
    expect(periodWindow('24h', now).from.toISOString()).toBe('2025-11-19T16:00:00.000Z');
  });
});

describe('parsing /bedrock usage arguments', () => {
  it('defaults to 24h by model and accepts any order', () => {
    expect(parseUsageArgs('')).toEqual({ ok: true, period: '24h', groupBy: 'model' });
    expect(parseUsageArgs('by channel 30d')).toEqual({ ok: true, period: '30d', groupBy: 'channel' });
    expect(parseUsageArgs('7D BY USER')).toEqual({ ok: true, period: '7d', groupBy: 'user' });
  });

  it('explains what is wrong', () => {
    expect(parseUsageArgs('yesterday')).toEqual({
      ok: false,
      problem: '`yesterday` is not a period (24h, 7d, 30d) or a grouping (by user|channel|model).',
    });
    expect(parseUsageArgs('by')).toEqual({ ok: false, problem: '`by` needs `user`, `channel` or `model`.' });
    expect(parseUsageArgs('by `<!channel>`')).toMatchObject({
      ok: false,
      problem: expect.not.stringContaining('<!channel>'),
    });
  });
});
