import nodeSqlParser, { type AST } from 'node-sql-parser';
import { DIALECTS, type Dialect } from '../dialects.js';

const { Parser } = nodeSqlParser;
const parser = new Parser();

export interface SqlPosition {
  line: number;
  column: number;
}

export interface SyntaxProblem extends SqlPosition {
  /** e.g. `unexpected "UPDATE"` or `unexpected end of input`. */
  message: string;
}

export type ParseResult =
  | { ok: true; statements: AST[]; tableList: string[]; columnList: string[] }
  | { ok: false; problem: SyntaxProblem };

/** Parses SQL with node-sql-parser's grammar for the dialect. Never throws. */
export function parseSql(sql: string, dialect: Dialect): ParseResult {
  try {
    const result = parser.parse(sql, { database: DIALECTS[dialect].parser });
    const statements = (Array.isArray(result.ast) ? result.ast : [result.ast]).filter(
      (statement): statement is AST => statement !== null && statement !== undefined,
    );
    return { ok: true, statements, tableList: result.tableList, columnList: result.columnList };
  } catch (error) {
    return { ok: false, problem: syntaxProblem(sql, error) };
  }
}

/** node-sql-parser throws a peg.js SyntaxError with a location; anything else has no position. */
function syntaxProblem(sql: string, error: unknown): SyntaxProblem {
  const location = readLocation(error);
  if (location === undefined) {
    const message = error instanceof Error ? error.message : String(error);
    return { line: 1, column: 1, message: message.slice(0, 200) };
  }
  const rest = sql.slice(location.offset);
  const token = /^\s*$/.test(rest) ? undefined : (/^[\p{L}\p{N}_$]+|^\S/u.exec(rest)?.[0] ?? undefined);
  return {
    line: location.line,
    column: location.column,
    message: token === undefined ? 'unexpected end of input' : `unexpected \`${token}\``,
  };
}

function readLocation(error: unknown): { offset: number; line: number; column: number } | undefined {
  if (typeof error !== 'object' || error === null || !('location' in error)) return undefined;
  const { location } = error;
  if (typeof location !== 'object' || location === null || !('start' in location)) return undefined;
  const { start } = location;
  if (typeof start !== 'object' || start === null) return undefined;
  const { offset, line, column } = start as Record<string, unknown>;
  if (typeof offset !== 'number' || typeof line !== 'number' || typeof column !== 'number') return undefined;
  return { offset, line, column };
}
