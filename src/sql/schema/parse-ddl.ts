import { z } from 'zod';
import type { Dialect } from '../dialects.js';
import type { SchemaColumn, SchemaTable, SqlSchema } from '../sql-schema.js';
import { identifierName } from '../validate/identifiers.js';
import { parseSql } from '../validate/sql-parser.js';
import { type ScriptStatement, splitStatements } from './split-statements.js';

export const MAX_DDL_BYTES = 2_000_000;
export const MAX_TABLES = 1000;

export interface DdlProblem {
  line: number;
  column: number;
  message: string;
  /** The first line of the statement that failed, for context. */
  statement: string;
}

export type DdlResult =
  | { ok: true; schema: SqlSchema; ignoredStatements: number }
  | { ok: false; problem: DdlProblem };

const tableOrView =
  /^(?:create\s+(?:or\s+replace\s+)?(?:(?:global\s+|local\s+)?(?:temp|temporary)\s+|unlogged\s+|external\s+|materialized\s+)?(table|view))\b/i;

/**
 * Reads the tables and views out of a DDL script. CREATE TABLE / CREATE VIEW statements must parse in the
 * dialect (the error carries the line and column in the whole script); other statements (indexes,
 * comments, grants, SET …) are counted and skipped.
 */
export function parseDdl(ddl: string, dialect: Dialect): DdlResult {
  if (Buffer.byteLength(ddl) > MAX_DDL_BYTES) {
    return fail(
      { line: 1, column: 1, statement: '' },
      `the DDL is larger than ${MAX_DDL_BYTES / 1_000_000} MB`,
    );
  }
  const tables: SchemaTable[] = [];
  let ignoredStatements = 0;
  for (const statement of splitStatements(ddl)) {
    const kind = tableOrView.exec(stripLeadingComments(statement.text))?.[1]?.toLowerCase();
    if (kind === undefined) {
      ignoredStatements += 1;
      continue;
    }
    const parsed = parseSql(statement.text, dialect);
    if (!parsed.ok) {
      const { line, column, message } = parsed.problem;
      return fail(
        {
          line: statement.line + line - 1,
          column: line === 1 ? statement.column + column - 1 : column,
          statement: firstLine(statement),
        },
        message,
      );
    }
    const [ast] = parsed.statements;
    const table = toTable(ast, kind === 'view' ? 'view' : 'table');
    if (table === undefined) {
      return fail({ ...statement, statement: firstLine(statement) }, `could not read the ${kind} definition`);
    }
    const existing = tables.findIndex((t) => t.name.toLowerCase() === table.name.toLowerCase());
    if (existing >= 0) tables.splice(existing, 1, table);
    else tables.push(table);
    if (tables.length > MAX_TABLES) {
      return fail(
        { ...statement, statement: firstLine(statement) },
        `more than ${MAX_TABLES} tables; register only the part of the schema people ask about`,
      );
    }
  }
  if (tables.length === 0) {
    return fail({ line: 1, column: 1, statement: '' }, 'no CREATE TABLE or CREATE VIEW statement found');
  }
  return { ok: true, schema: { tables }, ignoredStatements };
}

function fail(at: Omit<DdlProblem, 'message'>, message: string): DdlResult {
  return { ok: false, problem: { ...at, message } };
}

function firstLine(statement: ScriptStatement): string {
  const line = statement.text.split('\n')[0] ?? '';
  return line.length > 80 ? `${line.slice(0, 79)}…` : line;
}

function stripLeadingComments(text: string): string {
  let rest = text;
  for (;;) {
    const trimmed = rest.trimStart();
    if (trimmed.startsWith('--')) rest = trimmed.slice(trimmed.indexOf('\n') + 1 || trimmed.length);
    else if (trimmed.startsWith('/*')) rest = trimmed.slice(trimmed.indexOf('*/') + 2 || trimmed.length);
    else return trimmed;
  }
}

const tableRef = z.object({ db: z.string().nullish(), table: z.string() });
const columnDefinition = z.object({
  resource: z.literal('column'),
  column: z.object({ column: z.unknown() }),
  definition: z
    .object({
      dataType: z.string(),
      length: z.number().nullish(),
      scale: z.number().nullish(),
      suffix: z.array(z.unknown()).nullish(),
    })
    .nullish(),
  primary_key: z.unknown().optional(),
  nullable: z.object({ type: z.string() }).nullish(),
  reference_definition: z
    .object({ table: z.array(tableRef), definition: z.array(z.object({ column: z.unknown() })) })
    .nullish(),
});
const constraintDefinition = z.object({
  resource: z.literal('constraint'),
  constraint_type: z.string().nullish(),
  definition: z.array(z.object({ column: z.unknown() })).nullish(),
  reference_definition: z
    .object({ table: z.array(tableRef), definition: z.array(z.object({ column: z.unknown() })) })
    .nullish(),
});
const createTable = z.object({
  table: z.array(tableRef).min(1),
  create_definitions: z.array(z.unknown()).nullish(),
  query_expr: z.object({ columns: z.unknown() }).nullish(),
});
const createView = z.object({
  view: z.object({ db: z.string().nullish(), view: z.string() }),
  select: z.object({ columns: z.unknown() }).nullish(),
});
const selectColumn = z.object({
  expr: z.object({ type: z.string(), column: z.unknown().optional() }),
  as: z.unknown(),
});

