import type { UsageRecord } from '../store/usage-store.js';
import { callCost, type PriceTable } from './cost.js';

export type UsagePeriod = '24h' | '7d' | '30d';
export type UsageGrouping = 'user' | 'channel' | 'model';

export interface UsageRow {
  key: string;
  invocations: number;
  inputTokens: number;
  outputTokens: number;
  p50Ms: number | undefined;
  p95Ms: number | undefined;
  errors: number;
  throttles: number;
  /** Estimated USD over the calls whose model has a price. */
  cost: number;
  /** Calls whose model has no price in the table (cost shown as partial). */
  unpricedCalls: number;
}

export interface UsageBucket {
  start: Date;
  inputTokens: number;
  outputTokens: number;
  invocations: number;
  p50Ms: number | undefined;
  p95Ms: number | undefined;
}

export interface UsageReport {
  period: UsagePeriod;
  groupBy: UsageGrouping;
  from: Date;
  to: Date;
  bucketMs: number;
  rows: UsageRow[];
  total: UsageRow;
  series: UsageBucket[];
}

const HOUR = 3_600_000;
const periods: Record<UsagePeriod, { spanMs: number; bucketMs: number }> = {
  '24h': { spanMs: 24 * HOUR, bucketMs: HOUR },
  '7d': { spanMs: 7 * 24 * HOUR, bucketMs: 6 * HOUR },
  '30d': { spanMs: 30 * 24 * HOUR, bucketMs: 24 * HOUR },
};

/** The window a period covers, ending now; buckets align to whole hours (UTC) so charts read cleanly. */
export function periodWindow(period: UsagePeriod, now: Date): { from: Date; to: Date; bucketMs: number } {
  const { spanMs, bucketMs } = periods[period];
  const end = Math.ceil(now.getTime() / HOUR) * HOUR;
  const start = Math.floor((end - spanMs) / bucketMs) * bucketMs;
  return { from: new Date(start), to: now, bucketMs };
}

/** Nearest-rank percentile of the values (p in 0–100); undefined when there are none. */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

export function buildUsageReport(
  records: readonly UsageRecord[],
  options: { period: UsagePeriod; groupBy: UsageGrouping; now: Date; prices: PriceTable },
): UsageReport {
  const { from, to, bucketMs } = periodWindow(options.period, options.now);
  const inWindow = records.filter((r) => r.at >= from && r.at <= to);
  const keyOf = (r: UsageRecord) =>
    options.groupBy === 'user' ? r.user : options.groupBy === 'channel' ? r.channel : r.modelId;

  const groups = new Map<string, UsageRecord[]>();
  for (const record of inWindow) {
    const key = keyOf(record);
    groups.set(key, [...(groups.get(key) ?? []), record]);
  }
  const rows = [...groups.entries()]
    .map(([key, group]) => summarize(key, group, options.prices))
    .sort(
      (a, b) =>
        b.inputTokens + b.outputTokens - (a.inputTokens + a.outputTokens) || b.invocations - a.invocations,
    );

  const series: UsageBucket[] = [];
  for (let start = from.getTime(); start < to.getTime(); start += bucketMs) {
    const inBucket = inWindow.filter((r) => r.at.getTime() >= start && r.at.getTime() < start + bucketMs);
    const latencies = inBucket.filter((r) => r.outcome === 'ok').map((r) => r.latencyMs);
    series.push({
      start: new Date(start),
      inputTokens: sum(inBucket, 'inputTokens'),
      outputTokens: sum(inBucket, 'outputTokens'),
      invocations: inBucket.length,
      p50Ms: percentile(latencies, 50),
      p95Ms: percentile(latencies, 95),
    });
  }

  return {
    period: options.period,
    groupBy: options.groupBy,
    from,
    to,
    bucketMs,
    rows,
    total: summarize('total', inWindow, options.prices),
    series,
  };
}

function summarize(key: string, records: readonly UsageRecord[], prices: PriceTable): UsageRow {
  // Latency percentiles describe answered calls; failures are counted separately.
  const latencies = records.filter((r) => r.outcome === 'ok').map((r) => r.latencyMs);
  let cost = 0;
  let unpricedCalls = 0;
  for (const r of records) {
    const c = callCost(r.modelId, r, prices);
    if (c === undefined) unpricedCalls += 1;
    else cost += c;
  }
  return {
    key,
    invocations: records.length,
    inputTokens: sum(records, 'inputTokens'),
    outputTokens: sum(records, 'outputTokens'),
    p50Ms: percentile(latencies, 50),
    p95Ms: percentile(latencies, 95),
    errors: records.filter((r) => r.outcome === 'error').length,
    throttles: records.filter((r) => r.outcome === 'throttled').length,
    cost,
    unpricedCalls,
  };
}

function sum(records: readonly UsageRecord[], field: 'inputTokens' | 'outputTokens'): number {
  return records.reduce((total, r) => total + r[field], 0);
}

export type UsageArgs =
  | { ok: true; period: UsagePeriod; groupBy: UsageGrouping }
  | { ok: false; problem: string };

export const USAGE_SYNTAX = 'usage [24h|7d|30d] [by user|channel|model]';

/** `/bedrock usage [24h|7d|30d] [by user|channel|model]`, in any order; defaults 24h by model. */
export function parseUsageArgs(text: string): UsageArgs {
  const words = text.trim().toLowerCase().split(/\s+/).filter(Boolean);
  let period: UsagePeriod = '24h';
  let groupBy: UsageGrouping = 'model';
  for (let i = 0; i < words.length; i += 1) {
    const word = words[i] ?? '';
    if (word === '24h' || word === '7d' || word === '30d') period = word;
    else if (word === 'by') {
      const next = words[i + 1];
      if (next !== 'user' && next !== 'channel' && next !== 'model') {
        return {
          ok: false,
          problem: `\`by\` needs \`user\`, \`channel\` or \`model\`${next ? `, not \`${clean(next)}\`` : ''}.`,
        };
      }
      groupBy = next;
      i += 1;
    } else {
      return {
        ok: false,
        problem: `\`${clean(word)}\` is not a period (24h, 7d, 30d) or a grouping (by user|channel|model).`,
      };
    }
  }
  return { ok: true, period, groupBy };
}

const clean = (word: string) => word.replace(/[`<>&*_~]/g, '').slice(0, 30);
