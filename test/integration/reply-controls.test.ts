import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestStrata, type TestStrata } from '../helpers/local-strata.js';

let local: TestStrata;

beforeAll(async () => {
  local = await startTestStrata({ STRATA_HISTORY_TURNS: '0' });
});
afterAll(async () => {
  await local?.close();
});

const isFinal = (text: string) => text !== '_Thinking…_' && !text.endsWith('▍');

async function botReplies(ts: string, count = 1) {
  return eventually(
    async () => {
      const bots = (await local.thread('C0GENERAL', ts)).filter((m) => m.bot_id !== undefined);
      return bots.length >= count && bots.every((m) => isFinal(m.text)) ? bots : undefined;
    },
    { timeoutMs: 20_000 },
  );
}

describe('streamed replies under pressure and their buttons', () => {
  it('completes with the exact text when Slack answers 429 to edits', async () => {
    local.bedrock.script({ chunks: ['One ', 'two ', 'three ', 'four.'], delayMs: 40 });
    local.slack.failNext('chat.update', { status: 429, retryAfterSeconds: 1 }, 2);
    const updatesBefore = local.slack.calls.filter((c) => c.method === 'chat.update').length;
    const { ts } = await local.slack.postAsUser({
      user: 'U0ALICE',
      channel: 'C0GENERAL',
      text: '<@U0STRATA> count',
    });
    const [reply] = await botReplies(ts);
    expect(reply?.text).toBe('One two three four.');
    expect(
      local.slack.calls.filter((c) => c.method === 'chat.update').length - updatesBefore,
    ).toBeGreaterThanOrEqual(3);
  });

  it('splits a 20,000-character reply over several messages without losing a word', async () => {
    const paragraphs = Array.from(
      { length: 100 },
      (_, i) => `Paragraph ${i}: ${'lorem ipsum dolor '.repeat(11).trim()}.`,
    );
    const answer = paragraphs.join('\n\n');
    expect(answer.length).toBeGreaterThan(20_000);
    local.bedrock.script({ chunks: answer.match(/[\s\S]{1,700}/g) ?? [] });
    const { ts } = await local.slack.postAsUser({
      user: 'U0ALICE',
      channel: 'C0GENERAL',
      text: '<@U0STRATA> long answer',
    });
    const replies = await botReplies(ts, 6);
    for (const reply of replies) expect(reply.text.length).toBeLessThanOrEqual(4000);
    const joined = replies.map((r) => r.text).join('\n');
    for (let i = 0; i < 100; i++) expect(joined).toContain(`Paragraph ${i}:`);
  });

  it('stops a streaming reply when the person who asked presses Stop, and refuses anyone else', async () => {
    local.bedrock.script({ chunks: Array.from({ length: 60 }, (_, i) => `word${i} `), delayMs: 100 });
    const { ts } = await local.slack.postAsUser({
      user: 'U0ALICE',
      channel: 'C0GENERAL',
      text: '<@U0STRATA> ramble',
    });
    const streaming = await eventually(async () =>
      (await local.thread('C0GENERAL', ts)).find((m) => m.bot_id !== undefined && m.text.includes('word3')),
    );
    await local.slack.clickButton({
      user: 'U0BOB',
      channel: 'C0GENERAL',
      messageTs: streaming.ts,
      actionId: 'strata_reply_stop',
    });
    const refusal = await eventually(async () =>
      local.slack.ephemerals('U0BOB', 'C0GENERAL').find((m) => m.text.includes('who asked, can stop')),
    );
    expect(refusal.text).toContain('<@U0ALICE>');

    await local.slack.clickButton({
      user: 'U0ALICE',
      channel: 'C0GENERAL',
      messageTs: streaming.ts,
      actionId: 'strata_reply_stop',
    });
    const [reply] = await botReplies(ts);
    const raw = JSON.stringify(
      await local.strata.app.client.conversations.replies({ channel: 'C0GENERAL', ts }),
    );
    expect(raw).toContain('Stopped by <@U0ALICE>.');
    expect(reply?.text).not.toContain('word59');
  });

  it('answers the same question again with Regenerate', async () => {
    local.bedrock.script({ chunks: ['First answer.'] });
    const { ts } = await local.slack.postAsUser({
      user: 'U0ALICE',
      channel: 'C0GENERAL',
      text: '<@U0STRATA> pick a color',
    });
    const [first] = await botReplies(ts);
    expect(first?.text).toBe('First answer.');

    local.bedrock.script({ chunks: ['Second answer.'] });
    await local.slack.clickButton({
      user: 'U0ALICE',
      channel: 'C0GENERAL',
      messageTs: first?.ts ?? '',
      actionId: 'strata_reply_regenerate',
    });
    const replies = await botReplies(ts, 2);
    expect(replies.map((r) => r.text)).toEqual(['First answer.', 'Second answer.']);
    const asked = local.bedrock.requests.filter((r) => JSON.stringify(r.body).includes('pick a color'));
    expect(asked).toHaveLength(2);
  });
});
