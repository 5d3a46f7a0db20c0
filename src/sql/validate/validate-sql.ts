import { type Dialect, dialectLabel } from '../dialects.js';
import { findColumn, findTable, type SchemaTable, type SqlSchema } from '../sql-schema.js';
import { type AstFacts, collectFacts } from './ast-facts.js';
import { forbiddenFunction } from './forbidden-functions.js';
import { closest } from './identifiers.js';
import { parseSql } from './sql-parser.js';

export type ProblemKind =
  | 'empty'
  | 'syntax'
  | 'multiple_statements'
  | 'not_read_only'
  | 'unknown_table'
  | 'unknown_column'
  | 'forbidden_function';

export interface ValidationProblem {
  kind: ProblemKind;
  /** One line a person can act on, e.g. "unknown column `orders.total` (did you mean `orders.total_amount`?)". */
  message: string;
  line?: number;
  column?: number;
}

export type StatementKind = 'select' | 'insert' | 'update' | 'delete';

export type Validation =
  | { ok: true; kind: StatementKind; readOnly: boolean; tables: string[] }
  | { ok: false; problems: ValidationProblem[] };

export interface ValidationRules {
  dialect: Dialect;
  schema: SqlSchema;
  /** Channels whose admin allowed writes accept one INSERT / UPDATE / DELETE; DDL never. */
  allowWrites: boolean;
}

const writeKinds = new Set(['insert', 'update', 'delete', 'replace']);

/**
 * Accepts exactly one statement that parses in the channel's dialect, is a SELECT (or, where an admin
 * allowed writes, one DML statement), calls no side-effecting function, and names only tables and
 * columns of the schema.
 */
export function validateSql(sql: string, rules: ValidationRules): Validation {
  if (sql.trim() === '') return fail({ kind: 'empty', message: 'the query is empty' });
  const parsed = parseSql(sql, rules.dialect);
  if (!parsed.ok) {
    const { line, column, message } = parsed.problem;
    return fail({
      kind: 'syntax',
      message: `${dialectLabel(rules.dialect)} syntax error at line ${line}, column ${column}: ${message}`,
      line,
      column,
    });
  }
  const { statements } = parsed;
  if (statements.length === 0) return fail({ kind: 'empty', message: 'the query has no statement' });
  if (statements.length > 1) {
    return fail({
      kind: 'multiple_statements',
      message: `${statements.length} statements found; only one query may run at a time`,
    });
  }
  const [statement] = statements;
  const type = String(statement?.type ?? 'unknown').toLowerCase();
  const kindProblem = statementKindProblem(type, rules.allowWrites);
  if (kindProblem) return fail(kindProblem);

  const facts = collectFacts(statement);
  const problems: ValidationProblem[] = [];
  const writers = parsed.tableList.filter((entry) => !entry.startsWith('select::'));
  if (type === 'select' && writers.length > 0) {
    problems.push({ kind: 'not_read_only', message: 'the query contains a statement that changes data' });
  }
  if (facts.selectInto) {
    problems.push({
      kind: 'not_read_only',
      message: '`SELECT … INTO` writes a table or file; only plain SELECT is allowed',
    });
  }
  if (facts.locking) {
    problems.push({
      kind: 'not_read_only',
      message: '`FOR UPDATE` / share locks block writers; remove the locking clause',
    });
  }
  for (const name of facts.functions) {
    const reason = forbiddenFunction(name);
    if (reason)
      problems.push({ kind: 'forbidden_function', message: `\`${name}()\` ${reason}; it is not allowed` });
  }
  problems.push(...referenceProblems(parsed.tableList, parsed.columnList, facts, rules.schema));
  if (problems.length > 0) return { ok: false, problems };

  const tables = [...new Set(parsed.tableList.map((entry) => entry.split('::')[2] ?? ''))].filter(
    (name) => name !== '' && !facts.relations.has(name.toLowerCase()),
  );
  const kind = (type === 'replace' ? 'insert' : type) as StatementKind;
  return { ok: true, kind, readOnly: kind === 'select', tables };
}

/** The problems as one line each, for the model's correction prompt and for people. */
export function describeProblems(problems: readonly ValidationProblem[]): string {
  return problems.map((p) => `- ${p.message}`).join('\n');
}

