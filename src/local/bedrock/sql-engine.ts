import type { EngineRequest } from './reply-engine.js';
import { explainStructure } from './sql-engine-explain.js';
import { countryIn, localDialect, patterns, type QuestionPattern } from './sql-engine-patterns.js';

export const localSqlDisclaimer =
  '_Local stand-in for Amazon Bedrock: this answer comes from a fixed list of demo questions, not from a model._';

export const localExplainDisclaimer =
  "_Local stand-in for Amazon Bedrock: a clause-by-clause walk-through read from the query's syntax tree, not a model's explanation._";

/**
 * The local engine's SQL mode, for requests whose system prompt asks for SQL (`<task>write-sql</task>` or
 * `<task>explain-sql</task>`). Returns undefined for every other request.
 */
export function composeSqlReply(request: EngineRequest): string | undefined {
  const system = request.system ?? '';
  const task = /<task>([a-z-]+)<\/task>/.exec(system)?.[1];
  if (task !== 'write-sql' && task !== 'explain-sql') return undefined;
  const dialect = /<dialect>([a-z0-9]+)<\/dialect>/.exec(system)?.[1] ?? 'postgresql';
  const last = request.messages.at(-1)?.text ?? '';
  if (task === 'explain-sql') {
    const sql = /<sql>\n?([\s\S]*?)\n?<\/sql>/.exec(last)?.[1] ?? '';
    return `${localExplainDisclaimer}\n\n${explainStructure(sql, dialect)}`;
  }
  const first = request.messages.find((m) => m.role === 'user')?.text ?? '';
  const question = /<question>([\s\S]*?)<\/question>/.exec(first)?.[1] ?? first;
  const tables = schemaTables(system);
  const found = findPattern(question.toLowerCase());
  if (found === undefined) return unknownQuestion();
  const missing = found.pattern.tables.filter((t) => !tables.has(t));
  if (missing.length > 0) {
    return `${localSqlDisclaimer}\n\nThe local stand-in only writes SQL for Strata's bundled demo schema, and this schema has no ${missing.map((t) => `\`${t}\``).join(', ')} table. Use real Amazon Bedrock for your own schema.`;
  }
  const notes: string[] = [];
  if (last.includes('<validation-errors>'))
    notes.push('Corrected after the validator rejected the first draft.');
  if (first.includes('<previous-attempt>'))
    notes.push('The stand-in knows one query per question, so this is the same query again.');
  const sql = found.pattern.sql(localDialect(dialect), found.limit);
  return [localSqlDisclaimer, [found.pattern.explain, ...notes].join(' '), `\`\`\`sql\n${sql}\n\`\`\``].join(
    '\n\n',
  );
}

function findPattern(question: string): { pattern: QuestionPattern; limit: number } | undefined {
  const limit =
    Number(/\b(?:top|first|last|latest|most recent|newest)\s+(\d{1,3})\b/.exec(question)?.[1] ?? '') || 10;
  const country = countryIn(question);
  if (country && /customers/.test(question) && !/revenue|spen[dt]/.test(question)) {
    const counting = /how many|number of|count/.test(question);
    return {
      limit,
      pattern: {
        match: /./,
        tables: ['customers'],
        explain: counting
          ? `Counts customers whose country is ${country.code}.`
          : `Lists customers whose country is ${country.code}.`,
        sql: () =>
          counting
            ? `SELECT COUNT(*) AS customer_count\nFROM customers\nWHERE country = '${country.code}'`
            : `SELECT id, name, city, segment\nFROM customers\nWHERE country = '${country.code}'\nORDER BY name`,
      },
    };
  }
  const pattern = patterns.find((p) => p.match.test(question));
  return pattern ? { pattern, limit } : undefined;
}

function schemaTables(system: string): Set<string> {
  const schema = /<schema>\n?([\s\S]*?)<\/schema>/.exec(system)?.[1] ?? '';
  const names = schema
    .split('\n')
    .map((line) =>
      /^([A-Za-z0-9_."]+?)(?: \(view\))?:/.exec(line.trim())?.[1]?.split('.').at(-1)?.toLowerCase(),
    )
    .filter((name): name is string => name !== undefined);
  return new Set(names);
}

function unknownQuestion(): string {
  const examples = [
    'How many orders per customer?',
    'Monthly revenue',
    'Top 5 products by revenue',
    'Revenue by category',
    'Customers who never ordered',
    'Returns by reason',
    'Average order value',
    'Customers in Germany',
  ];
  return [
    localSqlDisclaimer,
    "I don't recognise that question, and as a stand-in I won't guess a query. I know a few dozen questions about the demo shop (customers, products, orders, order_items, returns), for example:",
    examples.map((e) => `- ${e}`).join('\n'),
  ].join('\n\n');
}
