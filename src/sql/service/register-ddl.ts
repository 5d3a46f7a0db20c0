import { DIALECTS, type Dialect, dialectLabel } from '../dialects.js';
import { escapeText } from '../render/mrkdwn-text.js';
import { type DdlProblem, parseDdl } from '../schema/parse-ddl.js';
import type { RegisteredSchema, SchemaSource } from '../sql-schema.js';

export type DdlRegistration =
  | { ok: true; schema: RegisteredSchema; ignoredStatements: number }
  | { ok: false; problem: DdlProblem; parsesAs: Dialect | undefined; ddl: string };

/** Parses DDL for registration; on failure also finds a dialect it would parse in, as a hint. */
export function registerDdl(
  ddl: string,
  dialect: Dialect,
  source: SchemaSource,
  fileName?: string,
): DdlRegistration {
  const parsed = parseDdl(ddl, dialect);
  if (parsed.ok) {
    return {
      ok: true,
      schema: { source, dialect, ddl, schema: parsed.schema, ...(fileName ? { fileName } : {}) },
      ignoredStatements: parsed.ignoredStatements,
    };
  }
  const others = (Object.keys(DIALECTS) as Dialect[]).filter((d) => d !== dialect);
  const parsesAs = parsed.problem.message.startsWith('no CREATE')
    ? undefined
    : others.find((d) => parseDdl(ddl, d).ok);
  return { ok: false, problem: parsed.problem, parsesAs, ddl };
}

/** "The DDL does not parse as PostgreSQL: line 3, column 14: unexpected `,`" plus the line and a hint. */
export function describeDdlFailure(
  failure: Extract<DdlRegistration, { ok: false }>,
  what: string,
  dialect: Dialect,
  suggestDialect: boolean,
): string {
  const { problem, parsesAs } = failure;
  const where = problem.statement === '' ? '' : ` at line ${problem.line}, column ${problem.column}`;
  const lines = [
    `:warning: ${what} does not parse as ${dialectLabel(dialect)}${where}: ${escapeText(problem.message)}.`,
  ];
  const sourceLine = failure.ddl.split('\n')[problem.line - 1];
  if (problem.statement !== '' && sourceLine !== undefined) {
    const caret = `${' '.repeat(Math.max(0, Math.min(problem.column - 1, 100)))}^`;
    lines.push(`\`\`\`\n${escapeText(sourceLine.slice(0, 120))}\n${caret}\n\`\`\``);
  }
  if (parsesAs && suggestDialect) {
    lines.push(
      `It does parse as ${dialectLabel(parsesAs)}: run \`/sql dialect ${parsesAs}\` first, or put the dialect before the DDL (\`/sql schema ${parsesAs} CREATE TABLE …\`).`,
    );
  } else if (parsesAs) {
    lines.push(`It parses as ${dialectLabel(parsesAs)}.`);
  }
  lines.push('Nothing was changed.');
  return lines.join('\n');
}
