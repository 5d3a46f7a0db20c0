import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import { afterEach, describe, expect, it } from 'vitest';
import { type SlackEmulator, startSlackEmulator } from '../../src/local/slack/slack-emulator.js';

const botToken = 'xoxb-events-test';
const signingSecret = 'events-secret';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  envelope: { event_id: string; event: Record<string, unknown> } & Record<string, unknown>;
}

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function emulatorWith(options: Partial<Parameters<typeof startSlackEmulator>[0]> = {}) {
  const emulator = await startSlackEmulator({
    signingSecret,
    botToken,
    eventRetryDelaysMs: [5, 5, 5],
    ...options,
  });
  cleanups.push(() => emulator.close());
  return emulator;
}

/** A plain HTTP endpoint standing in for the bot; `answer` decides each response by attempt number. */
async function recordingEndpoint(
  answer: (attempt: number, request: Received) => number | 'hang' = () => 200,
) {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const request: Received = { headers: req.headers, body, envelope: JSON.parse(body) };
      received.push(request);
      const status = answer(received.length, request);
      if (status === 'hang') return;
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`, received };
}

async function until<T>(check: () => T | undefined, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function boltApp(emulator: SlackEmulator) {
  const receiver = new HTTPReceiver({ signingSecret, endpoints: '/slack/events', logLevel: LogLevel.ERROR });
  const app = new App({
    receiver,
    token: botToken,
    logLevel: LogLevel.ERROR,
    clientOptions: { slackApiUrl: emulator.apiUrl },
  });
  const port = await freePort();
  await app.start(port);
  cleanups.push(() => app.stop());
  emulator.setEventsUrl(`http://127.0.0.1:${port}/slack/events`);
  return app;
}

describe('Events API delivery to a real Bolt app', () => {
  it('delivers an app_mention that a Bolt listener receives', async () => {
    const emulator = await emulatorWith();
    const app = await boltApp(emulator);
    const mentions: Record<string, unknown>[] = [];
    app.event('app_mention', async ({ event }) => {
      mentions.push(event as unknown as Record<string, unknown>);
    });

    const { ts, deliveries } = await emulator.postAsUser({
      user: 'U0ALICE',
      channel: 'C0GENERAL',
      text: '<@U0STRATA> what is Bedrock?',
    });

    expect(deliveries.map((d) => d.status)).toEqual([200, 200]);
    const mention = await until(() => mentions[0]);
    expect(mention).toMatchObject({
      type: 'app_mention',
      user: 'U0ALICE',
      channel: 'C0GENERAL',
      text: '<@U0STRATA> what is Bedrock?',
      ts,
    });
  });

  it('rejects a forged signature with 401 and the listener never runs', async () => {
    const emulator = await emulatorWith();
    const app = await boltApp(emulator);
    const heard: string[] = [];
    app.event('app_mention', async ({ body }) => {
      heard.push(body.event_id);
    });
    const envelope = {
      type: 'event_callback',
      event_id: 'EvFORGED0001',
      team_id: 'T0LOCAL',
      api_app_id: 'A0STRATA',
      event_time: Math.floor(Date.now() / 1000),
      event: {
        type: 'app_mention',
        user: 'U0BOB',
        text: '<@U0STRATA> hi',
        channel: 'C0GENERAL',
        ts: '1.000100',
      },
    };

    const forged = await emulator.deliver(envelope, { signingSecret: 'not-the-secret' });
    const stale = await emulator.deliver(envelope, { timestamp: Math.floor(Date.now() / 1000) - 600 });
    const genuine = await emulator.deliver({ ...envelope, event_id: 'EvGENUINE001' });

    expect([forged.status, stale.status, genuine.status]).toEqual([401, 401, 200]);
    await until(() => heard[0]);
    expect(heard).toEqual(['EvGENUINE001']);
  });

  it('lets Bolt drop the message events of the bot itself', async () => {
    const emulator = await emulatorWith();
    const app = await boltApp(emulator);
    const seen: string[] = [];
    app.message(async ({ message }) => {
      seen.push('text' in message ? String(message.text) : '');
    });
    const client = new WebClient(botToken, { slackApiUrl: emulator.apiUrl, retryConfig: { retries: 0 } });
    await client.chat.postMessage({ channel: 'D0ALICE', text: 'from the bot' });
    await emulator.postAsUser({ user: 'U0ALICE', channel: 'D0ALICE', text: 'from alice' });
    await until(() => (seen.length > 0 ? true : undefined));
    expect(seen).toEqual(['from alice']);
  });
});

