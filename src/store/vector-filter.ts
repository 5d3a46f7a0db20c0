import { StrataError } from '../errors.js';

/**
 * SQL predicates for the vector store, built only from values that match Slack's id and ts shapes,
 * so nothing a user typed can change a filter.
 */

const CHANNEL_ID = /^[CDG][A-Z0-9]{2,30}$/;
const SLACK_TS = /^\d{1,12}\.\d{1,6}$/;

export function isChannelId(value: string): boolean {
  return CHANNEL_ID.test(value);
}

export function isSlackTs(value: string): boolean {
  return SLACK_TS.test(value);
}

function checked(value: string, pattern: RegExp, what: string): string {
  if (!pattern.test(value))
    throw new StrataError('internal', `refusing ${what} ${JSON.stringify(value)} in a filter`);
  return `'${value}'`;
}

export const channelLiteral = (channel: string): string => checked(channel, CHANNEL_ID, 'channel id');
export const tsLiteral = (ts: string): string => checked(ts, SLACK_TS, 'ts');

export function channelsIn(channels: readonly string[]): string {
  return `channel IN (${channels.map(channelLiteral).join(', ')})`;
}

export function tsIn(ts: readonly string[]): string {
  return `ts IN (${ts.map(tsLiteral).join(', ')})`;
}

/** Rows whose `sources` (space-delimited ts list) contain any of these messages. */
export function sourcesContain(ts: readonly string[]): string {
  return `(${ts.map((t) => `sources LIKE '% ${tsLiteral(t).slice(1, -1)} %'`).join(' OR ')})`;
}

export function encodeSources(sources: readonly string[]): string {
  return ` ${sources.join(' ')} `;
}

export function decodeSources(encoded: string): string[] {
  return encoded.split(' ').filter(Boolean);
}
