import type { SchemaTable, SqlSchema } from '../sql-schema.js';

export interface TableSelection {
  tables: SchemaTable[];
  /** Names of the tables left out, when the schema was too big to send whole. */
  omitted: string[];
}

export interface SelectionLimits {
  /** Send the whole schema when it has at most this many tables and fits the budget. */
  wholeSchemaTables: number;
  /** Most tables sent when selecting. */
  maxTables: number;
  /** Rough budget for the schema text in the prompt, in characters. */
  maxChars: number;
}

export const DEFAULT_SELECTION: SelectionLimits = { wholeSchemaTables: 25, maxTables: 12, maxChars: 24_000 };

/**
 * Picks the tables a question is most likely about: words of the question against table and column
 * names (singular/plural and snake_case aware), plus the tables the best matches reference or are
 * referenced by, so joins stay possible. Small schemas go whole.
 */
export function selectTables(
  schema: SqlSchema,
  question: string,
  limits: SelectionLimits = DEFAULT_SELECTION,
): TableSelection {
  const size = (t: SchemaTable) =>
    40 + t.columns.reduce((sum, c) => sum + c.name.length + c.type.length + 4, 0);
  const total = schema.tables.reduce((sum, t) => sum + size(t), 0);
  if (schema.tables.length <= limits.wholeSchemaTables && total <= limits.maxChars) {
    return { tables: schema.tables, omitted: [] };
  }
  const words = new Set(tokens(question));
  const scored = schema.tables
    .map((table, index) => ({ table, index, score: score(table, words) }))
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score || a.index - b.index);

  const chosen: SchemaTable[] = [];
  let used = 0;
  const add = (table: SchemaTable) => {
    if (chosen.includes(table) || chosen.length >= limits.maxTables) return;
    if (used + size(table) > limits.maxChars) return;
    chosen.push(table);
    used += size(table);
  };
  const seeds = scored.slice(0, Math.max(1, Math.ceil(limits.maxTables / 2)));
  for (const { table } of seeds) add(table);
  for (const { table } of seeds) for (const neighbour of neighbours(schema, table)) add(neighbour);
  for (const { table } of scored) add(table);
  if (chosen.length === 0) for (const table of schema.tables.slice(0, limits.maxTables)) add(table);

  const kept = schema.tables.filter((t) => chosen.includes(t));
  return { tables: kept, omitted: schema.tables.filter((t) => !chosen.includes(t)).map((t) => t.name) };
}

function score(table: SchemaTable, words: Set<string>): number {
  let total = 0;
  for (const part of tokens(table.name)) if (words.has(part)) total += 5;
  for (const column of table.columns) {
    for (const part of tokens(column.name)) {
      if (words.has(part) && part !== 'id') total += 1;
    }
  }
  return total;
}

function neighbours(schema: SqlSchema, table: SchemaTable): SchemaTable[] {
  const name = table.name.toLowerCase();
  const referenced = table.columns
    .map((c) => c.references?.table.toLowerCase())
    .filter((t): t is string => t !== undefined);
  return schema.tables.filter(
    (other) =>
      other !== table &&
      (referenced.includes(other.name.toLowerCase()) ||
        other.columns.some((c) => c.references?.table.toLowerCase() === name)),
  );
}

const stop = new Set([
  'the',
  'a',
  'an',
  'of',
  'per',
  'by',
  'for',
  'in',
  'on',
  'and',
  'or',
  'to',
  'how',
  'many',
  'what',
  'which',
  'who',
  'is',
  'are',
  'with',
  'each',
  'me',
  'show',
  'list',
  'all',
  'from',
  'that',
  'did',
  'do',
  'was',
  'were',
  'have',
  'has',
  'top',
  'most',
  'last',
]);

/** Lower-case word stems: `OrderItems`, `order_items`, "orders" → order, item(s). */
export function tokens(text: string): string[] {
  return text
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 1 && !stop.has(w))
    .map(singular);
}

function singular(word: string): string {
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (word.endsWith('sses')) return word.slice(0, -2);
  if (word.endsWith('s') && !word.endsWith('ss') && word.length > 3) return word.slice(0, -1);
  return word;
}
