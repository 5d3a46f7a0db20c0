import type { Dialect } from './dialects.js';

/** A database schema as Strata understands it: tables (and views) with their columns. */
export interface SchemaColumn {
  name: string;
  /** As written in the DDL, e.g. `VARCHAR(100)`; empty when unknown (view columns). */
  type: string;
  primaryKey?: boolean;
  notNull?: boolean;
  references?: { table: string; column: string };
}

export interface SchemaTable {
  name: string;
  /** Schema / database qualifier from the DDL (`public` in `public.orders`). */
  qualifier?: string;
  kind: 'table' | 'view';
  columns: SchemaColumn[];
  /** false for views whose columns could not be derived (`SELECT *`): their columns are not checked. */
  columnsKnown: boolean;
}

export interface SqlSchema {
  tables: SchemaTable[];
}

/** Where a channel's or thread's schema came from. */
export type SchemaSource = 'demo' | 'command' | 'file';

/** A registered schema: the parsed model plus the DDL it came from. */
export interface RegisteredSchema {
  source: SchemaSource;
  dialect: Dialect;
  ddl: string;
  schema: SqlSchema;
  /** File name for `file`, else undefined. */
  fileName?: string;
}

/** Case-insensitive table lookup (unquoted identifiers fold case in every supported dialect). */
export function findTable(schema: SqlSchema, name: string): SchemaTable | undefined {
  const key = name.toLowerCase();
  return schema.tables.find((t) => t.name.toLowerCase() === key);
}

export function findColumn(table: SchemaTable, name: string): SchemaColumn | undefined {
  const key = name.toLowerCase();
  return table.columns.find((c) => c.name.toLowerCase() === key);
}

export function tableNames(schema: SqlSchema): string[] {
  return schema.tables.map((t) => t.name);
}
