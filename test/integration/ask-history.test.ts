import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postAsPerson } from '../../src/local/slack/people-actions.js';
import { createDynamoUsageStore, type UsageRecord } from '../../src/store/usage-store.js';
import { eventually, startTestStrata, type TestStrata } from '../helpers/local-strata.js';
import { localStrataTable } from './local-table.js';

const RANDOM = 'C0RANDOM';
const LEADERS = 'G0LEADERS';
const BOT = 'U0STRATA';

let local: TestStrata;
let decisionTs: string;
let budgetTs: string;

/** History written before Strata was in the channel: stored, no events. */
function history(user: string, channel: string, text: string, threadTs?: string): string {
  return postAsPerson(local.slack.workspace, {
    user,
    channel,
    text,
    ...(threadTs ? { thread_ts: threadTs } : {}),
  }).message.ts;
}

beforeAll(async () => {
  local = await startTestStrata({ STRATA_ADMIN_USERS: 'U0ADMIN', STRATA_EMBEDDING_DIMENSIONS: '512' });
  history('U0BOB', RANDOM, 'Lunch order for Friday: tacos or pizza?');
  const question = history('U0ALICE', RANDOM, 'When are we launching the Q3 release? I heard September 7.');
  history('U0BOB', RANDOM, 'September 7 was the first plan, but QA found blockers in billing.', question);
  decisionTs = history(
    'U0ADMIN',
    RANDOM,
    'Decision: the Q3 launch date is Tuesday, September 16, so QA can finish the billing migration.',
    question,
  );
  history('U0ALICE', RANDOM, 'The billing service had a short outage on Tuesday night.');
  history('U0BOB', RANDOM, 'Reminder: the <https://wiki.example.com/retro|retro notes> are in the wiki.');
  budgetTs = history('U0ADMIN', LEADERS, 'Confidential: the board approved the Q3 launch budget at $1.2M.');
  history('U0ALICE', LEADERS, 'If billing slips again, the Q3 launch date moves to September 30.');

  await indexChannel('#random', RANDOM);
  await indexChannel('#leadership', LEADERS);
});
afterAll(async () => {
  await local?.close();
});

const isFinal = (text: string) => text !== '_Thinking…_' && !text.endsWith('▍');

async function indexChannel(name: string, id: string) {
  const ack = await local.slack.runCommand({
    user: 'U0ADMIN',
    channel: 'C0GENERAL',
    command: '/bedrock',
    text: `index add ${name}`,
  });
  expect(ack.status).toBe(200);
  await eventually(
    async () => {
      const progress = await local.strata.app.client.conversations.history({ channel: 'D0ADMIN', limit: 20 });
      return progress.messages?.some((m) => m.text?.startsWith(`:white_check_mark: <#${id}> is indexed`));
    },
    { timeoutMs: 20_000 },
  );
}

/** Runs `/ask` as `user` and returns the finished answer from the user's DM with Strata. */
async function ask(user: string, dm: string, text: string): Promise<string> {
  const latest = async () =>
    (await local.strata.app.client.conversations.history({ channel: dm, limit: 1 })).messages?.[0];
  const before = (await latest())?.ts ?? '0';
  const ack = await local.slack.runCommand({ user, channel: 'C0GENERAL', command: '/ask', text });
  expect(ack.status).toBe(200);
  return eventually(
    async () => {
      const asked = await latest();
      if (!asked?.ts || asked.ts === before) return undefined;
      const [, reply] = await local.thread(dm, asked.ts);
      return reply && isFinal(reply.text) ? reply.text : undefined;
    },
    { timeoutMs: 15_000 },
  );
}

function lastPrompt(): string {
  return JSON.stringify(
    local.bedrock.requests.findLast((r) => r.operation === 'converse-stream')?.body ?? {},
  );
}

function synced(type: string, count: number): Promise<true> {
  return eventually(async () => {
    const lines = local.logs.filter((l) => l.includes('"index synced"') && l.includes(`"sync":"${type}"`));
    return lines.length >= count ? true : undefined;
  });
}

