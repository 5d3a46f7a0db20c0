import type { KnownBlock } from '@slack/types';
import { baseModelId } from '../../bedrock/catalog.js';
import { formatUsd } from '../cost.js';
import type { UsageReport, UsageRow } from '../usage-report.js';
import type { SlackMessage } from './finetune-messages.js';

const MAX_ROWS = 15;
const KEY_WIDTH = 32;

const n = (value: number) => value.toLocaleString('en-US');
const ms = (value: number | undefined) =>
  value === undefined ? '—' : value < 1000 ? `${Math.round(value)}ms` : `${(value / 1000).toFixed(1)}s`;
const stamp = (at: Date) => at.toISOString().slice(0, 16).replace('T', ' ');
const clip = (label: string) => (label.length > KEY_WIDTH ? `${label.slice(0, KEY_WIDTH - 1)}…` : label);

/** Volume and cost: who or what used how much. */
const volume = (label: string, row: UsageRow) => [
  clip(label),
  n(row.invocations),
  n(row.inputTokens),
  n(row.outputTokens),
  `${formatUsd(row.cost)}${row.unpricedCalls > 0 ? '*' : ''}`,
];

/** Health: how fast, how often it failed. */
const health = (label: string, row: UsageRow) => [
  clip(label),
  ms(row.p50Ms),
  ms(row.p95Ms),
  n(row.errors),
  n(row.throttles),
];

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  const line = (r: string[]) =>
    r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ');
  return `\`\`\`\n${rows.map(line).join('\n')}\n\`\`\``;
}

/**
 * The usage report as two narrow tables (they stay readable on a phone): calls, tokens in/out and
 * estimated cost; then p50/p95 latency, errors and throttles. Top rows plus the total.
 */
export function usageMessage(
  report: UsageReport,
  labels: ReadonlyMap<string, string> = new Map(),
): SlackMessage {
  const heading = `*Usage — last ${report.period}, by ${report.groupBy}* (${stamp(report.from)} → ${stamp(report.to)} UTC)`;
  if (report.total.invocations === 0) {
    return { text: `${heading}\nNo model calls in this period.` };
  }
  const shown = report.rows.slice(0, MAX_ROWS);
  const rest = report.rows.length - shown.length;
  const label = (key: string) =>
    labels.get(key) ?? (report.groupBy === 'model' ? baseModelId(key).replace(/^[a-z0-9-]+\./, '') : key);
  const build = (header: string[], cells: (label: string, row: UsageRow) => string[]) => [
    header,
    ...shown.map((row) => cells(label(row.key), row)),
    ...(rest > 0 ? [[`(${rest} more)`, '', '', '', '']] : []),
    cells('total', report.total),
  ];
  const notes = [
    'Latency percentiles cover answered calls. Cost is an estimate from the configured price table (`STRATA_PRICES`).',
    report.total.unpricedCalls > 0
      ? `* ${n(report.total.unpricedCalls)} calls used models without a price and are not in the cost.`
      : '',
  ].filter(Boolean);
  const blocks: KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: heading } },
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: table(build([report.groupBy, 'calls', 'tokens in', 'tokens out', 'est. cost'], volume)),
      },
    },
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: table(build([report.groupBy, 'p50', 'p95', 'errors', 'throttles'], health)),
      },
    },
    { type: 'context', elements: [{ type: 'mrkdwn', text: notes.join('\n') }] },
  ];
  return {
    text: `${heading}\n${n(report.total.invocations)} calls, ${n(report.total.inputTokens)} tokens in, ${n(report.total.outputTokens)} tokens out, est. ${formatUsd(report.total.cost)}`,
    blocks,
  };
}
