import { describe, expect, it } from 'vitest';
import { composeSqlReply, localSqlDisclaimer } from '../../src/local/bedrock/sql-engine.js';
import type { Dialect } from '../../src/sql/dialects.js';
import { extractSql } from '../../src/sql/generate/extract-sql.js';
import {
  explanationMessage,
  explanationSystemPrompt,
  generationSystemPrompt,
  questionMessage,
} from '../../src/sql/generate/prompt.js';
import { createQueryRunner } from '../../src/sql/sample/run-query.js';
import { createSampleDatabase } from '../../src/sql/sample/sample-database.js';
import { selectTables } from '../../src/sql/schema/select-tables.js';
import { demoSchema } from '../../src/sql/schema-repository.js';
import { validateSql } from '../../src/sql/validate/validate-sql.js';

const questions = [
  'how many orders per customer?',
  'monthly revenue',
  'orders per month',
  'customers per country',
  'customers by segment',
  'customers who never ordered',
  'products never ordered',
  'top 5 products by revenue',
  'top 3 customers',
  'revenue by category',
  'revenue by country',
  'average order value',
  'total revenue',
  'orders by status',
  'returns by reason',
  'most returned products',
  'return rate by category',
  'total refunds',
  'most expensive products',
  'cheapest 3 products',
  'average price per category',
  'inactive products',
  'units sold per product',
  'average items per order',
  'new customers per month',
  'repeat customers',
  'latest 5 orders',
  'pending orders',
  'cancelled orders',
  'orders per year',
  'how many products',
  'how many orders',
  'how many customers',
  'customers in Germany',
  'how many customers in japan',
];

function ask(question: string, dialect: Dialect, schema = demoSchema(dialect).schema) {
  const system = generationSystemPrompt({
    dialect,
    selection: selectTables(schema, question),
    notes: [],
    allowWrites: false,
  });
  return (
    composeSqlReply({
      modelId: 'local',
      system,
      messages: [{ role: 'user', text: questionMessage(question) }],
      inferenceConfig: {},
    }) ?? ''
  );
}

describe("the local stand-in's text-to-SQL", () => {
  it('leaves requests that are not about SQL to the rest of the engine', () => {
    expect(
      composeSqlReply({
        modelId: 'm',
        system: 'You are Strata.',
        messages: [{ role: 'user', text: 'hi' }],
        inferenceConfig: {},
      }),
    ).toBeUndefined();
  });

  it.each<Dialect>(['sqlite', 'postgresql', 'mysql', 'athena', 'redshift'])(
    'writes queries that pass validation in %s',
    (dialect) => {
      const schema = demoSchema(dialect).schema;
      for (const question of questions) {
        const reply = ask(question, dialect);
        expect(reply.startsWith(localSqlDisclaimer), question).toBe(true);
        const { sql } = extractSql(reply);
        expect(sql, question).toBeDefined();
        expect(validateSql(sql ?? '', { dialect, schema, allowWrites: false }), question).toMatchObject({
          ok: true,
          readOnly: true,
        });
      }
    },
  );

  it('writes SQLite queries that run on the sample database and return rows', async () => {
    const runner = createQueryRunner({ timeoutMs: 10_000, maxRows: 10, maxConcurrent: 2 });
    const bytes = createSampleDatabase().bytes();
    const results = await Promise.all(
      questions.map((q) => runner.run(bytes, extractSql(ask(q, 'sqlite')).sql ?? '')),
    );
    for (const [index, result] of results.entries())
      expect(result.rows.length, questions[index]).toBeGreaterThan(0);
  });

  it("says it doesn't know, and writes no query, for a question outside its list", () => {
    const reply = ask('what is the median delivery time by carrier?', 'sqlite');
    expect(reply).toContain("I don't recognise that question");
    expect(extractSql(reply).sql).toBeUndefined();
  });

  it('writes nothing for a schema that is not the demo', () => {
    const schema = {
      tables: [
        {
          name: 'invoices',
          kind: 'table' as const,
          columnsKnown: true,
          columns: [{ name: 'id', type: 'INT' }],
        },
      ],
    };
    const reply = ask('how many orders per customer?', 'postgresql', schema);
    expect(reply).toContain('only writes SQL for Strata');
    expect(extractSql(reply).sql).toBeUndefined();
  });

  it('walks through a query clause by clause for Explain', () => {
    const sql =
      "SELECT c.name, COUNT(o.id) AS n FROM customers c LEFT JOIN orders o ON o.customer_id = c.id WHERE c.country = 'DE' GROUP BY c.name ORDER BY n DESC LIMIT 5";
    const reply = composeSqlReply({
      modelId: 'local',
      system: explanationSystemPrompt('sqlite', demoSchema().schema.tables),
      messages: [{ role: 'user', text: explanationMessage(sql) }],
      inferenceConfig: {},
    });
    expect(reply).toContain('- Reads rows from `customers` (as `c`).');
    expect(reply).toContain('(keeping rows that have no match)');
    expect(reply).toContain("- Keeps only rows where `c.country = 'DE'`.");
    expect(reply).toContain('- Returns at most 5 rows.');
  });
});
