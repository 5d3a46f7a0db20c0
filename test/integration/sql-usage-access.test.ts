import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDynamoAuditStore } from '../../src/store/audit-store.js';
import { createDynamoUsageStore } from '../../src/store/usage-store.js';
import { eventually, startTestStrata, type TestStrata } from '../helpers/local-strata.js';
import { localStrataTable } from './local-table.js';
import { ALICE, ephemeral, GENERAL, replies, sqlThread } from './sql-helpers.js';

const ADMIN = 'U0ADMIN';
const SQL_MODEL = 'us.amazon.nova-pro-v1:0';
let local: TestStrata;

beforeAll(async () => {
  local = await startTestStrata({ STRATA_ADMIN_USERS: ADMIN, STRATA_SQL_MODEL_ID: SQL_MODEL });
});
afterAll(async () => {
  await local?.close();
});

const usageStore = () =>
  createDynamoUsageStore({
    table: localStrataTable(),
    retentionDays: 30,
  });

async function sqlUsage(user: string) {
  await local.strata.queue.onIdle();
  const now = new Date();
  const records = await usageStore().list({ from: new Date(now.getTime() - 3_600_000), to: now, user });
  return records.filter((r) => r.feature === 'sql');
}

async function bedrockCommand(user: string, text: string) {
  const before = local.slack.ephemerals(user, GENERAL).length;
  await local.slack.runCommand({ user, channel: GENERAL, command: '/bedrock', text });
  return eventually(async () => local.slack.ephemerals(user, GENERAL).slice(before).at(-1));
}

const fileUploads = () => local.slack.calls.filter((c) => c.method.startsWith('files.')).length;

describe('/sql usage and access', () => {
  it('records each SQL model call as sql usage with the tokens Bedrock reported', async () => {
    local.bedrock.script({ usage: { inputTokens: 321, outputTokens: 45 } });
    await local.slack.runCommand({
      user: ALICE,
      channel: GENERAL,
      command: '/sql',
      text: 'how many orders per customer?',
    });
    const { parent, card } = await sqlThread(local, 'how many orders per customer?');

    const afterQuestion = await sqlUsage(ALICE);
    expect(afterQuestion).toEqual([
      expect.objectContaining({
        user: ALICE,
        channel: GENERAL,
        feature: 'sql',
        modelId: SQL_MODEL,
        inputTokens: 321,
        outputTokens: 45,
        outcome: 'ok',
      }),
    ]);

    local.bedrock.script({ usage: { inputTokens: 500, outputTokens: 80 } });
    await local.slack.clickButton({
      user: ALICE,
      channel: GENERAL,
      messageTs: card.ts,
      actionId: 'sql_explain',
    });
    await eventually(async () =>
      (await replies(local, parent.ts)).find(
        (m) => m.text.includes('How this query works') && !m.text.endsWith('▍'),
      ),
    );
    const all = await sqlUsage(ALICE);
    expect(all).toHaveLength(2);
    expect(all.reduce((sum, r) => sum + r.inputTokens, 0)).toBe(821);
    expect(all.reduce((sum, r) => sum + r.outputTokens, 0)).toBe(125);
  });

  it('refuses /sql where an admin switched sql off, privately, with no thread, model call or file', async () => {
    const off = await bedrockCommand(ADMIN, 'access feature sql off');
    expect(off.text).toContain('features off: sql');
    const uploadsBefore = fileUploads();
    const callsBefore = (await sqlUsage('U0BOB')).length;

    await local.slack.runCommand({
      user: 'U0BOB',
      channel: GENERAL,
      command: '/sql',
      text: 'which products sell best?',
    });
    const refusal = await ephemeral(local, 'U0BOB', GENERAL, 'turned `sql` off');
    expect(refusal.text).toBe(':warning: An admin turned `sql` off in this channel.');

    await local.strata.queue.onIdle();
    expect(
      local.bedrock.requests.filter((r) => JSON.stringify(r.body).includes('which products sell best?')),
    ).toHaveLength(0);
    const { messages = [] } = await local.strata.app.client.conversations.history({ channel: GENERAL });
    expect(messages.filter((m) => (m.text ?? '').includes('which products sell best?'))).toHaveLength(0);
    expect(fileUploads()).toBe(uploadsBefore);
    expect(await sqlUsage('U0BOB')).toHaveLength(callsBefore);

    await bedrockCommand(ADMIN, 'access feature sql on');
  });

  it('audits channel SQL settings: the dialect change with old and new value, a refused writes switch', async () => {
    const run = (user: string, text: string) =>
      local.slack.runCommand({ user, channel: GENERAL, command: '/sql', text });
    await run(ALICE, 'dialect postgresql');
    await ephemeral(local, ALICE, GENERAL, 'written and validated as *PostgreSQL*');
    await run('U0BOB', 'writes on');
    await ephemeral(
      local,
      'U0BOB',
      GENERAL,
      'Only Strata admins can change whether generated queries may write',
    );

    const audit = createDynamoAuditStore({
      table: localStrataTable(),
    });
    const [refused, dialect] = await eventually(async () => {
      const records = await audit.latest(2);
      return records[0]?.action === 'sql.writes' ? records : undefined;
    });
    expect(dialect).toMatchObject({
      actor: ALICE,
      action: 'sql.dialect',
      channel: GENERAL,
      outcome: 'ok',
      parameters: { dialect: { from: null, to: 'postgresql' } },
    });
    expect(refused).toMatchObject({ actor: 'U0BOB', outcome: 'denied', parameters: { allowWrites: true } });
  });
});
