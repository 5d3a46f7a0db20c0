import nodeSqlParser from 'node-sql-parser';

const { Parser } = nodeSqlParser;
const parser = new Parser();

const parserNames: Record<string, string> = {
  postgresql: 'postgresql',
  mysql: 'mysql',
  sqlite: 'sqlite',
  redshift: 'redshift',
  athena: 'athena',
  trino: 'trino',
  snowflake: 'snowflake',
};

type Node = Record<string, unknown>;
const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null;

/**
 * A structural walk-through of a query, read from its syntax tree: the local stand-in's "Explain". It
 * describes what the query says, clause by clause; it does not guess intent.
 */
export function explainStructure(sql: string, dialect: string): string {
  let ast: unknown;
  try {
    ast = parser.astify(sql, { database: parserNames[dialect] ?? 'postgresql' });
  } catch {
    return "- I could not parse this query, so I can't walk through it.";
  }
  const statement = Array.isArray(ast) ? ast[0] : ast;
  if (!isNode(statement) || statement.type !== 'select')
    return '- This is not a SELECT query; I only walk through SELECTs.';
  const lines: string[] = [];
  const expr = (node: unknown) => {
    try {
      return `\`${parser
        .exprToSQL(node, { database: parserNames[dialect] ?? 'postgresql' })
        .replace(/`/g, '')
        .replace(/"([A-Za-z_][A-Za-z0-9_]*)"/g, '$1')}\``;
    } catch {
      return 'an expression';
    }
  };
  if (Array.isArray(statement.with) && statement.with.length > 0) {
    const names = statement.with.map((w) => (isNode(w) && isNode(w.name) ? String(w.name.value) : '?'));
    lines.push(
      `- First builds ${names.length === 1 ? 'a helper result' : 'helper results'} named ${names.map((n) => `\`${n}\``).join(', ')}.`,
    );
  }
  const from = Array.isArray(statement.from) ? statement.from.filter(isNode) : [];
  const [base, ...joins] = from;
  if (base) lines.push(`- Reads rows from ${source(base)}.`);
  for (const join of joins) {
    const kind = typeof join.join === 'string' ? join.join.toUpperCase() : 'JOIN';
    const keep = kind.startsWith('LEFT') ? ' (keeping rows that have no match)' : '';
    lines.push(
      `- ${kind === 'JOIN' || kind === 'INNER JOIN' ? 'Joins' : `Joins (${kind})`} ${source(join)}${join.on ? ` where ${expr(join.on)}` : ''}${keep}.`,
    );
  }
  if (statement.where) lines.push(`- Keeps only rows where ${expr(statement.where)}.`);
  const groupBy =
    isNode(statement.groupby) && Array.isArray(statement.groupby.columns) ? statement.groupby.columns : [];
  if (groupBy.length > 0)
    lines.push(`- Groups the rows by ${groupBy.map(expr).join(', ')}, one result row per group.`);
  if (statement.having) lines.push(`- Keeps only groups where ${expr(statement.having)}.`);
  const columns = Array.isArray(statement.columns) ? statement.columns.filter(isNode) : [];
  if (columns.length > 0) {
    const shown = columns.map((c) =>
      typeof c.as === 'string' ? `\`${c.as}\` (${expr(c.expr)})` : expr(c.expr),
    );
    lines.push(`- Returns ${shown.join(', ')}.`);
  }
  const orderBy = Array.isArray(statement.orderby) ? statement.orderby.filter(isNode) : [];
  if (orderBy.length > 0) {
    lines.push(
      `- Sorts by ${orderBy.map((o) => `${expr(o.expr)}${o.type === 'DESC' ? ' (highest first)' : ''}`).join(', ')}.`,
    );
  }
  const limit =
    isNode(statement.limit) && Array.isArray(statement.limit.value)
      ? statement.limit.value.filter(isNode)
      : [];
  if (limit[0] && typeof limit[0].value === 'number') lines.push(`- Returns at most ${limit[0].value} rows.`);
  return lines.join('\n');
}

function source(node: Node): string {
  const alias = typeof node.as === 'string' ? ` (as \`${node.as}\`)` : '';
  if (typeof node.table === 'string') return `\`${node.table}\`${alias}`;
  return `a subquery${alias}`;
}
