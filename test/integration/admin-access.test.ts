import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestStrata, type TestStrata } from '../helpers/local-strata.js';

const ADMIN = 'U0ADMIN';
const GENERAL = 'C0GENERAL';
const LEADERS = 'G0LEADERS';

let local: TestStrata;

beforeAll(async () => {
  local = await startTestStrata();
});
afterAll(async () => {
  await local?.close();
});

const isFinal = (text: string) => text !== '_Thinking…_' && !text.endsWith('▍');

async function command(user: string, channel: string, text: string) {
  const before = local.slack.ephemerals(user, channel).length;
  await local.slack.runCommand({ user, channel, command: '/bedrock', text });
  return eventually(async () => local.slack.ephemerals(user, channel).slice(before).at(-1));
}

async function mention(user: string, channel: string, text: string) {
  const before = local.slack.ephemerals(user, channel).length;
  const { ts } = await local.slack.postAsUser({ user, channel, text: `<@U0STRATA> ${text}` });
  return eventually(async () => {
    const refusal = local.slack.ephemerals(user, channel).slice(before).at(-1);
    if (refusal) return { refused: refusal.text };
    const replies = (await local.thread(channel, ts)).filter((m) => m.bot_id !== undefined);
    return replies.length === 1 && replies.every((m) => isFinal(m.text))
      ? { reply: replies[0]?.text ?? '' }
      : undefined;
  });
}

const modelCalls = (text: string) =>
  local.bedrock.requests.filter((r) => JSON.stringify(r.body).includes(text)).length;

describe('token budgets', () => {
  it('stop a person at their budget with when it resets, and warn admins at 80% and 100%', async () => {
    const set = await command(ADMIN, GENERAL, 'budget <@U0ALICE> daily 1000');
    expect(set.text).toContain('*Token budget of <@U0ALICE>*');
    expect(set.text).toMatch(/Daily: 0 of 1,000 tokens \(0%\) · resets/);
    expect(set.text).toMatch(/Monthly: 0 of 2,000,000 tokens \(0%\) — default/);

    local.bedrock.script({ chunks: ['A long answer.'], usage: { inputTokens: 700, outputTokens: 150 } });
    expect(await mention('U0ALICE', GENERAL, 'first')).toMatchObject({ reply: 'A long answer.' });
    const warning = await eventually(async () => {
      const { messages = [] } = await local.strata.app.client.conversations.history({
        channel: 'D0ADMIN',
        limit: 20,
      });
      return messages.find((m) => (m.text ?? '').includes('Budget at 80%'));
    });
    expect(warning.text).toMatch(/<@U0ALICE> has used 85% of the daily token budget \(850 of 1,000\)/);

    local.bedrock.script({ chunks: ['Another answer.'], usage: { inputTokens: 100, outputTokens: 100 } });
    expect(await mention('U0ALICE', GENERAL, 'second')).toMatchObject({ reply: 'Another answer.' });
    await eventually(async () => {
      const { messages = [] } = await local.strata.app.client.conversations.history({
        channel: 'D0ADMIN',
        limit: 20,
      });
      return messages.find((m) => (m.text ?? '').includes('Budget spent: <@U0ALICE> has used 105%'));
    });

    const refused = await mention('U0ALICE', GENERAL, 'third question');
    expect(refused).toEqual({
      refused: expect.stringMatching(
        /^:warning: You have used the daily Strata budget of 1,000 tokens\. It resets at 00:00 UTC \(in .+\)\./,
      ),
    });
    expect(modelCalls('third question')).toBe(0);
    expect(await mention('U0BOB', GENERAL, 'bob is fine')).toMatchObject({ reply: expect.any(String) });
  });
});

describe('the channel allow-list and feature switches', () => {
  it('turn Strata off in a blocked channel and a feature off per channel, audited', async () => {
    const off = await command(ADMIN, GENERAL, `access feature chat off <#${LEADERS}|leadership>`);
    expect(off.text).toContain(`<#${LEADERS}>: default · features off: chat`);
    expect(await mention('U0ADMIN', LEADERS, 'chat here?')).toEqual({
      refused: ':warning: An admin turned `chat` off in this channel.',
    });

    await command(ADMIN, GENERAL, 'access block');
    expect(await mention('U0BOB', GENERAL, 'blocked?')).toEqual({
      refused:
        ':warning: Strata is not turned on in this channel. Ask a Strata admin to run `/bedrock access allow` here.',
    });
    expect(modelCalls('blocked?')).toBe(0);
    await command(ADMIN, GENERAL, 'access default');
    expect(await mention('U0BOB', GENERAL, 'back again')).toMatchObject({ reply: expect.any(String) });

    const audit = await command(ADMIN, GENERAL, 'audit 10');
    expect(audit.text).toMatch(/<@U0ADMIN> \*access.feature\* in <#C0GENERAL> · ok/);
    expect(audit.text).toMatch(/<@U0ADMIN> \*access.block\* in <#C0GENERAL> · ok/);
    expect(audit.text).toMatch(/<@U0ADMIN> \*budget.update\* in <#C0GENERAL> · ok/);
  });

  it('explains bad arguments with the usage line', async () => {
    const bad = await command(ADMIN, GENERAL, 'access feature poetry off');
    expect(bad.text).toContain('Say which feature (chat, sql, image, ask, agent) and on or off.');
    const budget = await command(ADMIN, GENERAL, 'budget <@U0BOB> weekly 5');
    expect(budget.text).toContain('Give daily or monthly and a token count');
    const refused = await command('U0BOB', GENERAL, 'budget <@U0BOB> daily 99999999');
    expect(refused.text).toContain('for Strata admins only');
  });
});
