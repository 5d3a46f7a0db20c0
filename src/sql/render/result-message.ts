import type { KnownBlock } from '@slack/types';
import type { QueryResult } from '../sample/run-query.js';
import { codeBlock, plural } from './mrkdwn-text.js';
import { previewTable } from './result-table.js';

/** The thread message for a sample run: a summary line and the first rows as a table. */
export function resultMessage(result: QueryResult, maxRows: number): { text: string; blocks: KnownBlock[] } {
  const count = result.rows.length;
  if (count === 0) {
    const text = `The query returned no rows (${result.elapsedMs} ms on the SQLite sample database).`;
    return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `:bar_chart: ${text}` } }] };
  }
  const preview = previewTable(result.columns, result.rows);
  const total = result.truncated
    ? `more than ${maxRows.toLocaleString('en-US')} rows (stopped at the cap)`
    : plural(count, 'row');
  const shown = preview.rowsShown < count ? `, first ${preview.rowsShown} shown` : '';
  const summary = `:bar_chart: *Result on the sample database:* ${total}${shown} · ${result.elapsedMs} ms. Full result in \`result.csv\`.`;
  return {
    text: `Result: ${total}`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: summary } },
      { type: 'section', text: { type: 'mrkdwn', text: codeBlock(preview.text) } },
    ],
  };
}