function toTable(ast: unknown, kind: 'table' | 'view'): SchemaTable | undefined {
  if (kind === 'view') {
    const view = createView.safeParse(ast);
    if (!view.success) return undefined;
    const columns = selectColumns(view.data.select?.columns);
    return {
      name: view.data.view.view,
      ...(view.data.view.db ? { qualifier: view.data.view.db } : {}),
      kind,
      columns: columns ?? [],
      columnsKnown: columns !== undefined,
    };
  }
  const parsed = createTable.safeParse(ast);
  if (!parsed.success) return undefined;
  const [ref] = parsed.data.table;
  if (ref === undefined) return undefined;
  const base = { name: ref.table, ...(ref.db ? { qualifier: ref.db } : {}), kind };
  if (parsed.data.query_expr) {
    const columns = selectColumns(parsed.data.query_expr.columns);
    return { ...base, columns: columns ?? [], columnsKnown: columns !== undefined };
  }
  return { ...base, columns: tableColumns(parsed.data.create_definitions ?? []), columnsKnown: true };
}

function tableColumns(definitions: unknown[]): SchemaColumn[] {
  const columns: SchemaColumn[] = [];
  for (const definition of definitions) {
    const column = columnDefinition.safeParse(definition);
    if (!column.success) continue;
    const name = identifierName(column.data.column.column);
    if (name === undefined) continue;
    const reference = column.data.reference_definition;
    const referenced = reference ? referenceOf(reference) : undefined;
    columns.push({
      name,
      type: typeName(column.data.definition),
      ...(column.data.primary_key ? { primaryKey: true } : {}),
      ...(column.data.nullable?.type === 'not null' ? { notNull: true } : {}),
      ...(referenced ? { references: referenced } : {}),
    });
  }
  for (const definition of definitions) {
    const constraint = constraintDefinition.safeParse(definition);
    if (!constraint.success) continue;
    const type = constraint.data.constraint_type?.toLowerCase();
    const names = (constraint.data.definition ?? []).map((d) => identifierName(d.column));
    const targets = columns.filter((c) => names.some((n) => n?.toLowerCase() === c.name.toLowerCase()));
    if (type === 'primary key') for (const target of targets) target.primaryKey = true;
    const reference = constraint.data.reference_definition;
    if (type === 'foreign key' && reference && targets.length === 1 && targets[0]) {
      const referenced = referenceOf(reference);
      if (referenced) targets[0].references = referenced;
    }
  }
  return columns;
}

function referenceOf(reference: {
  table: z.infer<typeof tableRef>[];
  definition: { column: unknown }[];
}): SchemaColumn['references'] {
  const table = reference.table[0]?.table;
  const column = identifierName(reference.definition[0]?.column);
  return table && column ? { table, column } : undefined;
}

function typeName(definition: z.infer<typeof columnDefinition>['definition']): string {
  if (!definition) return '';
  const size =
    definition.length === undefined || definition.length === null
      ? ''
      : `(${definition.length}${definition.scale === undefined || definition.scale === null ? '' : `,${definition.scale}`})`;
  const suffix = (definition.suffix ?? []).filter((s): s is string => typeof s === 'string').join(' ');
  return `${definition.dataType}${size}${suffix ? ` ${suffix}` : ''}`;
}

/** Output column names of a SELECT list; undefined when it has a `*` (names unknown without resolving). */
function selectColumns(columns: unknown): SchemaColumn[] | undefined {
  if (!Array.isArray(columns)) return undefined;
  const result: SchemaColumn[] = [];
  for (const entry of columns) {
    const column = selectColumn.safeParse(entry);
    if (!column.success) return undefined;
    const alias = identifierName(column.data.as);
    const source =
      column.data.expr.type === 'column_ref' ? identifierName(column.data.expr.column) : undefined;
    if (source === '*') return undefined;
    const name = alias ?? source;
    if (name === undefined) continue;
    result.push({ name, type: '' });
  }
  return result;
}
