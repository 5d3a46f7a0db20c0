import { createServer } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { Writable } from 'node:stream';
import type { Worker } from 'node:worker_threads';
import { App } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ThreadedHTTPReceiver } from '../../src/ingress/threaded-http-receiver.js';
import { createLogger } from '../../src/log.js';
import { signRequest } from '../../src/slack/signature.js';
import { eventually } from '../helpers/local-strata.js';

const signingSecret = 'ingress-test-secret';
const logs: string[] = [];
const logger = createLogger(
  { level: 'debug' },
  new Writable({
    write(chunk, _encoding, done) {
      logs.push(String(chunk));
      done();
    },
  }),
);
const receiver = new ThreadedHTTPReceiver(signingSecret, logger);
const app = new App({
  token: 'xoxb-ingress-test',
  receiver,
  tokenVerificationEnabled: false,
  botId: 'B0STRATA',
  botUserId: 'U0STRATA',
});
const mentions: string[] = [];
const retries = new Map<string, number | undefined>();
app.event('app_mention', async ({ event, context }) => {
  mentions.push(event.text);
  retries.set(event.text, context.retryNum);
});
app.command('/ping', async ({ command, ack }) => {
  await ack({ response_type: 'ephemeral', text: `pong: ${command.text}` });
});
/** What reached "Slack", in order: a command's answer, and what the listener asked for after its ack. */
const seen: string[] = [];
let followUpUrl: string;
const followUps = createServer((req, res) => {
  seen.push(`follow-up ${req.url}`);
  res.end();
});
app.command('/loading', async ({ command, ack }) => {
  await ack({ text: 'loading…' });
  await fetch(`${followUpUrl}/${command.text}`);
});
let url: string;

beforeAll(async () => {
  await new Promise<void>((resolve) => followUps.listen(0, '127.0.0.1', resolve));
  followUpUrl = `http://127.0.0.1:${(followUps.address() as AddressInfo).port}`;
  url = `http://127.0.0.1:${await receiver.start(0, '127.0.0.1')}/slack/events`;
});
afterAll(async () => {
  followUps.close();
  await receiver.stop();
});

/** The headers Slack signs a request with, for `body` sent now. */
function signedHeaders(body: string, contentType: string, secret = signingSecret): Record<string, string> {
  const timestamp = Math.floor(Date.now() / 1000);
  return {
    'content-type': contentType,
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': signRequest(secret, timestamp, body),
  };
}

/** A slash command as Slack posts it. */
const commandForm = (command: string, text: string, triggerId: string) =>
  new URLSearchParams({
    command,
    text,
    user_id: 'U0ALICE',
    channel_id: 'C0GENERAL',
    team_id: 'T0LOCAL',
    response_url: 'http://127.0.0.1:9/unused',
    trigger_id: triggerId,
  }).toString();

async function post(
  body: string,
  contentType: string,
  secret = signingSecret,
  extra: Record<string, string> = {},
) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { ...signedHeaders(body, contentType, secret), ...extra },
    body,
  });
  return { status: response.status, text: await response.text() };
}

/** Posts a signed request on a raw socket; calls `arrived` as the response's first bytes come in. */
function firstBytes(body: string, contentType: string, arrived: () => void): Promise<string> {
  const { hostname, port, pathname } = new URL(url);
  const headers = { host: hostname, 'content-length': String(Buffer.byteLength(body)), connection: 'close' };
  const head = Object.entries({ ...headers, ...signedHeaders(body, contentType) })
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  const socket = connect(Number(port), hostname);
  socket.write(`POST ${pathname} HTTP/1.1\r\n${head}\r\n${body}`);
  return new Promise((resolve, reject) => {
    socket.once('data', (chunk) => {
      arrived();
      socket.destroy();
      resolve(String(chunk));
    });
    socket.once('error', reject);
  });
}