function fail(problem: ValidationProblem): Validation {
  return { ok: false, problems: [problem] };
}

function statementKindProblem(type: string, allowWrites: boolean): ValidationProblem | undefined {
  if (type === 'select') return undefined;
  const statement = `\`${type.toUpperCase()}\``;
  if (writeKinds.has(type)) {
    if (allowWrites) return undefined;
    return {
      kind: 'not_read_only',
      message: `${statement} changes data; this channel only allows read-only SELECT queries`,
    };
  }
  return {
    kind: 'not_read_only',
    message: `${statement} statements are never run; only a single SELECT${allowWrites ? ' or INSERT/UPDATE/DELETE' : ''} is allowed`,
  };
}

function referenceProblems(
  tableList: readonly string[],
  columnList: readonly string[],
  facts: AstFacts,
  schema: SqlSchema,
): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const known = schema.tables.map((t) => t.name);
  const inScope: SchemaTable[] = [];
  for (const entry of tableList) {
    const name = entry.split('::')[2] ?? '';
    if (name === '' || facts.relations.has(name.toLowerCase())) continue;
    const table = findTable(schema, name);
    if (table) {
      if (!inScope.includes(table)) inScope.push(table);
      continue;
    }
    const hint = closest(name, known);
    const message = `unknown table \`${name}\`${hint ? ` (did you mean \`${hint}\`?)` : ''}`;
    if (!problems.some((p) => p.message === message)) problems.push({ kind: 'unknown_table', message });
  }
  if (problems.length > 0) return problems;

  for (const entry of columnList) {
    const [, owner = 'null', column = ''] = entry.split('::');
    if (column === '' || column === '(.*)' || column === '*') continue;
    const problem =
      owner === 'null'
        ? unqualifiedProblem(column, inScope, facts)
        : qualifiedProblem(owner, column, schema, facts);
    if (problem && !problems.some((p) => p.message === problem)) {
      problems.push({
        kind: problem.startsWith('unknown table') ? 'unknown_table' : 'unknown_column',
        message: problem,
      });
    }
  }
  return problems;
}

function qualifiedProblem(
  owner: string,
  column: string,
  schema: SqlSchema,
  facts: AstFacts,
): string | undefined {
  const key = owner.toLowerCase();
  if (facts.relations.has(key)) {
    const columns = facts.relations.get(key);
    if (columns === undefined || columns.has(column.toLowerCase())) return undefined;
    return `unknown column \`${owner}.${column}\`; \`${owner}\` has ${[...columns].map((c) => `\`${c}\``).join(', ')}`;
  }
  const table = findTable(schema, owner);
  if (table === undefined) return `unknown table or alias \`${owner}\` (used in \`${owner}.${column}\`)`;
  if (!table.columnsKnown || findColumn(table, column)) return undefined;
  const hint = closest(
    column,
    table.columns.map((c) => c.name),
  );
  return `unknown column \`${table.name}.${column}\`${hint ? ` (did you mean \`${table.name}.${hint}\`?)` : `; \`${table.name}\` has ${listColumns(table)}`}`;
}

function unqualifiedProblem(column: string, inScope: SchemaTable[], facts: AstFacts): string | undefined {
  const key = column.toLowerCase();
  if (facts.outputAliases.has(key)) return undefined;
  if (inScope.some((t) => !t.columnsKnown || findColumn(t, column))) return undefined;
  for (const columns of facts.relations.values()) {
    if (columns === undefined || columns.has(key)) return undefined;
  }
  const candidates = inScope.flatMap((t) => t.columns.map((c) => c.name));
  const hint = closest(column, candidates);
  const where = inScope.length > 0 ? ` in ${inScope.map((t) => `\`${t.name}\``).join(', ')}` : '';
  return `unknown column \`${column}\`${where}${hint ? ` (did you mean \`${hint}\`?)` : ''}`;
}

function listColumns(table: SchemaTable): string {
  const names = table.columns.map((c) => `\`${c.name}\``);
  return names.length > 12 ? `${names.slice(0, 12).join(', ')}, …` : names.join(', ');
}
