import type { Cell } from '../sample/run-query.js';

/**
 * RFC 4180 CSV: CRLF line ends, fields with a comma, quote, CR or LF (or edge spaces) quoted, quotes
 * doubled, NULL as an empty field. Text that a spreadsheet would run as a formula (=, +, -, @, tab, CR
 * at the start) is prefixed with a single quote; numbers are written as they are.
 */
export function toCsv(columns: readonly string[], rows: ReadonlyArray<ReadonlyArray<Cell>>): string {
  const lines = [columns.map((c) => field(c)).join(',')];
  for (const row of rows) lines.push(row.map(field).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

function field(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
