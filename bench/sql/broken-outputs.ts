/** Deliberately wrong model replies: every one must be refused before anything is shown or run. */
export interface BrokenOutput {
  category:
    | 'syntax'
    | 'unknown_table'
    | 'unknown_column'
    | 'not_read_only'
    | 'multiple_statements'
    | 'forbidden_function';
  reply: string;
}

const fenced = (sql: string) => `Here is the query.\n\n\`\`\`sql\n${sql}\n\`\`\``;

export const BROKEN: BrokenOutput[] = [
  { category: 'syntax', reply: fenced('SELECT id, FROM orders') },
  { category: 'syntax', reply: fenced('SELECT COUNT(* FROM orders') },
  { category: 'syntax', reply: fenced('SELEC id FROM orders') },
  { category: 'syntax', reply: fenced("SELECT id FROM orders WHERE status = 'pending") },
  { category: 'syntax', reply: fenced('SELECT id FROM orders WHERE') },
  { category: 'syntax', reply: fenced('SELECT id FROM orders GROUP BY HAVING COUNT(*) > 1') },
  { category: 'unknown_table', reply: fenced('SELECT * FROM users') },
  { category: 'unknown_table', reply: fenced('SELECT COUNT(*) FROM customer') },
  { category: 'unknown_table', reply: fenced('SELECT name FROM sqlite_master') },
  {
    category: 'unknown_table',
    reply: fenced('SELECT o.id FROM orders o JOIN payments p ON p.order_id = o.id'),
  },
  { category: 'unknown_column', reply: fenced('SELECT SUM(total) FROM orders') },
  { category: 'unknown_column', reply: fenced('SELECT full_name FROM customers') },
  { category: 'unknown_column', reply: fenced('SELECT SUM(price * quantity) FROM order_items') },
  { category: 'unknown_column', reply: fenced('SELECT o.amount FROM orders o') },
  { category: 'unknown_column', reply: fenced('SELECT x.name FROM customers c') },
  { category: 'unknown_column', reply: fenced('SELECT p.name, p.stock FROM products p') },
  { category: 'unknown_column', reply: fenced("SELECT id FROM orders WHERE order_date >= '2025-01-01'") },
  {
    category: 'unknown_column',
    reply: fenced('SELECT c.name FROM customers c JOIN orders o ON o.customer = c.id'),
  },
  { category: 'not_read_only', reply: fenced("DELETE FROM orders WHERE status = 'cancelled'") },
  {
    category: 'not_read_only',
    reply: fenced("UPDATE products SET price = price * 1.1 WHERE category = 'Books'"),
  },
  { category: 'not_read_only', reply: fenced("INSERT INTO customers (id, name) VALUES (999, 'x')") },
  { category: 'not_read_only', reply: fenced('DROP TABLE returns') },
  { category: 'not_read_only', reply: fenced('ALTER TABLE customers ADD COLUMN vip INTEGER') },
  { category: 'not_read_only', reply: fenced('CREATE TABLE backup AS SELECT * FROM orders') },
  { category: 'not_read_only', reply: fenced("ATTACH DATABASE '/tmp/evil.db' AS evil") },
  { category: 'not_read_only', reply: fenced('DELETE FROM orders') },
  { category: 'multiple_statements', reply: fenced('SELECT 1; DROP TABLE customers') },
  { category: 'multiple_statements', reply: fenced('SELECT COUNT(*) FROM orders;\nDELETE FROM orders') },
  { category: 'multiple_statements', reply: fenced("SELECT ';' AS x; DELETE FROM returns") },
  {
    category: 'multiple_statements',
    reply: fenced('SELECT id FROM orders; -- harmless\nUPDATE orders SET status = NULL'),
  },
  { category: 'forbidden_function', reply: fenced("SELECT load_extension('/tmp/evil.so')") },
  { category: 'forbidden_function', reply: fenced("SELECT fts3_tokenizer('simple')") },
  { category: 'forbidden_function', reply: 'SELECT pg_sleep(30)' },
];