describe('answers from channel history', () => {
  it('reports each backfill in a progress message that ends in a done state', async () => {
    const page = await local.strata.app.client.conversations.history({ channel: 'D0ADMIN', limit: 20 });
    const done = page.messages?.find((m) => m.text?.startsWith(`:white_check_mark: <#${RANDOM}> is indexed`));
    expect(done?.text).toMatch(/is indexed: 6 messages searchable \(6 messages and 1 thread read/);
    expect(local.slack.ephemerals('U0ADMIN', 'C0GENERAL').map((e) => e.text)).toContainEqual(
      expect.stringContaining(`Indexing <#${RANDOM}>`),
    );
  });

  it('answers /ask in the asker’s DM, citing the source messages with permalinks, author and date', async () => {
    const answer = await ask('U0BOB', 'D0BOB', 'what did we decide about the Q3 launch date?');

    expect(answer).toContain('September 16');
    expect(answer).toContain('*Sources*');
    const permalink = `${local.slack.url}/archives/${RANDOM}/p${decisionTs.replace('.', '')}`;
    expect(answer).toContain(permalink);
    expect(answer).toMatch(/#random · Dana Admin · \w{3} \d{1,2}, \d{4}/);
    expect(lastPrompt()).toContain('Decision: the Q3 launch date is Tuesday, September 16');
    expect(lastPrompt()).toContain('<source id=\\"1\\"');
  });

  it('never shows a private channel to someone who is not in it: not in the prompt, not in the reply', async () => {
    const requestsBefore = local.bedrock.requests.length;
    const answer = await ask('U0BOB', 'D0BOB', 'what budget did the board approve for the Q3 launch?');

    expect(answer).not.toContain('1.2M');
    expect(answer).not.toContain('leadership');
    const prompts = local.bedrock.requests.slice(requestsBefore).map((r) => JSON.stringify(r.body));
    expect(prompts.join('\n')).not.toContain('1.2M');
    expect(prompts.join('\n')).not.toContain('September 30');
  });

  it('uses a private channel for its own members', async () => {
    const answer = await ask('U0ALICE', 'D0ALICE', 'what budget did the board approve for the Q3 launch?');
    expect(answer).toContain('1.2M');
    expect(answer).toContain(`${local.slack.url}/archives/${LEADERS}/p${budgetTs.replace('.', '')}`);
  });

  it('searches only the channel named with “in #channel”, and only if the asker is in it', async () => {
    const refused = await ask('U0BOB', 'D0BOB', 'what budget did the board approve? in #leadership');
    expect(refused).toContain("I can't search #leadership");
    expect(refused).not.toContain('1.2M');

    const requestsBefore = local.bedrock.requests.length;
    const answer = await ask('U0ALICE', 'D0ALICE', 'what is the Q3 launch date? in #random');
    expect(answer).toContain('September 16');
    const prompts = local.bedrock.requests.slice(requestsBefore).map((r) => JSON.stringify(r.body));
    // Alice is in #leadership too, but she asked about #random only.
    expect(prompts.join('\n')).not.toContain('September 30');
    expect(answer).not.toContain('#leadership');
  });

  it('answers a mention in an indexed channel in its thread, only from channels everyone there can read', async () => {
    const { ts } = await local.slack.postAsUser({
      user: 'U0ALICE',
      channel: RANDOM,
      text: `<@${BOT}> when is the Q3 launch date?`,
    });
    const reply = await eventually(async () => {
      const [, answer] = await local.thread(RANDOM, ts);
      return answer && isFinal(answer.text) ? answer.text : undefined;
    });
    // Alice is in #leadership, but Bob (in #random) is not: the public thread must not quote it.
    expect(reply).toContain('September 16');
    expect(reply).not.toContain('September 30');
    expect(lastPrompt()).not.toContain('September 30');
  });

  it('says so when nothing relevant is found, without calling the model', async () => {
    const before = local.bedrock.requests.filter((r) => r.operation === 'converse-stream').length;
    const answer = await ask('U0BOB', 'D0BOB', 'kubernetes helm chart rollout strategy');
    expect(answer).toMatch(/couldn't find anything about that .*#random/);
    expect(local.bedrock.requests.filter((r) => r.operation === 'converse-stream')).toHaveLength(before);
  });

  it('answers from the edited text after a message is edited', async () => {
    await local.slack.editAsUser({
      user: 'U0ADMIN',
      channel: RANDOM,
      ts: decisionTs,
      text: 'Decision: the Q3 launch date is Thursday, October 2, so QA can finish the billing migration.',
    });
    await synced('changed', 1);

    const answer = await ask('U0BOB', 'D0BOB', 'what did we decide about the Q3 launch date?');
    expect(answer).toContain('October 2');
    expect(lastPrompt()).toContain('October 2');
    expect(lastPrompt()).not.toContain('Tuesday, September 16');
  });

  it('never cites a deleted message again', async () => {
    await local.slack.deleteAsUser({ user: 'U0ADMIN', channel: RANDOM, ts: decisionTs });
    await synced('deleted', 1);

    const answer = await ask('U0BOB', 'D0BOB', 'what did we decide about the Q3 launch date?');
    expect(answer).not.toContain('October 2');
    expect(answer).not.toContain(decisionTs.replace('.', ''));
    expect(lastPrompt()).not.toContain('October 2');
  });

  it('rebuilds a channel from scratch on request, and a deleted message stays gone', async () => {
    const doneMessages = () =>
      local.slack.workspace
        .messages('D0ADMIN')
        .filter((m) => m.message.text.startsWith(`:white_check_mark: <#${RANDOM}> is indexed`));
    const before = doneMessages().length;
    await local.slack.runCommand({
      user: 'U0ADMIN',
      channel: 'C0GENERAL',
      command: '/bedrock',
      text: 'index rebuild #random',
    });
    const rebuilt = await eventually(async () => doneMessages()[before], { timeoutMs: 20_000 });
    // The six messages of history less the deleted one, plus Alice's mention; never Strata's own reply.
    expect(rebuilt.message.text).toMatch(/is indexed: 6 messages searchable \(7 messages and 2 threads read/);

    const answer = await ask('U0BOB', 'D0BOB', 'what did we decide about the Q3 launch date?');
    expect(answer).not.toContain('October 2');
    expect(lastPrompt()).not.toContain('October 2');
    expect(lastPrompt()).toContain('When are we launching the Q3 release?');
  });

  it('indexes new messages as they are posted, recording every embedding as a model call', async () => {
    const usageNow = async () => {
      await local.strata.queue.onIdle();
      const now = new Date();
      return createDynamoUsageStore({ table: localStrataTable(), retentionDays: 30 }).list({
        from: new Date(now.getTime() - 3_600_000),
        to: now,
      });
    };
    const embedding = 'amazon.titan-embed-text-v2:0';
    const indexing = (usage: UsageRecord[]) =>
      usage.filter((u) => u.feature === 'index' && u.channel === RANDOM && u.user === 'U0ADMIN');
    const before = indexing(await usageNow()).length;
    await local.slack.postAsUser({
      user: 'U0BOB',
      channel: RANDOM,
      text: 'The offsite is in Lisbon, October 20 to 22.',
    });
    await synced('posted', 2);

    const answer = await ask('U0BOB', 'D0BOB', 'where is the offsite?');
    expect(answer).toContain('Lisbon');

    // The synced message is billed to the admin who added #random; the question's embedding to its asker.
    const usage = await usageNow();
    expect(indexing(usage).length).toBeGreaterThan(before);
    expect(indexing(usage).every((u) => u.modelId === embedding && u.inputTokens > 0)).toBe(true);
    const asked = usage.filter((u) => u.feature === 'ask' && u.user === 'U0BOB');
    expect(asked.map((u) => u.modelId)).toContain(embedding);
    expect(asked.some((u) => u.modelId !== embedding && u.outputTokens > 0)).toBe(true);
  });

  it('never indexes Strata’s own replies', async () => {
    // Strata's answers in #random's threads all open with this disclaimer; were they indexed, it would match.
    const answer = await ask(
      'U0BOB',
      'D0BOB',
      'which answer quotes the closest messages instead of writing its own?',
    );
    expect(answer).toMatch(/couldn't find anything about that/);
  });

  it('shows admins each indexed channel with its message count in /bedrock index status', async () => {
    await local.slack.runCommand({
      user: 'U0ADMIN',
      channel: 'C0GENERAL',
      command: '/bedrock',
      text: 'index status',
    });
    const status = await eventually(async () =>
      local.slack.ephemerals('U0ADMIN', 'C0GENERAL').find((e) => e.text.includes('#random: ready')),
    );
    expect(status.text).toContain('#leadership: ready, 2 messages indexed');
    expect(JSON.stringify(status.blocks)).toContain('last sync');
  });

  it('answers /ask without a question, privately, with the usage line', async () => {
    const ack = await local.slack.runCommand({
      user: 'U0BOB',
      channel: 'C0GENERAL',
      command: '/ask',
      text: '',
    });
    expect(ack.status).toBe(200);
    const usage = await eventually(async () =>
      local.slack.ephemerals('U0BOB', 'C0GENERAL').find((e) => e.text.startsWith('Usage: `/ask')),
    );
    expect(usage.text).toContain('in #channel');
  });

  it('tells an admin plainly when the channel to index does not exist', async () => {
    await local.slack.runCommand({
      user: 'U0ADMIN',
      channel: 'C0GENERAL',
      command: '/bedrock',
      text: 'index add #nowhere',
    });
    const answer = await eventually(async () =>
      local.slack.ephemerals('U0ADMIN', 'C0GENERAL').find((e) => e.text.includes('#nowhere')),
    );
    expect(answer.text).toContain("I can't find #nowhere");
  });

  it('refuses index commands from people who are not admins', async () => {
    await local.slack.runCommand({
      user: 'U0BOB',
      channel: 'C0GENERAL',
      command: '/bedrock',
      text: 'index remove #random',
    });
    const refusal = await eventually(async () =>
      local.slack.ephemerals('U0BOB', 'C0GENERAL').find((e) => e.text.includes('/bedrock index')),
    );
    expect(refusal.text).toContain('admins only');
  });

  it('stops syncing an archived channel, and forgets a channel Strata was removed from', async () => {
    const event = (id: string, body: object) => ({
      token: 'legacy',
      team_id: 'T0LOCAL',
      api_app_id: 'A0STRATA',
      type: 'event_callback',
      event_id: id,
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [{ team_id: 'T0LOCAL', user_id: BOT, is_bot: true, is_enterprise_install: false }],
      event: body,
    });
    await local.slack.deliver(
      event('Ev0ARCHIVE', { type: 'channel_archive', channel: RANDOM, user: 'U0ADMIN' }),
    );
    await eventually(
      async () => local.logs.some((l) => l.includes('channel archive state recorded')) || undefined,
    );
    await local.slack.postAsUser({
      user: 'U0BOB',
      channel: RANDOM,
      text: 'The pottery class moved to Thursdays.',
    });
    await local.slack.runCommand({
      user: 'U0ADMIN',
      channel: 'C0GENERAL',
      command: '/bedrock',
      text: 'index status',
    });
    await eventually(async () =>
      local.slack.ephemerals('U0ADMIN', 'C0GENERAL').find((e) => e.text.includes('#random: archived')),
    );
    const archived = await ask('U0BOB', 'D0BOB', 'when is the pottery class?');
    expect(archived).not.toContain('Thursdays');

    await local.slack.deliver(
      event('Ev0LEFT', { type: 'member_left_channel', channel: LEADERS, user: BOT, channel_type: 'G' }),
    );
    await eventually(async () => local.logs.some((l) => l.includes('Strata left the channel')) || undefined);
    const answer = await ask('U0ALICE', 'D0ALICE', 'what budget did the board approve for the Q3 launch?');
    expect(answer).not.toContain('1.2M');
    expect(lastPrompt()).not.toContain('1.2M');
  });
});
