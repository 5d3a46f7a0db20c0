import type { Cell } from '../sample/run-query.js';

export interface TablePreview {
  /** A monospaced table, without the surrounding code fence. */
  text: string;
  rowsShown: number;
}

export interface PreviewLimits {
  maxRows: number;
  maxChars: number;
  maxCellChars: number;
}

export const SLACK_PREVIEW: PreviewLimits = { maxRows: 15, maxChars: 2_600, maxCellChars: 40 };

/**
 * The first rows as an aligned plain-text table that fits one Slack section block (3,000 characters
 * including the fence). Cells are cut at maxCellChars; rows stop where the budget runs out.
 */
export function previewTable(
  columns: readonly string[],
  rows: ReadonlyArray<ReadonlyArray<Cell>>,
  limits: PreviewLimits = SLACK_PREVIEW,
): TablePreview {
  const show = (value: Cell) =>
    clip(value === null ? 'NULL' : String(value).replace(/\s+/g, ' '), limits.maxCellChars);
  const header = columns.map((c) => clip(c, limits.maxCellChars));
  let taken = rows.slice(0, limits.maxRows).map((row) => row.map(show));
  for (;;) {
    const text = layout(header, taken, rows);
    if (text.length <= limits.maxChars || taken.length === 0) {
      return {
        text: text.length <= limits.maxChars ? text : text.slice(0, limits.maxChars),
        rowsShown: taken.length,
      };
    }
    taken = taken.slice(0, -1);
  }
}

function layout(header: string[], rows: string[][], all: ReadonlyArray<ReadonlyArray<Cell>>): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const numeric = header.map((_, i) =>
    all.slice(0, rows.length).every((r) => typeof r[i] === 'number' || r[i] === null),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (numeric[i] ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
      .join(' | ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('-+-');
  return [line(header), rule, ...rows.map((r) => line(r))].join('\n');
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
