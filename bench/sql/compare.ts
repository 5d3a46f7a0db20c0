import type Database from 'better-sqlite3';
import type { Cell } from '../../src/sql/sample/run-query.js';

const norm = (c: Cell) => (typeof c === 'number' ? Math.round(c * 100) / 100 : c);
const rowsKey = (rows: ReadonlyArray<ReadonlyArray<Cell>>) =>
  rows.map((row) => JSON.stringify(row.map(norm))).sort();
const columnKey = (rows: ReadonlyArray<ReadonlyArray<Cell>>, index: number) =>
  rows
    .map((row) => JSON.stringify(norm(row[index] ?? null)))
    .sort()
    .join('\n');

/**
 * Execution match: the same rows as gold (order ignored, numbers to 2 decimals, names ignored). The
 * generated result may carry extra columns (a name beside an id): each gold column must map to one of
 * its columns, and the rows projected onto those columns must equal gold's as a multiset.
 */
export function sameResult(
  generated: ReadonlyArray<ReadonlyArray<Cell>>,
  gold: ReadonlyArray<ReadonlyArray<Cell>>,
): boolean {
  if (generated.length !== gold.length) return false;
  if (gold.length === 0) return true;
  const goldWidth = gold[0]?.length ?? 0;
  const width = generated[0]?.length ?? 0;
  const used = new Set<number>();
  const mapping: number[] = [];
  for (let j = 0; j < goldWidth; j += 1) {
    const wanted = columnKey(gold, j);
    const match = Array.from({ length: width }, (_, k) => k).find(
      (k) => !used.has(k) && columnKey(generated, k) === wanted,
    );
    if (match === undefined) return false;
    used.add(match);
    mapping.push(match);
  }
  const projected = generated.map((row) => mapping.map((k) => row[k] ?? null));
  const left = rowsKey(projected);
  const right = rowsKey(gold);
  return left.every((row, i) => row === right[i]);
}

/** In-process execution, for gold queries and as the baseline of the process-isolated runner. */
export function runInProcess(db: Database.Database, sql: string): Cell[][] {
  return db.prepare(sql).raw(true).all() as Cell[][];
}
