import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDynamoSettingsStore } from '../../src/store/settings-store.js';
import { createDocumentClient, createStrataTable } from '../../src/store/table.js';
import { eventually, startTestStrata, type TestStrata } from '../helpers/local-strata.js';

const BOT = 'U0STRATA';
const GENERAL = 'C0GENERAL';
let local: TestStrata;

beforeAll(async () => {
  local = await startTestStrata();
});
afterAll(async () => {
  await local?.close();
});

const settingsStore = () =>
  createDynamoSettingsStore({
    table: createStrataTable({
      documentClient: createDocumentClient({ region: 'us-east-1' }),
      tableName: 'strata',
    }),
  });

async function finalReply(channel: string, ts: string) {
  return eventually(async () => {
    const reply = (await local.thread(channel, ts)).find((m) => m.bot_id !== undefined);
    return reply && reply.text !== '_Thinking…_' && !reply.text.endsWith('▍') ? reply : undefined;
  });
}

const requestFor = (question: string) =>
  eventually(async () => local.bedrock.requests.find((r) => JSON.stringify(r.body).includes(question)));

describe('chat settings', () => {
  it('sends inline flags to the model in its own fields', async () => {
    await local.slack.postAsUser({
      user: 'U0ALICE',
      channel: GENERAL,
      text: `<@${BOT}> --temperature 0.2 --top-p 0.7 --top-k 40 explain embeddings`,
    });
    const request = await requestFor('explain embeddings');
    expect(request.modelId).toMatch(/anthropic/);
    expect(request.body).toMatchObject({
      messages: [{ role: 'user', content: [{ text: 'explain embeddings' }] }],
      inferenceConfig: { temperature: 0.2, topP: 0.7 },
      additionalModelRequestFields: { top_k: 40 },
    });
  });

  it('answers a bad flag with an ephemeral explanation and does not call the model', async () => {
    const before = local.bedrock.requests.length;
    const { ts } = await local.slack.postAsUser({
      user: 'U0BOB',
      channel: GENERAL,
      text: `<@${BOT}> --temperature 7 what now?`,
    });
    const ephemeral = await eventually(async () =>
      local.slack.calls.find((c) => c.method === 'chat.postEphemeral' && c.params.user === 'U0BOB'),
    );
    expect(String(ephemeral.params.text)).toContain('`--temperature` must be at most 1');
    expect(ephemeral.params.channel).toBe(GENERAL);
    await local.strata.queue.onIdle();
    expect(local.bedrock.requests.length).toBe(before);
    expect((await local.thread(GENERAL, ts)).filter((m) => m.bot_id)).toHaveLength(0);
  });

  it("uses the person's settings over the channel's, and the channel's over the defaults", async () => {
    const store = settingsStore();
    await store.put({ kind: 'channel', id: 'D0ALICE' }, { temperature: 0.1, maxTokens: 300 }, 'U0ADMIN');
    await store.put({ kind: 'user', id: 'U0ALICE' }, { temperature: 0.9 }, 'U0ALICE');

    await local.slack.postAsUser({ user: 'U0ALICE', channel: 'D0ALICE', text: 'which settings apply?' });
    const request = await requestFor('which settings apply?');
    expect(request.body).toMatchObject({ inferenceConfig: { temperature: 0.9, maxTokens: 300 } });
    await store.put({ kind: 'user', id: 'U0ALICE' }, {}, 'U0ALICE');
  });

  it('notes in the reply when the model has no top_k instead of dropping it silently', async () => {
    local.bedrock.script({ chunks: ['Llama says hi.'] });
    const { ts } = await local.slack.postAsUser({
      user: 'U0ALICE',
      channel: GENERAL,
      text: `<@${BOT}> --model us.meta.llama3-2-11b-instruct-v1:0 --top-k 5 say hi`,
    });
    const reply = await finalReply(GENERAL, ts);
    expect(reply.text).toContain('Llama says hi.');
    expect(reply.text).toContain('has no top_k parameter, so top_k=5 was not applied');
    const request = await requestFor('say hi');
    expect(request.body).not.toHaveProperty('additionalModelRequestFields');
  });
});
