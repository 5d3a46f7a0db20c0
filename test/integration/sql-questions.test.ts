import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localSqlDisclaimer } from '../../src/local/bedrock/sql-engine.js';
import { toCsv } from '../../src/sql/render/csv.js';
import { createSampleDatabase } from '../../src/sql/sample/sample-database.js';
import { eventually, startTestStrata, type TestStrata } from '../helpers/local-strata.js';
import { ALICE, buttons, cardText, ephemeral, fileIn, GENERAL, replies, sqlThread } from './sql-helpers.js';

let local: TestStrata;

beforeAll(async () => {
  local = await startTestStrata({ STRATA_SQL_MAX_ROWS: '100' });
});
afterAll(async () => {
  await local?.close();
});

const ORDERS_PER_CUSTOMER =
  'SELECT c.id, c.name, COUNT(o.id) AS order_count\nFROM customers c\nLEFT JOIN orders o ON o.customer_id = c.id\nGROUP BY c.id, c.name\nORDER BY order_count DESC, c.id';

describe('/sql <question>', () => {
  it('streams an explanation into a new thread and uploads the validated query as query.sql with buttons', async () => {
    const answer = await local.slack.runCommand({
      user: ALICE,
      channel: GENERAL,
      command: '/sql',
      text: 'how many orders per customer?',
    });
    expect(answer.status).toBe(200);

    const { parent, thread, card } = await sqlThread(local, 'how many orders per customer?');
    expect(parent.text).toContain(`SQL question from <@${ALICE}>`);
    expect(thread[1]?.text).toContain(localSqlDisclaimer.replace(/_/g, ''));
    expect(thread[1]?.text).toContain('Counts the orders of every customer');
    expect(thread[1]?.text).not.toContain('SELECT');
    expect(fileIn(local, thread, 'query.sql')).toBe(`${ORDERS_PER_CUSTOMER}\n`);
    expect(cardText(card)).toContain(
      ':white_check_mark: *Validated* for SQLite against the demo shop schema (5 tables) · read-only SELECT',
    );
    expect(cardText(card)).toContain('```\nSELECT c.id, c.name, COUNT(o.id) AS order_count');
    expect(cardText(card)).toContain('No schema is registered here, so this uses the bundled demo shop.');
    expect(buttons(card)).toEqual(['sql_run_sample', 'sql_explain', 'sql_regenerate']);
  });

  it('runs the query on the sample database and posts the first rows and result.csv into the thread', async () => {
    const { parent, card } = await sqlThread(local, 'how many orders per customer?');
    await local.slack.clickButton({
      user: ALICE,
      channel: GENERAL,
      messageTs: card.ts,
      actionId: 'sql_run_sample',
      value: card.blocks?.at(-1)?.elements?.[0]?.value ?? '',
    });

    const thread = await eventually(async () => {
      const messages = await replies(local, parent.ts);
      return messages.some((m) => m.files?.some((f) => f.name === 'result.csv')) ? messages : undefined;
    });
    const expected = new Database(Buffer.from(createSampleDatabase().bytes()), { readonly: true });
    const statement = expected.prepare(ORDERS_PER_CUSTOMER).raw(true);
    const rows = statement.all() as Array<Array<string | number | null>>;
    expected.close();
    expect(fileIn(local, thread, 'result.csv')).toBe(
      toCsv(['id', 'name', 'order_count'], rows.slice(0, 100)),
    );
    const result = thread.find((m) => m.text.startsWith('Result:'));
    expect(result?.text).toBe('Result: more than 100 rows (stopped at the cap)');
    expect(cardText(result ?? { ts: '', text: '' })).toMatch(/id +\| name +\| order_count\n/);
  });

  it('asks the model once more with the validator error when the first draft references a column that does not exist', async () => {
    local.bedrock.script({
      chunks: ['Totals each order.\n\n```sql\nSELECT id, total FROM orders ORDER BY total DESC\n```'],
    });
    await local.slack.runCommand({ user: ALICE, channel: GENERAL, command: '/sql', text: 'top 3 customers' });

    const { thread, card } = await sqlThread(local, 'top 3 customers');
    expect(thread[1]?.text).toContain('Totals each order.');
    expect(thread[1]?.text).toContain(
      'The first draft did not pass validation (unknown column `total` in `orders`)',
    );
    expect(thread[1]?.text).toContain('Corrected after the validator rejected the first draft.');
    expect(fileIn(local, thread, 'query.sql')).toContain('LIMIT 3');
    expect(cardText(card)).toContain('*Validated*');
    expect(cardText(card)).toContain(
      'The first draft was rejected (unknown column `total` in `orders`) and corrected.',
    );
    const retry = local.bedrock.requests.at(-1)?.body as {
      messages: Array<{ role: string; content: Array<{ text: string }> }>;
    };
    expect(retry.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
    expect(retry.messages[2]?.content[0]?.text).toContain(
      '<validation-errors>\n- unknown column `total` in `orders`',
    );
  });

  it('marks a query that still fails after the correction as not validated, and offers no sample run', async () => {
    local.bedrock.script({ chunks: ['Here you go.\n```sql\nDROP TABLE customers\n```'] });
    local.bedrock.script({ chunks: ['Sorry.\n```sql\nSELECT 1; DELETE FROM customers\n```'] });
    await local.slack.runCommand({
      user: ALICE,
      channel: GENERAL,
      command: '/sql',
      text: "'; DROP TABLE customers; --",
    });

    const { thread, card } = await sqlThread(local, 'DROP TABLE customers');
    expect(cardText(card)).toContain(':warning: *Not validated — review before running.*');
    expect(cardText(card)).toContain('2 statements found; only one query may run at a time');
    expect(buttons(card)).toEqual(['sql_explain', 'sql_regenerate']);
    expect(fileIn(local, thread, 'query.sql')).toBe(
      '-- NOT VALIDATED by Strata (SQLite). Review before running:\n--   2 statements found; only one query may run at a time\nSELECT 1; DELETE FROM customers\n',
    );
  });

  it('explains a query in the thread when Explain is clicked', async () => {
    const { parent, card } = await sqlThread(local, 'how many orders per customer?');
    await local.slack.clickButton({
      user: ALICE,
      channel: GENERAL,
      messageTs: card.ts,
      actionId: 'sql_explain',
    });
    const explained = await eventually(async () =>
      (await replies(local, parent.ts)).find(
        (m) => m.text.includes('How this query works') && !m.text.endsWith('▍'),
      ),
    );
    expect(explained.text).toContain('Reads rows from `customers`');
    expect(explained.text).toContain('Groups the rows by');
  });

  it('answers a second time in the same thread when Regenerate is clicked', async () => {
    const { card } = await sqlThread(local, 'how many orders per customer?');
    await local.slack.clickButton({
      user: ALICE,
      channel: GENERAL,
      messageTs: card.ts,
      actionId: 'sql_regenerate',
    });
    const { thread } = await sqlThread(local, 'how many orders per customer?', 2);
    expect(thread.some((m) => m.text.includes('Regenerating: asking the model for a different query.'))).toBe(
      true,
    );
    expect(fileIn(local, thread, 'query.sql', 1)).toBe(`${ORDERS_PER_CUSTOMER}\n`);
  });

  it('answers `@Strata sql: …` in the thread of the mention, and follow-up mentions there too', async () => {
    const { ts } = await local.slack.postAsUser({
      user: ALICE,
      channel: GENERAL,
      text: '<@U0STRATA> sql: revenue by category',
    });
    const first = await eventually(async () => {
      const thread = await replies(local, ts);
      return thread.some((m) => m.files?.some((f) => f.name === 'query.sql')) &&
        thread.some((m) => m.blocks?.some((b) => b.type === 'actions'))
        ? thread
        : undefined;
    });
    expect(fileIn(local, first, 'query.sql')).toContain('GROUP BY p.category');

    await local.slack.postAsUser({
      user: ALICE,
      channel: GENERAL,
      thread_ts: ts,
      text: '<@U0STRATA> and the average order value?',
    });
    const second = await eventually(async () => {
      const thread = await replies(local, ts);
      return thread.filter((m) => m.files?.some((f) => f.name === 'query.sql')).length >= 2
        ? thread
        : undefined;
    });
    expect(fileIn(local, second, 'query.sql', 1)).toContain('AS average_order_value');
    const followUp = local.bedrock.requests.at(-1)?.body as {
      messages: Array<{ content: Array<{ text: string }> }>;
    };
    expect(followUp.messages[0]?.content[0]?.text).toContain(
      '<earlier-question>revenue by category</earlier-question>',
    );
  });
});

describe('bad input to /sql', () => {
  it('shows the usage for an empty command', async () => {
    const answer = await local.slack.runCommand({ user: ALICE, channel: GENERAL, command: '/sql', text: '' });
    expect(answer.body).toContain('Ask for SQL in plain language.');
    expect(answer.body).toContain('/sql schema demo');
  });

  it('refuses a question over 4,000 characters without asking the model', async () => {
    const before = local.bedrock.requests.length;
    const answer = await local.slack.runCommand({
      user: ALICE,
      channel: GENERAL,
      command: '/sql',
      text: `why ${'x'.repeat(4100)}`,
    });
    expect(answer.body).toContain('Your question is 4,104 characters; the limit is 4,000.');
    expect(local.bedrock.requests.length).toBe(before);
  });

  it('says how to invite Strata when it is not in the channel', async () => {
    await local.slack.runCommand({
      user: ALICE,
      channel: 'C0RANDOM',
      command: '/sql',
      text: 'how many customers',
    });
    const message = await ephemeral(local, ALICE, 'C0RANDOM', 'Invite me with `/invite @Strata`');
    expect(message.text).toContain('I’m not in this conversation');
  });

  it('writes no query for a question the local stand-in does not know, and says so', async () => {
    await local.slack.runCommand({
      user: ALICE,
      channel: GENERAL,
      command: '/sql',
      text: 'median delivery time by carrier',
    });
    const thread = await eventually(async () => {
      const page = await local.strata.app.client.conversations.history({ channel: GENERAL, limit: 50 });
      const parent = page.messages?.find((m) => m.text?.includes('median delivery time by carrier'));
      if (!parent?.ts) return undefined;
      const messages = await replies(local, parent.ts);
      return messages.some((m) => m.text.includes('No query was written for this question.'))
        ? messages
        : undefined;
    });
    expect(thread.some((m) => m.files !== undefined)).toBe(false);
    expect(thread[1]?.text).toContain("I don't recognise that question");
  });
});
