/** `/sql help`. */
export const SQL_USAGE = [
  '*Ask for SQL in plain language.* Strata writes one query for this channel’s schema, validates it, and posts it as `query.sql` in a thread.',
  '• `/sql how many orders per customer?` — ask a question (or `@Strata sql: …` in any channel I’m in)',
  '• `/sql schema` — show this channel’s schema, dialect and settings',
  '• `/sql schema demo` — use the bundled demo shop, with a sample database you can run queries on',
  '• `/sql schema [dialect] CREATE TABLE …` — register your own DDL; or share a `.sql` file in a thread and mention me',
  '• `/sql dialect postgresql` — set the dialect: `postgresql`, `mysql`, `sqlite`, `redshift`, `athena`, `trino`, `snowflake`',
  '• `/sql writes on|off` — admins only: let INSERT / UPDATE / DELETE pass validation (Strata never runs them)',
].join('\n');
