import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postAsPerson } from '../../src/local/slack/people-actions.js';
import { eventually, startTestStrata, type TestStrata } from '../helpers/local-strata.js';

const RANDOM = 'C0RANDOM';
const GENERAL = 'C0GENERAL';
const BOT = 'U0STRATA';
const THREADS = 50;

let local: TestStrata;

beforeAll(async () => {
  local = await startTestStrata({
    STRATA_ADMIN_USERS: 'U0ADMIN',
    STRATA_EMBEDDING_DIMENSIONS: '256',
    // A fast Tier 3 so the test is short; the backfill may use half of it.
    STRATA_HISTORY_CALLS_PER_MINUTE: '600',
    STRATA_BACKFILL_RATE_SHARE: '0.5',
    STRATA_HISTORY_PAGE_SIZE: '10',
  });
  // Slack's limits on, with history and replies at the same fast Tier 3 Strata was told about.
  const fastTier3 = { perMinute: 600, burst: 10 };
  local.slack.setRateLimits({
    methods: { 'conversations.history': fastTier3, 'conversations.replies': fastTier3 },
  });
  for (let i = 0; i < THREADS; i++) {
    const parent = postAsPerson(local.slack.workspace, {
      user: 'U0ALICE',
      channel: RANDOM,
      text: `Release checklist item ${i}: the billing migration step ${i} needs a review.`,
    });
    postAsPerson(local.slack.workspace, {
      user: 'U0BOB',
      channel: RANDOM,
      text: `Reviewed item ${i}.`,
      thread_ts: parent.message.ts,
    });
  }
});
afterAll(async () => {
  await local?.close();
});

// The test reads the emulator's store directly: its own polling must not spend Strata's Slack budget.
const textsIn = (channel: string) => local.slack.workspace.messages(channel).map((m) => m.message);
const repliesIn = (channel: string, ts: string) =>
  local.slack.workspace.replies(channel, ts).map((m) => m.message);

const backfillReplies = () =>
  local.slack.calls.filter((c) => c.method === 'conversations.replies' && c.params.channel === RANDOM);

describe('a backfill under Slack’s rate limits', () => {
  it('leaves room for a mention in a late-joined thread to read its history at once', async () => {
    // A thread people started before Strata was mentioned in it: its history is only in Slack.
    const parent = postAsPerson(local.slack.workspace, {
      user: 'U0ALICE',
      channel: GENERAL,
      text: 'The deploy freeze starts Friday at noon.',
    });
    postAsPerson(local.slack.workspace, {
      user: 'U0BOB',
      channel: GENERAL,
      text: 'Noted: the freeze covers the payments gateway as well.',
      thread_ts: parent.message.ts,
    });

    await local.slack.runCommand({
      user: 'U0ADMIN',
      channel: GENERAL,
      command: '/bedrock',
      text: 'index add #random',
    });
    await eventually(async () => backfillReplies().length >= 12 || undefined, { timeoutMs: 20_000 });

    // An admin asking for the status mid-backfill sees how far it got.
    await local.slack.runCommand({
      user: 'U0ADMIN',
      channel: GENERAL,
      command: '/bedrock',
      text: 'index status',
    });
    const status = await eventually(async () =>
      local.slack.ephemerals('U0ADMIN', GENERAL).find((e) => e.text.includes('#random: backfilling')),
    );
    expect(JSON.stringify(status.blocks)).toMatch(
      /Backfill: \d+ messages and \d+ threads read from \d+ pages? so far/,
    );

    const { ts } = await local.slack.postAsUser({
      user: 'U0ALICE',
      channel: GENERAL,
      text: `<@${BOT}> what does the freeze cover?`,
      thread_ts: parent.message.ts,
    });
    const reply = await eventually(
      async () => {
        const thread = repliesIn(GENERAL, parent.message.ts);
        const answer = thread.find((m) => m.user === BOT && m.ts > ts);
        const text = answer?.text ?? '';
        return text !== '' && text !== '_Thinking…_' && !text.endsWith('▍') ? text : undefined;
      },
      { timeoutMs: 15_000 },
    );
    expect(reply).not.toBe('');

    // The chat reply read the thread from Slack, and the model saw what was said before the mention.
    const threadRead = local.slack.calls.findIndex(
      (c) => c.method === 'conversations.replies' && c.params.channel === GENERAL,
    );
    expect(threadRead).toBeGreaterThan(-1);
    const prompt = JSON.stringify(
      local.bedrock.requests.findLast((r) => r.operation === 'converse-stream')?.body ?? {},
    );
    expect(prompt).toContain('The deploy freeze starts Friday at noon.');
    expect(prompt).toContain('the freeze covers the payments gateway as well');

    // It happened mid-backfill, and no one was told to wait: not the backfill, not the reply.
    const done = await eventually(
      async () => {
        return textsIn('D0ADMIN').find((m) =>
          m.text?.startsWith(`:white_check_mark: <#${RANDOM}> is indexed`),
        );
      },
      { timeoutMs: 30_000 },
    );
    expect(done.text).toContain(`${THREADS} threads read`);
    // The progress message in the admin's DM was edited as pages were read, before it said done.
    const progress = local.slack.calls
      .filter((c) => c.method === 'chat.update' && c.params.channel === 'D0ADMIN')
      .map((c) => String(c.params.text));
    expect(progress.length).toBeGreaterThan(1);
    expect(progress[0]).toMatch(
      /^:hourglass_flowing_sand: Indexing <#C0RANDOM>: 20 messages and 10 threads read from 1 page so far/,
    );
    expect(progress.at(-1)).toBe(done.text);
    const backfillAfter = local.slack.calls
      .slice(threadRead)
      .filter((c) => c.method === 'conversations.replies' && c.params.channel === RANDOM);
    expect(backfillAfter.length).toBeGreaterThan(0);
    expect(local.slack.rateLimited['conversations.replies']).toBeUndefined();
    expect(local.slack.rateLimited['conversations.history']).toBeUndefined();
  }, 60_000);
});
