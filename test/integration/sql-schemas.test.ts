import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestStrata, type TestStrata } from '../helpers/local-strata.js';
import { ALICE, ephemeral, GENERAL, replies } from './sql-helpers.js';

const ADMIN = 'U0ADMIN';
const LEADERS = 'G0LEADERS';

let local: TestStrata;

beforeAll(async () => {
  local = await startTestStrata({ STRATA_ADMIN_USERS: ADMIN });
});
afterAll(async () => {
  await local?.close();
});

const sql = (user: string, channel: string, text: string) =>
  local.slack.runCommand({ user, channel, command: '/sql', text });

describe('registering a schema with /sql schema', () => {
  it('shows the demo as the default for a channel that registered nothing', async () => {
    await sql(ALICE, LEADERS, 'schema');
    const shown = await ephemeral(local, ALICE, LEADERS, 'No schema is registered');
    expect(shown.text).toContain('*Dialect:* SQLite');
    expect(shown.text).toContain('*Tables (5):* `customers`, `products`, `orders`, `order_items`, `returns`');
    expect(shown.text).toContain('*Writes:* off');
  });

  it('registers pasted DDL in the chosen dialect and answers the next question against it', async () => {
    await sql(
      ALICE,
      LEADERS,
      'schema postgresql CREATE TABLE invoices (id serial PRIMARY KEY, customer text NOT NULL, amount numeric(10,2), issued_on date); CREATE INDEX i ON invoices (issued_on);',
    );
    const done = await ephemeral(local, ALICE, LEADERS, 'Registered 1 table for this channel (PostgreSQL)');
    expect(done.text).toContain('`invoices`');
    expect(done.text).toContain('Skipped 1 statement that is not CREATE TABLE / CREATE VIEW');

    local.bedrock.script({
      chunks: [
        'Sums invoice amounts per customer.\n```sql\nSELECT customer, SUM(amount) AS total FROM invoices GROUP BY customer\n```',
      ],
    });
    await sql(ALICE, LEADERS, 'total invoiced per customer');
    const thread = await eventually(async () => {
      const page = await local.strata.app.client.conversations.history({ channel: LEADERS, limit: 20 });
      const parent = page.messages?.find((m) => m.text?.includes('total invoiced per customer'));
      if (!parent?.ts) return undefined;
      const messages = await replies(local, parent.ts, LEADERS);
      return messages.some((m) => m.blocks?.some((b) => b.type === 'actions')) ? messages : undefined;
    });
    const card = thread.find((m) => m.blocks?.some((b) => b.type === 'actions'));
    const text = JSON.stringify(card?.blocks);
    expect(text).toContain('Validated* for PostgreSQL against this channel’s schema (1 table)');
    expect(text).not.toContain('sql_run_sample');
    const request = local.bedrock.requests.at(-1)?.body as { system: Array<{ text: string }> };
    expect(request.system[0]?.text).toContain(
      'invoices: id SERIAL PK, customer TEXT NOT NULL, amount NUMERIC(10,2), issued_on DATE',
    );
  });

  it('rejects DDL that does not parse, pointing at the line and column, and keeps the old schema', async () => {
    await sql(
      ALICE,
      LEADERS,
      'schema CREATE TABLE a (id int);\nCREATE TABLE b (\n  id int,,\n  name text\n);',
    );
    const refused = await ephemeral(local, ALICE, LEADERS, 'does not parse as PostgreSQL');
    expect(refused.text).toContain(
      'The DDL does not parse as PostgreSQL at line 3, column 10: unexpected `,`.',
    );
    expect(refused.text).toContain('```\n  id int,,\n         ^\n```');
    expect(refused.text).toContain('Nothing was changed.');
    await sql(ALICE, LEADERS, 'schema');
    const shown = await ephemeral(local, ALICE, LEADERS, '*Tables (1):* `invoices`');
    expect(shown.text).toContain('came from `/sql schema`');
  });

  it('accepts a 500-table schema and says questions carry only the relevant tables', async () => {
    const ddl = Array.from(
      { length: 500 },
      (_, i) => `CREATE TABLE t${i} (id int PRIMARY KEY, label varchar(40));`,
    ).join('\n');
    await sql(ALICE, GENERAL, `schema ${ddl}`);
    const done = await ephemeral(local, ALICE, GENERAL, 'Registered 500 tables');
    expect(done.text).toContain('each question carries only the 12 or so tables most related to it');
    expect(done.text).toContain('… and 475 more');
    await sql(ALICE, GENERAL, 'schema demo');
    await ephemeral(local, ALICE, GENERAL, 'now uses the *demo shop schema*');
  });
});

