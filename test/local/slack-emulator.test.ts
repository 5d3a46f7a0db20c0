import {
  ErrorCode,
  LogLevel,
  type WebAPIPlatformError,
  type WebAPIRateLimitedError,
  WebClient,
} from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type SlackEmulator, startSlackEmulator } from '../../src/local/slack/slack-emulator.js';

const botToken = 'xoxb-test-token';
const signingSecret = 'test-secret';

let emulator: SlackEmulator;
let client: WebClient;
let clock: number;

beforeEach(async () => {
  clock = 1_764_090_000_000;
  emulator = await startSlackEmulator({ signingSecret, botToken, now: () => clock });
  client = new WebClient(botToken, {
    slackApiUrl: emulator.apiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    logLevel: LogLevel.ERROR,
  });
});

afterEach(async () => {
  await emulator.close();
});

async function slackError(call: Promise<unknown>): Promise<string | undefined> {
  try {
    await call;
  } catch (error) {
    const platform = error as WebAPIPlatformError;
    if (platform.code === ErrorCode.PlatformError) return platform.data.error;
    throw error;
  }
  return undefined;
}

describe('Web API basics', () => {
  it('answers auth.test with the Strata bot identity', async () => {
    const auth = await client.auth.test();
    expect(auth).toMatchObject({
      ok: true,
      team_id: 'T0LOCAL',
      team: 'Strata Local',
      user_id: 'U0STRATA',
      bot_id: 'B0STRATA',
      url: `${emulator.url}/`,
    });
  });

  it('rejects a missing token with not_authed and a wrong one with invalid_auth', async () => {
    const anonymous = new WebClient(undefined, { slackApiUrl: emulator.apiUrl, retryConfig: { retries: 0 } });
    const wrong = new WebClient('xoxb-wrong', { slackApiUrl: emulator.apiUrl, retryConfig: { retries: 0 } });
    expect(await slackError(anonymous.auth.test())).toBe('not_authed');
    expect(await slackError(wrong.auth.test())).toBe('invalid_auth');
  });

  it('accepts the token as a form field and JSON bodies with a Bearer header', async () => {
    const form = await fetch(`${emulator.apiUrl}auth.test`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `token=${botToken}`,
    });
    expect(await form.json()).toMatchObject({ ok: true, user_id: 'U0STRATA' });

    const json = await fetch(`${emulator.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', authorization: `Bearer ${botToken}` },
      body: JSON.stringify({
        channel: 'C0GENERAL',
        text: 'from json',
        metadata: { event_type: 'x', event_payload: {} },
      }),
    });
    expect(await json.json()).toMatchObject({
      ok: true,
      message: { text: 'from json', metadata: { event_type: 'x' } },
    });
  });

  it('answers unknown methods with unknown_method', async () => {
    expect(await slackError(client.apiCall('chat.doesNotExist', {}))).toBe('unknown_method');
  });

  it('records calls with parsed params and without the token', async () => {
    await client.chat.postMessage({ channel: 'C0GENERAL', text: 'hi', blocks: [{ type: 'divider' }] });
    const call = emulator.calls.at(-1);
    expect(call).toMatchObject({ method: 'chat.postMessage', at: clock });
    expect(call?.params).toEqual({ channel: 'C0GENERAL', text: 'hi', blocks: [{ type: 'divider' }] });
  });

  it('looks up users, channels and members', async () => {
    const user = await client.users.info({ user: 'U0ALICE' });
    expect(user.user).toMatchObject({ name: 'alice', real_name: 'Alice Park', is_bot: false });
    expect(await slackError(client.users.info({ user: 'U0NOBODY' }))).toBe('user_not_found');

    const info = await client.conversations.info({ channel: 'C0RANDOM' });
    expect(info.channel).toMatchObject({ name: 'random', is_private: false, is_member: false });
    const members = await client.conversations.members({ channel: 'G0LEADERS' });
    expect(members.members).toEqual(['U0ADMIN', 'U0ALICE', 'U0STRATA']);
  });
});

describe('finding conversations', () => {
  it('lists the conversations the bot can see, by type', async () => {
    const publicOnly = await client.conversations.list();
    expect(publicOnly.channels?.map((c) => c.id)).toEqual(['C0GENERAL', 'C0RANDOM']);
    const all = await client.conversations.list({ types: 'public_channel,private_channel,im' });
    expect(all.channels?.map((c) => c.id)).toEqual([
      'C0GENERAL',
      'C0RANDOM',
      'G0LEADERS',
      'D0ALICE',
      'D0BOB',
      'D0ADMIN',
    ]);
  });

  it('opens the DM with a person and posts there when given their user ID', async () => {
    const opened = await client.conversations.open({ users: 'U0BOB' });
    expect(opened.channel?.id).toBe('D0BOB');
    const posted = await client.chat.postMessage({ channel: 'U0BOB', text: 'hi bob' });
    expect(posted.channel).toBe('D0BOB');
    const history = await client.conversations.history({ channel: 'D0BOB' });
    expect(history.messages?.map((m) => m.text)).toEqual(['hi bob']);
  });

  it('joins a public channel, after which it may post there', async () => {
    await client.conversations.join({ channel: 'C0RANDOM' });
    await expect(client.chat.postMessage({ channel: 'C0RANDOM', text: 'hello' })).resolves.toMatchObject({
      ok: true,
    });
  });
});

describe('posting messages', () => {
  it('stores a bot message that history returns with bot_id, app_id and the bot user', async () => {
    const posted = await client.chat.postMessage({ channel: 'C0GENERAL', text: 'Hello *team*' });
    expect(posted).toMatchObject({ ok: true, channel: 'C0GENERAL', ts: '1764090000.000100' });

    const history = await client.conversations.history({ channel: 'C0GENERAL' });
    expect(history.messages).toEqual([
      expect.objectContaining({
        ts: posted.ts,
        text: 'Hello *team*',
        user: 'U0STRATA',
        bot_id: 'B0STRATA',
        app_id: 'A0STRATA',
      }),
    ]);
  });

  it('gives every message a unique, increasing ts from the clock', async () => {
    const a = await client.chat.postMessage({ channel: 'C0GENERAL', text: 'a' });
    const b = await client.chat.postMessage({ channel: 'C0GENERAL', text: 'b' });
    clock += 1500;
    const c = await client.chat.postMessage({ channel: 'C0GENERAL', text: 'c' });
    expect([a.ts, b.ts, c.ts]).toEqual(['1764090000.000100', '1764090000.000200', '1764090001.500100']);
  });

  it('parses form-encoded blocks the SDK sends as JSON strings', async () => {
    const blocks = [
      { type: 'section', text: { type: 'mrkdwn', text: '*SQL*' } },
      {
        type: 'actions',
        elements: [{ type: 'button', text: { type: 'plain_text', text: 'Run' }, action_id: 'run' }],
      },
    ];
    const posted = await client.chat.postMessage({ channel: 'C0GENERAL', text: 'fallback', blocks });
    expect(posted.message?.blocks).toEqual(blocks);
    const history = await client.conversations.history({ channel: 'C0GENERAL' });
    expect(history.messages?.[0]?.blocks).toEqual(blocks);
  });

  it('turns markdown_text into a markdown block', async () => {
    const posted = await client.chat.postMessage({ channel: 'D0ALICE', markdown_text: '**bold** answer' });
    expect(posted.message).toMatchObject({
      text: '**bold** answer',
      blocks: [{ type: 'markdown', text: '**bold** answer' }],
    });
  });

  it('validates content like Slack', async () => {
    expect(await slackError(client.chat.postMessage({ channel: 'C0GENERAL', text: '' }))).toBe('no_text');
    expect(
      await slackError(client.apiCall('chat.postMessage', { channel: 'C0GENERAL', blocks: 'nope' })),
    ).toBe('invalid_blocks');
    expect(
      await slackError(client.chat.postMessage({ channel: 'C0GENERAL', text: 'x'.repeat(40_001) })),
    ).toBe('msg_too_long');
    expect(await slackError(client.chat.postMessage({ channel: 'C0NOPE', text: 'hi' }))).toBe(
      'channel_not_found',
    );
    expect(
      await slackError(client.chat.postMessage({ channel: 'C0GENERAL', text: 'hi', thread_ts: '1.000000' })),
    ).toBe('thread_not_found');
  });

  it('refuses to post where the bot is not a member (no chat:write.public locally)', async () => {
    expect(await slackError(client.chat.postMessage({ channel: 'C0RANDOM', text: 'hi' }))).toBe(
      'not_in_channel',
    );
    expect(await slackError(client.conversations.history({ channel: 'C0RANDOM' }))).toBe('not_in_channel');
  });

  it('threads replies under their parent and summarises them on it', async () => {
    const { ts: parentTs } = await emulator.postAsUser({
      user: 'U0ALICE',
      channel: 'C0GENERAL',
      text: 'question',
    });
    const first = await client.chat.postMessage({ channel: 'C0GENERAL', thread_ts: parentTs, text: 'one' });
    const second = await client.chat.postMessage({ channel: 'C0GENERAL', thread_ts: parentTs, text: 'two' });

    const replies = await client.conversations.replies({ channel: 'C0GENERAL', ts: parentTs });
    expect(replies.messages?.map((m) => m.text)).toEqual(['question', 'one', 'two']);
    expect(replies.messages?.[0]).toMatchObject({
      reply_count: 2,
      latest_reply: second.ts,
      reply_users: ['U0STRATA'],
      thread_ts: parentTs,
    });
    expect(replies.messages?.[1]).toMatchObject({
      thread_ts: parentTs,
      parent_user_id: 'U0ALICE',
      ts: first.ts,
    });

    const history = await client.conversations.history({ channel: 'C0GENERAL' });
    expect(history.messages?.map((m) => m.text)).toEqual(['question']);
  });

  it('updates only its own messages and marks them edited', async () => {
    const posted = await client.chat.postMessage({ channel: 'C0GENERAL', text: 'draft' });
    const updated = await client.chat.update({ channel: 'C0GENERAL', ts: posted.ts ?? '', text: 'final' });
    expect(updated.message).toMatchObject({ text: 'final', edited: { user: 'U0STRATA' } });

    const { ts } = await emulator.postAsUser({ user: 'U0BOB', channel: 'C0GENERAL', text: 'mine' });
    expect(await slackError(client.chat.update({ channel: 'C0GENERAL', ts, text: 'hijack' }))).toBe(
      'cant_update_message',
    );
    expect(await slackError(client.chat.update({ channel: 'C0GENERAL', ts: '2.000000', text: 'x' }))).toBe(
      'message_not_found',
    );
  });

  it('deletes a message so history no longer has it', async () => {
    const posted = await client.chat.postMessage({ channel: 'C0GENERAL', text: 'oops' });
    await client.chat.delete({ channel: 'C0GENERAL', ts: posted.ts ?? '' });
    const history = await client.conversations.history({ channel: 'C0GENERAL' });
    expect(history.messages).toEqual([]);
    expect(await slackError(client.chat.delete({ channel: 'C0GENERAL', ts: posted.ts ?? '' }))).toBe(
      'message_not_found',
    );
  });

  it('keeps ephemeral messages out of history', async () => {
    const sent = await client.chat.postEphemeral({ channel: 'C0GENERAL', user: 'U0BOB', text: 'psst' });
    expect(sent.message_ts).toMatch(/^\d{10}\.\d{6}$/);
    const history = await client.conversations.history({ channel: 'C0GENERAL' });
    expect(history.messages).toEqual([]);
    expect(
      await slackError(client.chat.postEphemeral({ channel: 'G0LEADERS', user: 'U0BOB', text: 'x' })),
    ).toBe('user_not_in_channel');
  });

  it('builds permalinks for messages and thread replies', async () => {
    const { ts: parentTs } = await emulator.postAsUser({ user: 'U0ALICE', channel: 'C0GENERAL', text: 'q' });
    const reply = await client.chat.postMessage({ channel: 'C0GENERAL', thread_ts: parentTs, text: 'a' });
    const top = await client.chat.getPermalink({ channel: 'C0GENERAL', message_ts: parentTs });
    const nested = await client.chat.getPermalink({ channel: 'C0GENERAL', message_ts: reply.ts ?? '' });
    expect(top.permalink).toBe(`${emulator.url}/archives/C0GENERAL/p${parentTs.replace('.', '')}`);
    expect(nested.permalink).toBe(
      `${emulator.url}/archives/C0GENERAL/p${reply.ts?.replace('.', '')}?thread_ts=${parentTs}&cid=C0GENERAL`,
    );
  });

  it('adds a reaction once and answers already_reacted after', async () => {
    const posted = await client.chat.postMessage({ channel: 'C0GENERAL', text: 'nice' });
    await client.reactions.add({ channel: 'C0GENERAL', timestamp: posted.ts ?? '', name: 'eyes' });
    expect(
      await slackError(
        client.reactions.add({ channel: 'C0GENERAL', timestamp: posted.ts ?? '', name: 'eyes' }),
      ),
    ).toBe('already_reacted');
    const history = await client.conversations.history({ channel: 'C0GENERAL' });
    expect(history.messages?.[0]?.reactions).toEqual([{ name: 'eyes', users: ['U0STRATA'], count: 1 }]);
  });
});

describe('paging', () => {
  it('pages history newest first with cursors, has_more and bounds', async () => {
    const ts: string[] = [];
    for (const text of ['m1', 'm2', 'm3', 'm4', 'm5']) {
      ts.push((await client.chat.postMessage({ channel: 'C0GENERAL', text })).ts ?? '');
    }
    const texts: string[][] = [];
    let cursor: string | undefined;
    do {
      const page = await client.conversations.history({ channel: 'C0GENERAL', limit: 2, cursor });
      texts.push(page.messages?.map((m) => m.text ?? '') ?? []);
      expect(page.has_more).toBe(page.response_metadata?.next_cursor !== '');
      cursor = page.response_metadata?.next_cursor || undefined;
    } while (cursor);
    expect(texts).toEqual([['m5', 'm4'], ['m3', 'm2'], ['m1']]);

    const bounded = await client.conversations.history({
      channel: 'C0GENERAL',
      oldest: ts[1],
      latest: ts[3],
    });
    expect(bounded.messages?.map((m) => m.text)).toEqual(['m3']);
    const inclusive = await client.conversations.history({
      channel: 'C0GENERAL',
      oldest: ts[1],
      latest: ts[3],
      inclusive: true,
    });
    expect(inclusive.messages?.map((m) => m.text)).toEqual(['m4', 'm3', 'm2']);
  });

  it('pages thread replies oldest first, parent on the first page', async () => {
    const { ts: parentTs } = await emulator.postAsUser({ user: 'U0ALICE', channel: 'D0ALICE', text: 'p' });
    for (const text of ['r1', 'r2', 'r3']) {
      await client.chat.postMessage({ channel: 'D0ALICE', thread_ts: parentTs, text });
    }
    const first = await client.conversations.replies({ channel: 'D0ALICE', ts: parentTs, limit: 2 });
    expect(first.messages?.map((m) => m.text)).toEqual(['p', 'r1']);
    expect(first.has_more).toBe(true);
    const second = await client.conversations.replies({
      channel: 'D0ALICE',
      ts: parentTs,
      limit: 2,
      cursor: first.response_metadata?.next_cursor,
    });
    expect(second.messages?.map((m) => m.text)).toEqual(['r2', 'r3']);
    expect(second).toMatchObject({ has_more: false, response_metadata: { next_cursor: '' } });
  });
});

describe('streaming messages and assistant status', () => {
  it('concatenates appended markdown and refuses appends after stop', async () => {
    const { ts: parentTs } = await emulator.postAsUser({
      user: 'U0ALICE',
      channel: 'D0ALICE',
      text: 'explain',
    });
    await client.assistant.threads.setStatus({
      channel_id: 'D0ALICE',
      thread_ts: parentTs,
      status: 'is thinking…',
    });
    expect(emulator.workspace.status('D0ALICE', parentTs)).toBe('is thinking…');

    const started = await client.chat.startStream({
      channel: 'D0ALICE',
      thread_ts: parentTs,
      markdown_text: 'Hel',
    });
    const ts = started.ts ?? '';
    expect(emulator.workspace.status('D0ALICE', parentTs)).toBe('');
    await client.chat.appendStream({ channel: 'D0ALICE', ts, markdown_text: 'lo, ' });
    await client.chat.appendStream({
      channel: 'D0ALICE',
      ts,
      chunks: [{ type: 'markdown_text', text: '**world**' }],
    });
    const stopped = await client.chat.stopStream({
      channel: 'D0ALICE',
      ts,
      markdown_text: '!',
      blocks: [{ type: 'context', elements: [{ type: 'mrkdwn', text: 'model: test' }] }],
    });
    expect(stopped.message).toMatchObject({
      text: 'Hello, **world**!',
      blocks: [{ type: 'markdown', text: 'Hello, **world**!' }, { type: 'context' }],
    });

    const thread = await client.conversations.replies({ channel: 'D0ALICE', ts: parentTs });
    expect(thread.messages?.[1]).toMatchObject({ ts, text: 'Hello, **world**!', bot_id: 'B0STRATA' });
    expect(
      await slackError(client.chat.appendStream({ channel: 'D0ALICE', ts, markdown_text: 'more' })),
    ).toBe('message_not_in_streaming_state');
  });

  it('clears the assistant status when the bot replies in the thread', async () => {
    const { ts: parentTs } = await emulator.postAsUser({ user: 'U0BOB', channel: 'D0BOB', text: 'hi' });
    await client.assistant.threads.setStatus({
      channel_id: 'D0BOB',
      thread_ts: parentTs,
      status: 'is typing…',
    });
    await client.chat.postMessage({ channel: 'D0BOB', thread_ts: parentTs, text: 'hello' });
    expect(emulator.workspace.status('D0BOB', parentTs)).toBe('');
  });
});

describe('fault injection', () => {
  it('answers 429 with Retry-After for the next calls of a method, then recovers', async () => {
    emulator.failNext('chat.postMessage', { status: 429, retryAfterSeconds: 7 });
    const error = await client.chat.postMessage({ channel: 'C0GENERAL', text: 'x' }).catch((e: unknown) => e);
    expect((error as WebAPIRateLimitedError).code).toBe(ErrorCode.RateLimitedError);
    expect((error as WebAPIRateLimitedError).retryAfter).toBe(7);
    await expect(client.chat.postMessage({ channel: 'C0GENERAL', text: 'x' })).resolves.toMatchObject({
      ok: true,
    });
  });

  it('answers an injected platform error the given number of times', async () => {
    emulator.failNext('chat.update', { error: 'edit_window_closed' }, 2);
    const posted = await client.chat.postMessage({ channel: 'C0GENERAL', text: 'x' });
    const update = () => client.chat.update({ channel: 'C0GENERAL', ts: posted.ts ?? '', text: 'y' });
    expect(await slackError(update())).toBe('edit_window_closed');
    expect(await slackError(update())).toBe('edit_window_closed');
    expect(await slackError(update())).toBeUndefined();
  });
});

describe('directory and ephemeral messages', () => {
  it('lists users and the members of the strata-admins group', async () => {
    const users = await client.users.list({});
    expect(users.members?.map((u) => u.id)).toEqual(['U0ALICE', 'U0BOB', 'U0ADMIN', 'U0STRATA']);
    const groups = await client.usergroups.list({ include_users: true });
    expect(groups.usergroups).toEqual([
      expect.objectContaining({ id: 'S0ADMINS', handle: 'strata-admins', users: ['U0ADMIN'] }),
    ]);
    const admins = await client.usergroups.users.list({ usergroup: 'S0ADMINS' });
    expect(admins.users).toEqual(['U0ADMIN']);
    expect(await slackError(client.usergroups.users.list({ usergroup: 'S0NOPE' }))).toBe('no_such_subteam');
  });

  it('shows chat.postEphemeral only to its user, in the thread it names, and never in history', async () => {
    const { ts: parentTs } = await emulator.postAsUser({ user: 'U0ALICE', channel: 'C0GENERAL', text: 'q' });
    const { message_ts } = await client.chat.postEphemeral({
      channel: 'C0GENERAL',
      user: 'U0ALICE',
      text: 'just for you',
      thread_ts: parentTs,
    });

    expect(emulator.ephemerals('U0ALICE')).toEqual([
      { ts: message_ts, channel: 'C0GENERAL', text: 'just for you', thread_ts: parentTs },
    ]);
    expect(emulator.ephemerals('U0BOB')).toEqual([]);
    expect(emulator.ephemerals('U0ALICE', 'C0RANDOM')).toEqual([]);
    const replies = await client.conversations.replies({ channel: 'C0GENERAL', ts: parentTs });
    expect(replies.messages?.map((m) => m.text)).toEqual(['q']);
    expect(
      await slackError(client.chat.postEphemeral({ channel: 'G0LEADERS', user: 'U0BOB', text: 'x' })),
    ).toBe('user_not_in_channel');
  });
});
