import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type SlackEmulator, startSlackEmulator } from '../../src/local/slack/slack-emulator.js';

const botToken = 'xoxb-playground-test';

let emulator: SlackEmulator;
let client: WebClient;
const streams: AbortController[] = [];

beforeEach(async () => {
  emulator = await startSlackEmulator({ signingSecret: 'secret', botToken });
  client = new WebClient(botToken, { slackApiUrl: emulator.apiUrl, retryConfig: { retries: 0 } });
});

afterEach(async () => {
  for (const stream of streams.splice(0)) stream.abort();
  await emulator.close();
});

interface StateMessage {
  channel: string;
  ts: string;
  text: string;
  ephemeral: boolean;
}
interface State {
  channels: { id: string; name: string }[];
  messages: StateMessage[];
}

async function stateOf(user: string): Promise<State> {
  const response = await fetch(`${emulator.url}/playground/state?user=${user}`);
  expect(response.status).toBe(200);
  return (await response.json()) as State;
}

async function postJson(path: string, body: unknown) {
  const response = await fetch(`${emulator.url}/playground/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

/** Opens the page's live stream for `user` and collects its events. */
async function liveEvents(user: string) {
  const controller = new AbortController();
  streams.push(controller);
  const response = await fetch(`${emulator.url}/playground/events?user=${user}`, {
    signal: controller.signal,
  });
  expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const events: { event: string; data: Record<string, unknown> }[] = [];
  const reader = response.body?.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  void (async () => {
    for (;;) {
      const chunk = await reader?.read().catch(() => undefined);
      if (!chunk || chunk.done) return;
      buffer += chunk.value;
      let end = buffer.indexOf('\n\n');
      while (end >= 0) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.+)$/m.exec(frame)?.[1];
        const data = /^data: (.+)$/m.exec(frame)?.[1];
        if (event && data) events.push({ event, data: JSON.parse(data) });
        end = buffer.indexOf('\n\n');
      }
    }
  })();
  // the response headers arrive only after the server registered the subscription
  return events;
}

async function until<T>(check: () => T | undefined): Promise<T> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('playground page', () => {
  it('serves the page with its composer, and its scripts as JavaScript', async () => {
    const page = await fetch(`${emulator.url}/`);
    const html = await page.text();
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(html).toContain('data-testid="composer-input"');
    expect(html).toContain('data-testid="thread-pane"');
    // One minified bundle of the page's modules and one of its styles, each with its source map.
    const script = await fetch(`${emulator.url}/app.js`);
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(await script.text()).toMatch(/\/\/# sourceMappingURL=app\.js\.map\s*$/);
    const map = (await (await fetch(`${emulator.url}/app.js.map`)).json()) as { sources: string[] };
    expect(map.sources).toEqual(expect.arrayContaining(['app.js', 'format.js', 'messages.js']));
    const styles = await fetch(`${emulator.url}/page.css`);
    expect(styles.headers.get('content-type')).toMatch(/^text\/css/);
    expect(await styles.text()).toContain('.day-divider');
    expect((await fetch(`${emulator.url}/format.js`)).status).toBe(404);
    const permalink = await fetch(`${emulator.url}/archives/C0GENERAL/p1764090000000100`);
    expect(await permalink.text()).toBe(html);
  });
});

describe('playground state', () => {
  it('hides a private channel and its messages from a non-member', async () => {
    await client.chat.postMessage({ channel: 'G0LEADERS', text: 'quarterly numbers' });

    const bob = await stateOf('U0BOB');
    expect(bob.channels.map((c) => c.id)).toEqual(['C0GENERAL', 'C0RANDOM', 'D0BOB']);
    expect(bob.messages).toEqual([]);

    const alice = await stateOf('U0ALICE');
    expect(alice.channels.map((c) => c.id)).toContain('G0LEADERS');
    expect(alice.messages.map((m) => m.text)).toEqual(['quarterly numbers']);
  });

  it('shows an ephemeral message only to its user', async () => {
    await client.chat.postEphemeral({ channel: 'C0GENERAL', user: 'U0BOB', text: 'only for bob' });
    expect((await stateOf('U0BOB')).messages).toEqual([
      expect.objectContaining({ text: 'only for bob', ephemeral: true }),
    ]);
    expect((await stateOf('U0ALICE')).messages).toEqual([]);
  });

  it('rejects unknown users', async () => {
    const response = await fetch(`${emulator.url}/playground/state?user=U0STRATA`);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ ok: false, error: 'user_not_found' });
  });
});

describe('playground actions', () => {
  it('posts a message as the selected person, visible to the bot through the Web API', async () => {
    const posted = await postJson('messages', {
      user: 'U0BOB',
      channel: 'C0GENERAL',
      text: 'hi <@U0STRATA>',
    });
    expect(posted).toMatchObject({ status: 200, json: { ok: true } });
    const history = await client.conversations.history({ channel: 'C0GENERAL' });
    expect(history.messages).toEqual([
      expect.objectContaining({ ts: posted.json.ts, user: 'U0BOB', text: 'hi <@U0STRATA>' }),
    ]);
  });

  it('lets people edit and delete only their own messages', async () => {
    const { ts } = await emulator.postAsUser({ user: 'U0ALICE', channel: 'C0GENERAL', text: 'hello' });
    const hijack = await postJson('messages/update', { user: 'U0BOB', channel: 'C0GENERAL', ts, text: 'x' });
    expect(hijack).toEqual({ status: 400, json: { ok: false, error: 'cant_update_message' } });

    await postJson('messages/update', { user: 'U0ALICE', channel: 'C0GENERAL', ts, text: 'hello again' });
    let messages = (await stateOf('U0ALICE')).messages;
    expect(messages).toEqual([expect.objectContaining({ text: 'hello again', edited: expect.anything() })]);

    const removed = await postJson('messages/delete', { user: 'U0ALICE', channel: 'C0GENERAL', ts });
    expect(removed.json).toEqual({ ok: true });
    messages = (await stateOf('U0ALICE')).messages;
    expect(messages).toEqual([]);
  });

  it('refuses posts to a private channel from a non-member', async () => {
    const posted = await postJson('messages', { user: 'U0BOB', channel: 'G0LEADERS', text: 'let me in' });
    expect(posted).toEqual({ status: 400, json: { ok: false, error: 'channel_not_found' } });
  });
});

describe('live updates', () => {
  it('streams message_changed when the bot updates its message', async () => {
    const events = await liveEvents('U0ALICE');
    const posted = await client.chat.postMessage({ channel: 'C0GENERAL', text: 'Thinking…' });
    await client.chat.update({ channel: 'C0GENERAL', ts: posted.ts ?? '', text: 'Here is the answer' });

    const changed = await until(() => events.find((e) => e.event === 'message_changed'));
    expect(events[0]).toMatchObject({ event: 'message_added', data: { ts: posted.ts, text: 'Thinking…' } });
    expect(changed.data).toMatchObject({
      channel: 'C0GENERAL',
      ts: posted.ts,
      text: 'Here is the answer',
      bot_id: 'B0STRATA',
      edited: { user: 'U0STRATA' },
    });
  });

  it('streams growing text and the assistant status of a thread', async () => {
    const events = await liveEvents('U0ALICE');
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
    const { ts } = await client.chat.startStream({
      channel: 'D0ALICE',
      thread_ts: parentTs,
      markdown_text: 'A',
    });
    await client.chat.appendStream({ channel: 'D0ALICE', ts: ts ?? '', markdown_text: 'B' });
    await client.chat.stopStream({ channel: 'D0ALICE', ts: ts ?? '' });

    await until(() => events.find((e) => e.data.ts === ts && e.data.streaming === false));
    const streamed = events
      .filter((e) => e.data.ts === ts)
      .map((e) => [e.event, e.data.text, e.data.streaming]);
    expect(streamed).toEqual([
      ['message_added', 'A', true],
      ['message_changed', 'AB', true],
      ['message_changed', 'AB', false],
    ]);
    const statuses = events.filter((e) => e.event === 'status_changed').map((e) => e.data.status);
    expect(statuses).toEqual(['is thinking…', '']);
  });

  it('does not stream a private channel to a non-member', async () => {
    const bob = await liveEvents('U0BOB');
    const alice = await liveEvents('U0ALICE');
    await client.chat.postMessage({ channel: 'G0LEADERS', text: 'secret' });
    await client.chat.postMessage({ channel: 'C0GENERAL', text: 'public' });
    await until(() => (bob.length > 0 && alice.length > 1 ? true : undefined));
    expect(bob.map((e) => e.data.text)).toEqual(['public']);
    expect(alice.map((e) => e.data.text)).toEqual(['secret', 'public']);
  });
});

describe('slash commands and modals for the page', () => {
  it("lists the app's slash commands from the manifest, and none when it is missing or not JSON", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'manifest-'));
    const path = join(dir, 'manifest.json');
    const withManifest = await startSlackEmulator({ signingSecret: 's', botToken, manifestPath: path });
    const commandsOf = async () => {
      const response = await fetch(`${withManifest.url}/playground/state?user=U0ALICE`);
      return ((await response.json()) as { commands: unknown[] }).commands;
    };
    try {
      expect(await commandsOf()).toEqual([]);
      await writeFile(path, '{ not json');
      expect(await commandsOf()).toEqual([]);
      await writeFile(
        path,
        JSON.stringify({ features: { slash_commands: [{ command: '/sql', usage_hint: '[question]' }] } }),
      );
      expect(await commandsOf()).toEqual([{ command: '/sql', description: '', usage_hint: '[question]' }]);
    } finally {
      await withManifest.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('runs a command for the page and tells it the app did not answer', async () => {
    const result = await postJson('commands', {
      user: 'U0ALICE',
      channel: 'C0GENERAL',
      command: '/sql',
      text: 'x',
    });
    expect(result.json).toMatchObject({ ok: true, status: 0, body: 'dispatch_failed: no events url' });
    const refused = await postJson('commands', {
      user: 'U0BOB',
      channel: 'G0LEADERS',
      command: '/sql',
      text: '',
    });
    expect(refused).toMatchObject({ status: 400, json: { ok: false, error: 'channel_not_found' } });
  });

  it('shares a file the page uploads, and serves it to the page only with its session cookie', async () => {
    const upload = await fetch(
      `${emulator.url}/playground/files?user=U0ALICE&channel=C0GENERAL&filename=q.sql&text=look`,
      { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'SELECT 1;' },
    );
    expect(await upload.json()).toMatchObject({ ok: true });
    const [stored] = emulator.workspace.messages('C0GENERAL');
    expect(stored?.message).toMatchObject({
      subtype: 'file_share',
      text: 'look',
      files: [{ name: 'q.sql' }],
    });

    const url = stored?.message.files?.[0]?.url_private ?? '';
    expect((await fetch(url)).status).toBe(403);
    const page = await fetch(`${emulator.url}/`);
    const cookie = page.headers.get('set-cookie')?.split(';')[0] ?? '';
    const download = await fetch(url, { headers: { cookie } });
    expect(await download.text()).toBe('SELECT 1;');
  });
});
