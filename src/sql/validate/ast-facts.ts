import { identifierName } from './identifiers.js';

/** What the validator needs to know about a parsed statement, gathered in one walk over the AST. */
export interface AstFacts {
  /** CTE names and derived-table aliases, each with its output column names (undefined = unknown). */
  relations: Map<string, Set<string> | undefined>;
  /** Every `AS` name given to a selected expression (usable in ORDER BY / HAVING). */
  outputAliases: Set<string>;
  /** Lower-cased function names called anywhere (last part of a qualified name). */
  functions: Set<string>;
  /** `SELECT … INTO` a table or file. */
  selectInto: boolean;
  /** `FOR UPDATE` / `LOCK IN SHARE MODE`. */
  locking: boolean;
}

type Node = Record<string, unknown>;

const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null;

export function collectFacts(ast: unknown): AstFacts {
  const facts: AstFacts = {
    relations: new Map(),
    outputAliases: new Set(),
    functions: new Set(),
    selectInto: false,
    locking: false,
  };
  walk(ast, facts);
  return facts;
}

function walk(value: unknown, facts: AstFacts): void {
  if (Array.isArray(value)) {
    for (const item of value) walk(item, facts);
    return;
  }
  if (!isNode(value)) return;
  visit(value, facts);
  for (const child of Object.values(value)) walk(child, facts);
}

function visit(node: Node, facts: AstFacts): void {
  if (node.type === 'function') {
    const parts = isNode(node.name) && Array.isArray(node.name.name) ? node.name.name : [node.name];
    const name = identifierName(parts.at(-1));
    if (name) facts.functions.add(name.toLowerCase());
  }
  if (node.type === 'aggr_func' && typeof node.name === 'string')
    facts.functions.add(node.name.toLowerCase());
  if (isNode(node.into) && node.into.expr !== undefined && node.into.expr !== null) facts.selectInto = true;
  if (truthy(node.locking_read) || truthy(node.for_update)) facts.locking = true;
  if (Array.isArray(node.columns) && node.type === 'select') {
    for (const column of node.columns) {
      const alias = isNode(column) ? identifierName(column.as) : undefined;
      if (alias) facts.outputAliases.add(alias.toLowerCase());
    }
  }
  if (Array.isArray(node.with)) {
    for (const cte of node.with) {
      if (!isNode(cte)) continue;
      const name = identifierName(cte.name);
      if (!name) continue;
      const declared = Array.isArray(cte.columns)
        ? namesOf(cte.columns.map((c) => (isNode(c) ? c.column : c)))
        : undefined;
      const statement = isNode(cte.stmt) ? cte.stmt.ast : undefined;
      facts.relations.set(name.toLowerCase(), declared ?? outputColumns(statement));
    }
  }
  if (Array.isArray(node.from)) {
    for (const source of node.from) {
      if (!isNode(source) || !isNode(source.expr)) continue;
      const alias = identifierName(source.as);
      if (alias && 'ast' in source.expr)
        facts.relations.set(alias.toLowerCase(), outputColumns(source.expr.ast));
    }
  }
}

function truthy(value: unknown): boolean {
  return value !== undefined && value !== null && value !== false && value !== '';
}

function namesOf(values: unknown[]): Set<string> | undefined {
  const names = new Set<string>();
  for (const value of values) {
    const name = identifierName(value);
    if (name === undefined) return undefined;
    names.add(name.toLowerCase());
  }
  return names;
}

/** Output column names of a SELECT; undefined when a `*` makes them unknown. */
function outputColumns(select: unknown): Set<string> | undefined {
  if (!isNode(select) || !Array.isArray(select.columns)) return undefined;
  const names = new Set<string>();
  for (const column of select.columns) {
    if (!isNode(column)) return undefined;
    const alias = identifierName(column.as);
    const expr = isNode(column.expr) ? column.expr : undefined;
    const source = expr?.type === 'column_ref' ? identifierName(expr.column) : undefined;
    if (source === '*' || (expr === undefined && column.type === 'star')) return undefined;
    const name = alias ?? source;
    if (name) names.add(name.toLowerCase());
  }
  return names;
}
