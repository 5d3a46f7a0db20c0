import { describe, expect, it } from 'vitest';
import { DIALECTS, type Dialect } from '../../src/sql/dialects.js';
import { DEMO_DDL } from '../../src/sql/schema/demo-schema.js';
import { MAX_TABLES, parseDdl } from '../../src/sql/schema/parse-ddl.js';

describe('reading DDL', () => {
  it('reads tables, column types, primary keys, NOT NULL and foreign keys', () => {
    const result = parseDdl(
      `CREATE TABLE public.orders (
        id SERIAL PRIMARY KEY,
        customer_id integer NOT NULL REFERENCES customers(id),
        total numeric(10,2),
        placed_at timestamptz DEFAULT now()
      );
      CREATE TABLE "Order Items" ("Id" bigint, order_id int, CONSTRAINT fk FOREIGN KEY (order_id) REFERENCES orders(id), PRIMARY KEY ("Id"));`,
      'postgresql',
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.schema.tables).toEqual([
      {
        name: 'orders',
        qualifier: 'public',
        kind: 'table',
        columnsKnown: true,
        columns: [
          { name: 'id', type: 'SERIAL', primaryKey: true },
          {
            name: 'customer_id',
            type: 'INTEGER',
            notNull: true,
            references: { table: 'customers', column: 'id' },
          },
          { name: 'total', type: 'NUMERIC(10,2)' },
          { name: 'placed_at', type: 'TIMESTAMPTZ' },
        ],
      },
      {
        name: 'Order Items',
        kind: 'table',
        columnsKnown: true,
        columns: [
          { name: 'Id', type: 'BIGINT', primaryKey: true },
          { name: 'order_id', type: 'INT', references: { table: 'orders', column: 'id' } },
        ],
      },
    ]);
  });

  it('reads MySQL DDL with backticks, AUTO_INCREMENT and table options', () => {
    const result = parseDdl(
      'CREATE TABLE `orders` (`id` int NOT NULL AUTO_INCREMENT, `total` decimal(10,2) unsigned, PRIMARY KEY (`id`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;',
      'mysql',
    );
    expect(result.ok && result.schema.tables[0]?.columns).toEqual([
      { name: 'id', type: 'INT', primaryKey: true, notNull: true },
      { name: 'total', type: 'DECIMAL(10,2) UNSIGNED' },
    ]);
  });

  it('reads view columns from their select list and marks SELECT * views as unknown', () => {
    const result = parseDdl(
      'CREATE VIEW big_orders AS SELECT id, total AS amount FROM orders; CREATE VIEW everything AS SELECT * FROM orders;',
      'postgresql',
    );
    expect(result.ok && result.schema.tables).toEqual([
      {
        name: 'big_orders',
        kind: 'view',
        columnsKnown: true,
        columns: [
          { name: 'id', type: '' },
          { name: 'amount', type: '' },
        ],
      },
      { name: 'everything', kind: 'view', columnsKnown: false, columns: [] },
    ]);
  });

  it('skips indexes, comments, grants and SET lines, and counts them', () => {
    const result = parseDdl(
      `-- pg_dump header
      SET statement_timeout = 0;
      CREATE TABLE a (id int);
      CREATE INDEX a_id ON a (id);
      COMMENT ON TABLE a IS 'semi;colon inside';
      GRANT SELECT ON a TO reporting;`,
      'postgresql',
    );
    expect(result).toMatchObject({ ok: true, ignoredStatements: 4 });
  });

  it('points at the line and column of a syntax error in the whole script', () => {
    const result = parseDdl(
      'CREATE TABLE a (id int);\n\nCREATE TABLE b (\n  id int,\n  name varchar(20) NOT NULL,,\n);',
      'postgresql',
    );
    expect(result).toEqual({
      ok: false,
      problem: { line: 5, column: 29, message: 'unexpected `,`', statement: 'CREATE TABLE b (' },
    });
  });

  it('offsets the column of an error on the first line of a statement', () => {
    const result = parseDdl('CREATE TABLE a (id int); CREATE TABLE b (id int int);', 'sqlite');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problem).toMatchObject({ line: 1, column: 49 });
  });

  it('says so when there is no CREATE TABLE at all', () => {
    expect(parseDdl('SELECT 1;', 'postgresql')).toMatchObject({
      ok: false,
      problem: { message: 'no CREATE TABLE or CREATE VIEW statement found' },
    });
  });

  it('accepts 500 tables and refuses more than the limit', () => {
    const ddl = (n: number) =>
      Array.from(
        { length: n },
        (_, i) => `CREATE TABLE t${i} (id int PRIMARY KEY, name varchar(50), ref_id int);`,
      ).join('\n');
    const five = parseDdl(ddl(500), 'postgresql');
    expect(five.ok && five.schema.tables.length).toBe(500);
    expect(parseDdl(ddl(MAX_TABLES + 1), 'postgresql')).toMatchObject({
      ok: false,
      problem: {
        message: `more than ${MAX_TABLES} tables; register only the part of the schema people ask about`,
      },
    });
  });

  it.each(Object.keys(DIALECTS) as Dialect[])('parses the demo schema as %s', (dialect) => {
    const result = parseDdl(DEMO_DDL, dialect);
    expect(result.ok && result.schema.tables.map((t) => t.name)).toEqual([
      'customers',
      'products',
      'orders',
      'order_items',
      'returns',
    ]);
  });
});