describe('dialect and write settings', () => {
  it('changes the dialect, refusing one the channel’s DDL does not parse in', async () => {
    await sql(ALICE, LEADERS, 'dialect mysql');
    const refused = await ephemeral(local, ALICE, LEADERS, 'does not parse as MySQL');
    expect(refused.text).toContain(
      'This channel’s DDL does not parse as MySQL at line 1, column 27: unexpected `serial`.',
    );
    expect(refused.text).toContain('The dialect stays PostgreSQL.');
    await sql(ALICE, LEADERS, 'dialect redshift');
    await ephemeral(local, ALICE, LEADERS, 'written and validated as *Amazon Redshift*');
    await sql(ALICE, LEADERS, 'dialect oracle');
    const unknown = await ephemeral(local, ALICE, LEADERS, '`oracle` is not a dialect I know.');
    expect(unknown.text).toContain('Dialects: `postgresql`');
  });

  it('hints at the dialect a DDL does parse in', async () => {
    await sql(ALICE, GENERAL, 'schema CREATE TABLE tagged (id serial PRIMARY KEY, tags text[])');
    const refused = await ephemeral(local, ALICE, GENERAL, 'It does parse as PostgreSQL');
    expect(refused.text).toContain('does not parse as SQLite at line 1, column');
    expect(refused.text).toContain('run `/sql dialect postgresql` first');
  });

  it('lets only admins allow writes', async () => {
    await sql(ALICE, LEADERS, 'writes on');
    await ephemeral(
      local,
      ALICE,
      LEADERS,
      ':lock: Only Strata admins can change whether generated queries may write.',
    );
    await sql(ADMIN, LEADERS, 'writes on');
    await ephemeral(local, ADMIN, LEADERS, ':unlock: Writes are *allowed* here');
    await sql(ALICE, LEADERS, 'schema');
    await ephemeral(local, ALICE, LEADERS, '*Writes:* allowed');
    await sql(ADMIN, LEADERS, 'writes off');
    await ephemeral(local, ADMIN, LEADERS, ':lock: Writes are *off*');
  });
});

describe('a .sql file shared in a thread', () => {
  it('becomes the thread’s schema when shared with a mention, and the question with it is answered against it', async () => {
    local.bedrock.script({
      chunks: [
        'Counts shipments per warehouse.\n```sql\nSELECT w.name, COUNT(s.id) AS shipments FROM warehouses w JOIN shipments s ON s.warehouse_id = w.id GROUP BY w.name\n```',
      ],
    });
    const { ts } = await local.slack.uploadFile({
      user: ALICE,
      channel: GENERAL,
      filename: 'logistics.sql',
      content:
        'CREATE TABLE warehouses (id int PRIMARY KEY, name text);\nCREATE TABLE shipments (id int PRIMARY KEY, warehouse_id int REFERENCES warehouses(id), sent_at timestamp);\n',
      text: '<@U0STRATA> shipments per warehouse?',
    });
    const thread = await eventually(async () => {
      const messages = await replies(local, ts);
      return messages.some((m) => m.blocks?.some((b) => b.type === 'actions')) ? messages : undefined;
    });
    expect(
      thread.some((m) =>
        m.text.includes('Registered 2 tables for this thread from `logistics.sql` (SQLite)'),
      ),
    ).toBe(true);
    expect(JSON.stringify(thread.find((m) => m.blocks?.some((b) => b.type === 'actions'))?.blocks)).toContain(
      'this thread’s schema `logistics.sql` (2 tables)',
    );
  });

  it('reports a file that does not parse, with line and column, in the thread', async () => {
    const { ts } = await local.slack.uploadFile({
      user: ALICE,
      channel: GENERAL,
      filename: 'broken.sql',
      content:
        'CREATE TABLE ok (id int);\nCREATE TABLE bad (id int PRIMARY KEY,\n  name text NOT NULL DEFAULT,\n);\n',
      text: '<@U0STRATA>',
    });
    const refusal = await eventually(async () =>
      (await replies(local, ts)).find((m) => m.text.includes('does not parse')),
    );
    expect(refusal.text).toContain('`broken.sql` does not parse as SQLite at line 3, column');
    expect(refusal.text).toContain('Fix the file and share it again in this thread.');
  });
});