const mention = (text: string, headers: Record<string, string> = {}) =>
  post(
    JSON.stringify({
      type: 'event_callback',
      team_id: 'T0LOCAL',
      api_app_id: 'A0STRATA',
      event_id: `Ev${Date.now()}${Math.random()}`,
      event_time: Math.floor(Date.now() / 1000),
      event: { type: 'app_mention', user: 'U0ALICE', text, ts: '1764000000.000100', channel: 'C0GENERAL' },
    }),
    'application/json',
    signingSecret,
    headers,
  );

describe('the ingress thread', () => {
  it('acks an event at once and hands it to the app on the main thread', async () => {
    expect(await mention('hello from the thread')).toEqual({ status: 200, text: '' });
    await eventually(async () => mentions.includes('hello from the thread'));
  });

  it('hands a burst of events over whole once acked, with the retry headers Slack sent', async () => {
    const texts = Array.from({ length: 30 }, (_, n) => `burst ${n}`);
    const acks = await Promise.all(
      texts.map((text, n) =>
        mention(text, n === 0 ? { 'x-slack-retry-num': '2', 'x-slack-retry-reason': 'http_timeout' } : {}),
      ),
    );
    expect(acks.every((ack) => ack.status === 200 && ack.text === '')).toBe(true);
    await eventually(async () => texts.every((text) => mentions.includes(text)));
    expect(retries.get('burst 0')).toBe(2);
    expect(retries.get('burst 1')).toBeUndefined();
  });

  it("answers a slash command with the app's ack, response body included", async () => {
    const { status, text } = await post(
      commandForm('/ping', 'hi', 't.1'),
      'application/x-www-form-urlencoded',
    );
    expect(status).toBe(200);
    expect(JSON.parse(text)).toEqual({ response_type: 'ephemeral', text: 'pong: hi' });
  });

  it('has sent the ack when ack() returns, so what a listener does next reaches Slack after it', async () => {
    for (let n = 0; n < 20; n++) {
      const body = commandForm('/loading', String(n), `t.${n}`);
      // Noted when the answer's first bytes arrive, as Slack would see them, not after parsing them.
      const answer = await firstBytes(body, 'application/x-www-form-urlencoded', () => seen.push('answer'));
      expect(answer).toMatch(/^HTTP\/1.1 200/);
      await eventually(async () => seen.includes(`follow-up /${n}`));
    }
    expect(seen).toEqual(Array.from({ length: 20 }, (_, n) => ['answer', `follow-up /${n}`]).flat());
  });

  it('answers url_verification itself and refuses a bad signature before the app sees it', async () => {
    const challenge = await post(
      JSON.stringify({ type: 'url_verification', challenge: 'c-123', token: 'x' }),
      'application/json',
    );
    expect(challenge.status).toBe(200);
    expect(challenge.text).toContain('c-123');
    const before = mentions.length;
    expect((await post('{"type":"event_callback"}', 'application/json', 'wrong-secret')).status).toBe(401);
    expect(mentions.length).toBe(before);
    // Bolt's refusal, logged on the ingress thread, reaches Strata's log.
    await eventually(async () =>
      logs.some((line) => line.includes('Failed to parse and verify the request data')),
    );
  });

  it('says so when its port is taken, and the receiver already there keeps answering', async () => {
    const second = new ThreadedHTTPReceiver(signingSecret, logger);
    await expect(second.start(Number(new URL(url).port), '127.0.0.1')).rejects.toThrow(
      /HTTP receiver could not start: .*EADDRINUSE/,
    );
    await second.stop();
    expect(await mention('still here')).toEqual({ status: 200, text: '' });
  });

  it('starts another thread on the same port when the ingress thread ends', async () => {
    const worker = (receiver as unknown as { worker: Worker }).worker;
    await worker.terminate();
    await eventually(async () => (await mention('after a restart')).status === 200, { timeoutMs: 15_000 });
    await eventually(async () => mentions.includes('after a restart'));
    expect(logs.some((line) => line.includes('ingress thread ended; starting another'))).toBe(true);
  });
});
