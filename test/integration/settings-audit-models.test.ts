import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDynamoAuditStore } from '../../src/store/audit-store.js';
import { eventually, startTestStrata, type TestStrata } from '../helpers/local-strata.js';
import { localStrataTable } from './local-table.js';

const ADMIN = 'U0ADMIN';
const GENERAL = 'C0GENERAL';
const LLAMA = 'us.meta.llama3-2-11b-instruct-v1:0';
let local: TestStrata;

beforeAll(async () => {
  local = await startTestStrata({ STRATA_ADMIN_USERS: ADMIN });
});
afterAll(async () => {
  await local?.close();
});

const auditStore = () =>
  createDynamoAuditStore({
    table: localStrataTable(),
  });

async function openSettings(user: string) {
  const before = local.slack.openViews(user).length;
  await local.slack.runCommand({ user, channel: GENERAL, command: '/bedrock', text: 'settings' });
  const view = await eventually(async () => {
    const views = local.slack.openViews(user);
    return views.length > before ? views.at(-1) : undefined;
  });
  return view.id;
}

async function submitSettings(user: string, values: Record<string, { value: string }>) {
  const viewId = await openSettings(user);
  const submitted = await local.slack.submitView({ user, viewId, values });
  expect(submitted.status).toBe(200);
  return submitted.body === '' ? undefined : (JSON.parse(submitted.body) as Record<string, unknown>);
}

async function bedrockCommand(user: string, text: string) {
  const before = local.slack.ephemerals(user, GENERAL).length;
  await local.slack.runCommand({ user, channel: GENERAL, command: '/bedrock', text });
  return eventually(async () => local.slack.ephemerals(user, GENERAL).slice(before).at(-1));
}

const saved = (user: string, count: number) =>
  eventually(async () => {
    const found = local.slack.ephemerals(user, GENERAL).filter((m) => m.text.includes('Saved'));
    return found.length >= count ? found.at(-1) : undefined;
  });

describe('settings changes are audited', () => {
  it('records who changed which field from what to what, shown by /bedrock audit', async () => {
    await submitSettings('U0BOB', { modelId: { value: LLAMA }, temperature: { value: '0.4' } });
    await saved('U0BOB', 1);
    await submitSettings('U0BOB', { modelId: { value: LLAMA }, temperature: { value: '0.6' } });
    await saved('U0BOB', 2);

    const [latest, first] = await auditStore().latest(2);
    expect(first).toMatchObject({
      actor: 'U0BOB',
      action: 'settings.update',
      channel: GENERAL,
      outcome: 'ok',
      parameters: {
        scope: 'user',
        target: 'U0BOB',
        changes: { modelId: { from: null, to: LLAMA }, temperature: { from: null, to: 0.4 } },
      },
    });
    expect(latest?.parameters).toEqual({
      scope: 'user',
      target: 'U0BOB',
      changes: { temperature: { from: 0.4, to: 0.6 } },
    });

    const listing = await bedrockCommand(ADMIN, 'audit 5');
    expect(listing.text).toContain(
      `<@U0BOB> *settings.update* in <#${GENERAL}> · ok \`{"scope":"user","target":"U0BOB","changes":{"temperature":{"from":0.4,"to":0.6}}}\``,
    );
  });

  it('records a channel change by an admin with the channel as its target', async () => {
    await submitSettings(ADMIN, { scope: { value: 'channel' }, maxTokens: { value: '300' } });
    await saved(ADMIN, 1);
    const [changed] = await auditStore().latest(1);
    expect(changed).toMatchObject({
      actor: ADMIN,
      action: 'settings.update',
      outcome: 'ok',
      parameters: { scope: 'channel', target: GENERAL, changes: { maxTokens: { from: null, to: 300 } } },
    });
  });
});

describe('model ids are checked against the Bedrock catalog', () => {
  it('shows an unknown model as a field error in the modal, with close matches, and saves nothing', async () => {
    const before = (await auditStore().latest(1))[0];
    const viewId = await openSettings('U0ALICE');
    const submit = async (modelId: string) =>
      JSON.parse(
        (await local.slack.submitView({ user: 'U0ALICE', viewId, values: { modelId: { value: modelId } } }))
          .body,
      );
    expect(await submit('anthropic.claude-3-haiku')).toEqual({
      response_action: 'errors',
      errors: {
        modelId:
          "anthropic.claude-3-haiku is not a model in this region's Bedrock catalog. Did you mean anthropic.claude-3-haiku-20240307-v1:0? Run /bedrock models to see them all.",
      },
    });
    expect(await submit('amazon.titan-embed-text-v2:0')).toMatchObject({
      errors: { modelId: expect.stringContaining('answers with EMBEDDING, not text') },
    });
    expect(local.slack.openViews('U0ALICE').at(-1)?.errors).toMatchObject({ modelId: expect.any(String) });
    expect((await auditStore().latest(1))[0]).toEqual(before);
  });

  it('answers an inline --model nope privately and streams nothing', async () => {
    const ephemeralsBefore = local.slack.ephemerals('U0BOB', GENERAL).length;
    const { ts } = await local.slack.postAsUser({
      user: 'U0BOB',
      channel: GENERAL,
      text: '<@U0STRATA> --model nope what is 2+2?',
    });
    const refusal = await eventually(async () =>
      local.slack.ephemerals('U0BOB', GENERAL).at(ephemeralsBefore),
    );
    expect(refusal.text).toBe(
      ":warning: `nope` is not a model in this region's Bedrock catalog. Run `/bedrock models` to see them all.",
    );
    await local.strata.queue.onIdle();
    expect(
      local.bedrock.requests.filter((r) => JSON.stringify(r.body).includes('what is 2+2?')),
    ).toHaveLength(0);
    expect((await local.thread(GENERAL, ts)).filter((m) => m.bot_id !== undefined)).toHaveLength(0);
  });

  it('accepts an inference profile id inline and uses it', async () => {
    local.bedrock.script({ chunks: ['Four.'] });
    await local.slack.postAsUser({
      user: 'U0BOB',
      channel: GENERAL,
      text: '<@U0STRATA> --model us.amazon.nova-pro-v1:0 what is 2+3?',
    });
    const request = await eventually(async () =>
      local.bedrock.requests.find((r) => JSON.stringify(r.body).includes('what is 2+3?')),
    );
    expect(request.modelId).toBe('us.amazon.nova-pro-v1:0');
  });
});
