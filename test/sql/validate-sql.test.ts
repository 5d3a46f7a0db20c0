import { describe, expect, it } from 'vitest';
import type { Dialect } from '../../src/sql/dialects.js';
import { demoSchema } from '../../src/sql/schema-repository.js';
import { type ValidationRules, validateSql } from '../../src/sql/validate/validate-sql.js';

const schema = demoSchema().schema;
const rules = (overrides: Partial<ValidationRules> = {}): ValidationRules => ({
  dialect: 'sqlite',
  schema,
  allowWrites: false,
  ...overrides,
});

function problems(sql: string, overrides: Partial<ValidationRules> = {}): string[] {
  const result = validateSql(sql, rules(overrides));
  return result.ok ? [] : result.problems.map((p) => p.message);
}

describe('dialect validation', () => {
  it('accepts a join with grouping, ordering and a limit and names the tables it reads', () => {
    const result = validateSql(
      'SELECT c.name, COUNT(o.id) AS n FROM customers c JOIN orders o ON o.customer_id = c.id GROUP BY c.name ORDER BY n DESC LIMIT 5',
      rules(),
    );
    expect(result).toEqual({ ok: true, kind: 'select', readOnly: true, tables: ['customers', 'orders'] });
  });

  it.each<[Dialect, string]>([
    ['postgresql', "SELECT o.id::text, TO_CHAR(o.ordered_at, 'YYYY-MM') AS m FROM orders o"],
    ['mysql', "SELECT `id`, DATE_FORMAT(ordered_at, '%Y-%m') AS m FROM orders"],
    ['sqlite', "SELECT id, strftime('%Y-%m', ordered_at) AS m FROM orders"],
    ['athena', "SELECT id, date_format(ordered_at, '%Y-%m') AS m FROM orders"],
    ['redshift', 'SELECT id FROM orders ORDER BY ordered_at DESC LIMIT 10'],
  ])('accepts %s syntax written for that dialect', (dialect, sql) => {
    expect(problems(sql, { dialect })).toEqual([]);
  });

  it('rejects syntax of another dialect with the line and column of the problem', () => {
    expect(problems('SELECT id\nFROM orders\nLIMIT 5, 10', { dialect: 'postgresql' })).toEqual([
      'PostgreSQL syntax error at line 3, column 8: unexpected `,`',
    ]);
    expect(problems('SELECT id\nFROM orders\nLIMIT 5, 10', { dialect: 'mysql' })).toEqual([]);
    expect(problems("SELECT id FROM customers WHERE name ILIKE 'a%'", { dialect: 'mysql' })).toEqual([
      'MySQL syntax error at line 1, column 37: unexpected `ILIKE`',
    ]);
  });

  it('reports a truncated query as an unexpected end of input', () => {
    expect(problems('SELECT * FROM orders WHERE')).toEqual([
      'SQLite syntax error at line 1, column 27: unexpected end of input',
    ]);
  });

  it('rejects an empty query', () => {
    expect(problems('   ')).toEqual(['the query is empty']);
  });
});

describe('table and column references', () => {
  it('rejects an unknown table and suggests the closest one', () => {
    expect(problems('SELECT * FROM order_item')).toEqual([
      'unknown table `order_item` (did you mean `order_items`?)',
    ]);
  });

  it('rejects system catalogues as unknown tables', () => {
    expect(problems('SELECT name FROM sqlite_master')).toEqual(['unknown table `sqlite_master`']);
  });

  it('rejects an unknown qualified column and lists what the table has', () => {
    expect(problems('SELECT o.total FROM orders o')).toEqual([
      'unknown column `orders.total`; `orders` has `id`, `customer_id`, `ordered_at`, `status`, `shipping_country`',
    ]);
  });

  it('rejects an unknown bare column with a did-you-mean hint', () => {
    expect(problems('SELECT custmer_id FROM orders')).toEqual([
      'unknown column `custmer_id` in `orders` (did you mean `customer_id`?)',
    ]);
  });

  it('rejects a column of a table that is not in the query', () => {
    expect(problems('SELECT email FROM orders')).toEqual(['unknown column `email` in `orders`']);
  });

  it('rejects an alias that is not defined', () => {
    expect(problems('SELECT x.name FROM customers c')).toEqual([
      'unknown table or alias `x` (used in `x.name`)',
    ]);
  });

  it('accepts CTE names, derived tables and output aliases used in HAVING and ORDER BY', () => {
    expect(
      problems(
        'WITH per AS (SELECT customer_id, COUNT(*) AS n FROM orders GROUP BY customer_id) ' +
          'SELECT c.name, per.n, x.total_qty FROM per JOIN customers c ON c.id = per.customer_id ' +
          'JOIN (SELECT order_id, SUM(quantity) AS total_qty FROM order_items GROUP BY order_id) AS x ON x.order_id = per.n',
      ),
    ).toEqual([]);
    expect(
      problems(
        'SELECT category, AVG(price) AS avg_price FROM products GROUP BY category HAVING avg_price > 10 ORDER BY avg_price',
      ),
    ).toEqual([]);
  });

  it('checks the columns of a derived table', () => {
    expect(
      problems('SELECT x.m FROM (SELECT customer_id, COUNT(*) AS n FROM orders GROUP BY customer_id) AS x'),
    ).toEqual(['unknown column `x.m`; `x` has `customer_id`, `n`']);
  });

  it('matches names case-insensitively', () => {
    expect(problems('SELECT ID, Status FROM Orders')).toEqual([]);
  });
});