describe('envelopes, signatures and retries', () => {
  it('signs a JSON envelope with v0 HMAC of the timestamp and raw body', async () => {
    const endpoint = await recordingEndpoint();
    const emulator = await emulatorWith({ now: () => 1_764_090_000_000 });
    emulator.setEventsUrl(endpoint.url);

    await emulator.postAsUser({ user: 'U0BOB', channel: 'D0BOB', text: 'hello' });

    const [request] = endpoint.received;
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.headers['x-slack-request-timestamp']).toBe('1764090000');
    const expected = createHmac('sha256', signingSecret)
      .update(`v0:1764090000:${request?.body}`)
      .digest('hex');
    expect(request?.headers['x-slack-signature']).toBe(`v0=${expected}`);
    expect(request?.envelope).toMatchObject({
      type: 'event_callback',
      team_id: 'T0LOCAL',
      api_app_id: 'A0STRATA',
      event_time: 1_764_090_000,
      authorizations: [{ team_id: 'T0LOCAL', user_id: 'U0STRATA', is_bot: true }],
      event: { type: 'message', channel: 'D0BOB', channel_type: 'im', user: 'U0BOB', text: 'hello' },
    });
    expect(request?.envelope.event_id).toMatch(/^Ev[0-9A-Z]{10}$/);
  });

  it('sends app_mention and message for a mention, each with its own event_id', async () => {
    const endpoint = await recordingEndpoint();
    const emulator = await emulatorWith();
    emulator.setEventsUrl(endpoint.url);
    const { deliveries } = await emulator.postAsUser({
      user: 'U0ADMIN',
      channel: 'G0LEADERS',
      text: 'hey <@U0STRATA>',
    });
    expect(endpoint.received.map((r) => [r.envelope.event.type, r.envelope.event.channel_type])).toEqual([
      ['app_mention', undefined],
      ['message', 'group'],
    ]);
    expect(new Set(deliveries.map((d) => d.event_id)).size).toBe(2);
  });

  it('sends nothing for channels the bot is not in', async () => {
    const endpoint = await recordingEndpoint();
    const emulator = await emulatorWith();
    emulator.setEventsUrl(endpoint.url);
    const { deliveries } = await emulator.postAsUser({
      user: 'U0ALICE',
      channel: 'C0RANDOM',
      text: '<@U0STRATA>',
    });
    expect(deliveries).toEqual([]);
    expect(endpoint.received).toEqual([]);
  });

  it('retries a failed delivery with X-Slack-Retry-Num 1..3 and the same event_id', async () => {
    const endpoint = await recordingEndpoint(() => 500);
    const emulator = await emulatorWith();
    emulator.setEventsUrl(endpoint.url);

    const { deliveries } = await emulator.postAsUser({ user: 'U0ALICE', channel: 'D0ALICE', text: 'hi' });
    expect(deliveries).toEqual([expect.objectContaining({ status: 500 })]);

    await until(() => (endpoint.received.length === 4 ? true : undefined));
    expect(endpoint.received.map((r) => r.headers['x-slack-retry-num'])).toEqual([undefined, '1', '2', '3']);
    expect(endpoint.received.slice(1).map((r) => r.headers['x-slack-retry-reason'])).toEqual([
      'http_error',
      'http_error',
      'http_error',
    ]);
    expect(new Set(endpoint.received.map((r) => r.envelope.event_id))).toEqual(
      new Set([deliveries[0]?.event_id]),
    );
  });

  it('stops retrying once the bot answers 2xx', async () => {
    // every first attempt fails, every retry succeeds
    const endpoint = await recordingEndpoint((_, r) => (r.headers['x-slack-retry-num'] ? 200 : 503));
    const emulator = await emulatorWith();
    emulator.setEventsUrl(endpoint.url);
    const first = await emulator.postAsUser({ user: 'U0ALICE', channel: 'D0ALICE', text: 'one' });
    await until(() => (endpoint.received.length === 2 ? true : undefined));
    // a second event's retry is timed after any further retry of the first would have been sent
    const second = await emulator.postAsUser({ user: 'U0ALICE', channel: 'D0ALICE', text: 'two' });
    const secondId = second.deliveries[0]?.event_id;
    await until(() =>
      endpoint.received.find((r) => r.envelope.event_id === secondId && r.headers['x-slack-retry-num']),
    );
    const firstId = first.deliveries[0]?.event_id;
    expect(endpoint.received.filter((r) => r.envelope.event_id === firstId)).toHaveLength(2);
  });

  it('counts a slow answer as http_timeout and retries', async () => {
    const endpoint = await recordingEndpoint((attempt) => (attempt === 1 ? 'hang' : 200));
    const emulator = await emulatorWith({ eventTimeoutMs: 100 });
    emulator.setEventsUrl(endpoint.url);
    const { deliveries } = await emulator.postAsUser({ user: 'U0ALICE', channel: 'D0ALICE', text: 'hi' });
    expect(deliveries[0]?.status).toBe(0);
    const retry = await until(() => endpoint.received[1]);
    expect(retry.headers['x-slack-retry-reason']).toBe('http_timeout');
    expect(retry.headers['x-slack-retry-num']).toBe('1');
  });

  it('delivers message_changed and message_deleted when people edit and delete', async () => {
    const endpoint = await recordingEndpoint();
    const emulator = await emulatorWith();
    emulator.setEventsUrl(endpoint.url);
    const { ts } = await emulator.postAsUser({ user: 'U0ALICE', channel: 'C0GENERAL', text: 'teh' });
    await emulator.editAsUser({ user: 'U0ALICE', channel: 'C0GENERAL', ts, text: 'the' });
    await emulator.deleteAsUser({ user: 'U0ALICE', channel: 'C0GENERAL', ts });
    const [, changed, deleted] = endpoint.received.map((r) => r.envelope.event);
    expect(changed).toMatchObject({
      subtype: 'message_changed',
      channel_type: 'channel',
      message: { ts, text: 'the', edited: { user: 'U0ALICE' } },
      previous_message: { ts, text: 'teh' },
    });
    expect(deleted).toMatchObject({
      subtype: 'message_deleted',
      deleted_ts: ts,
      previous_message: { text: 'the' },
    });
  });

  it('delivers the bot its own messages and edits, carrying bot_id', async () => {
    const endpoint = await recordingEndpoint();
    const emulator = await emulatorWith();
    emulator.setEventsUrl(endpoint.url);
    const client = new WebClient(botToken, { slackApiUrl: emulator.apiUrl, retryConfig: { retries: 0 } });
    const posted = await client.chat.postMessage({ channel: 'C0GENERAL', text: 'thinking…' });
    await client.chat.update({ channel: 'C0GENERAL', ts: posted.ts ?? '', text: 'done' });
    await until(() => (endpoint.received.length === 2 ? true : undefined));
    const events = endpoint.received.map((r) => r.envelope.event);
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'message', bot_id: 'B0STRATA', user: 'U0STRATA', text: 'thinking…' }),
    );
    expect(events).toContainEqual(
      expect.objectContaining({
        subtype: 'message_changed',
        message: expect.objectContaining({ text: 'done' }),
      }),
    );
  });
});
