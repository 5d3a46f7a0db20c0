import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestStrata, type TestStrata } from '../helpers/local-strata.js';

let local: TestStrata;

beforeAll(async () => {
  local = await startTestStrata({ STRATA_STREAMING: 'auto' });
});
afterAll(async () => {
  await local?.close();
});

const methods = (name: string) => local.slack.calls.filter((c) => c.method === name);

/**
 * Native streams show no cursor, so a native reply is final once Slack has seen chat.stopStream for each
 * of its messages; an edited (fallback) reply is final when its cursor is gone.
 */
async function finalBotText(
  channel: string,
  ts: string,
  expected: number,
  path: 'native' | 'update' = 'native',
) {
  return eventually(async () => {
    const bots = (await local.thread(channel, ts)).filter((m) => m.bot_id !== undefined);
    const stopped = new Set(methods('chat.stopStream').map((c) => String(c.params.ts)));
    const final = (m: { ts: string; text: string }) =>
      path === 'native' ? stopped.has(m.ts) : !m.text.endsWith('▍') && m.text !== '_Thinking…_';
    return bots.length === expected && bots.every(final) ? bots : undefined;
  });
}

describe("replies through Slack's streaming methods", () => {
  it('starts a stream, appends only new text, and stops it with the whole answer shown', async () => {
    local.bedrock.script({ chunks: ['Hello ', 'from ', 'a **native** stream.'], delayMs: 30 });
    const { ts } = await local.slack.postAsUser({
      user: 'U0ALICE',
      channel: 'C0GENERAL',
      text: '<@U0STRATA> stream natively',
    });
    await eventually(async () => (methods('chat.stopStream').length > 0 ? true : undefined));
    const [reply] = await finalBotText('C0GENERAL', ts, 1);

    expect(reply?.text).toBe('Hello from a **native** stream.');
    const start = methods('chat.startStream')[0];
    expect(start?.params).toMatchObject({
      channel: 'C0GENERAL',
      thread_ts: ts,
      recipient_user_id: 'U0ALICE',
      recipient_team_id: 'T0LOCAL',
    });
    const appended = methods('chat.appendStream')
      .map((c) => String(c.params.markdown_text))
      .join('');
    const closing = String(methods('chat.stopStream')[0]?.params.markdown_text ?? '');
    expect(appended + closing).toBe('Hello from a **native** stream.');
    expect(methods('chat.update')).toHaveLength(0);
  });

  it('continues a reply longer than one streamed message in a new one, closing and reopening a code fence', async () => {
    const prose = Array.from(
      { length: 90 },
      (_, i) => `Line ${i} of the explanation, long enough to count.`,
    ).join('\n');
    const code = Array.from({ length: 200 }, (_, i) => `const value${i} = ${i};`).join('\n');
    const answer = `${prose}\n\n\`\`\`ts\n${code}\n\`\`\`\n\n${prose}`;
    local.bedrock.script({ chunks: answer.match(/[\s\S]{1,500}/g) ?? [] });
    const { ts } = await local.slack.postAsUser({
      user: 'U0ALICE',
      channel: 'C0GENERAL',
      text: '<@U0STRATA> long one',
    });
    const replies = await finalBotText('C0GENERAL', ts, 2);

    for (const reply of replies) {
      expect(reply.text.length).toBeLessThanOrEqual(12_000);
      expect((reply.text.match(/^```/gm) ?? []).length % 2).toBe(0);
    }
    const joined = replies.map((r) => r.text).join('\n');
    for (let i = 0; i < 200; i++) expect(joined).toContain(`const value${i} = ${i};`);
    expect(joined.match(/Line 89 of the explanation/g)).toHaveLength(2);
  });

  it('never lets model text ping the channel', async () => {
    local.bedrock.script({ chunks: ['Tell <!here> and @channel now'] });
    const { ts } = await local.slack.postAsUser({
      user: 'U0ALICE',
      channel: 'C0GENERAL',
      text: '<@U0STRATA> ping everyone',
    });
    const [reply] = await finalBotText('C0GENERAL', ts, 1);
    expect(reply?.text).not.toContain('<!here>');
    expect(reply?.text).not.toMatch(/(^|\s)@channel/);
  });

  it('falls back to chat.update when Slack refuses to stream, and keeps using it', async () => {
    local.slack.failNext('chat.startStream', { error: 'not_allowed_token_type' });
    local.bedrock.script({ chunks: ['Edited ', 'the classic way.'] });
    const updatesBefore = methods('chat.update').length;
    const { ts } = await local.slack.postAsUser({
      user: 'U0BOB',
      channel: 'C0GENERAL',
      text: '<@U0STRATA> fallback please',
    });
    const [reply] = await finalBotText('C0GENERAL', ts, 1, 'update');
    expect(reply?.text).toBe('Edited the classic way.');
    expect(methods('chat.update').length).toBeGreaterThan(updatesBefore);

    const startsBefore = methods('chat.startStream').length;
    local.bedrock.script({ chunks: ['Still classic.'] });
    const second = await local.slack.postAsUser({
      user: 'U0BOB',
      channel: 'C0GENERAL',
      text: '<@U0STRATA> again',
    });
    await finalBotText('C0GENERAL', second.ts, 1, 'update');
    expect(methods('chat.startStream').length).toBe(startsBefore);
  });
});