describe('read-only enforcement', () => {
  it.each([
    ['DELETE FROM orders', '`DELETE` changes data; this channel only allows read-only SELECT queries'],
    [
      "UPDATE orders SET status = 'x'",
      '`UPDATE` changes data; this channel only allows read-only SELECT queries',
    ],
    [
      'INSERT INTO orders (id) VALUES (1)',
      '`INSERT` changes data; this channel only allows read-only SELECT queries',
    ],
    ['DROP TABLE customers', '`DROP` statements are never run; only a single SELECT is allowed'],
    [
      'ALTER TABLE customers ADD COLUMN x INT',
      '`ALTER` statements are never run; only a single SELECT is allowed',
    ],
    ["ATTACH DATABASE 'x.db' AS x", '`ATTACH` statements are never run; only a single SELECT is allowed'],
  ])('rejects %s', (sql, message) => {
    expect(problems(sql)).toEqual([message]);
  });

  it('rejects several statements, even when the first is a harmless SELECT', () => {
    expect(problems('SELECT 1; DROP TABLE customers')).toEqual([
      '2 statements found; only one query may run at a time',
    ]);
    expect(problems('SELECT id FROM orders;\n-- and then\nDELETE FROM orders')).toEqual([
      '2 statements found; only one query may run at a time',
    ]);
  });

  it('accepts a single statement with a trailing semicolon and comment', () => {
    expect(problems("SELECT id FROM orders WHERE status = 'pending'; -- pending only")).toEqual([]);
  });

  it('rejects SELECT … INTO a file and row locks', () => {
    expect(problems("SELECT id FROM orders INTO OUTFILE '/tmp/x'", { dialect: 'mysql' })).toEqual([
      '`SELECT … INTO` writes a table or file; only plain SELECT is allowed',
    ]);
    expect(problems('SELECT id FROM orders FOR UPDATE', { dialect: 'mysql' })).toEqual([
      '`FOR UPDATE` / share locks block writers; remove the locking clause',
    ]);
  });

  it('rejects functions that sleep, read files, load code or advance sequences', () => {
    expect(problems('SELECT pg_sleep(10)', { dialect: 'postgresql' })).toEqual([
      '`pg_sleep()` sleeps; it is not allowed',
    ]);
    expect(problems("SELECT load_extension('evil')")).toEqual([
      '`load_extension()` loads native code; it is not allowed',
    ]);
    expect(problems("SELECT pg_read_file('/etc/passwd')", { dialect: 'postgresql' })).toEqual([
      '`pg_read_file()` reads a server file; it is not allowed',
    ]);
    expect(problems("SELECT nextval('orders_id_seq')", { dialect: 'postgresql' })).toEqual([
      '`nextval()` advances a sequence; it is not allowed',
    ]);
  });

  it('lets one INSERT, UPDATE or DELETE through where writes are allowed, still checking its columns', () => {
    expect(
      validateSql("UPDATE orders SET status = 'cancelled' WHERE id = 3", rules({ allowWrites: true })),
    ).toEqual({
      ok: true,
      kind: 'update',
      readOnly: false,
      tables: ['orders'],
    });
    expect(problems('INSERT INTO orders (id, total) VALUES (1, 2)', { allowWrites: true })).toEqual([
      'unknown column `orders.total`; `orders` has `id`, `customer_id`, `ordered_at`, `status`, `shipping_country`',
    ]);
  });

  it('never lets DDL or several statements through, even where writes are allowed', () => {
    expect(problems('DROP TABLE orders', { allowWrites: true })).toEqual([
      '`DROP` statements are never run; only a single SELECT or INSERT/UPDATE/DELETE is allowed',
    ]);
    expect(problems('DELETE FROM orders; DELETE FROM customers', { allowWrites: true })).toEqual([
      '2 statements found; only one query may run at a time',
    ]);
  });
});
