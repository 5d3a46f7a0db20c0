import { ErrorCode, LogLevel, type WebAPIRateLimitedError, WebClient } from '@slack/web-api';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type SlackEmulator,
  type SlackEmulatorOptions,
  startSlackEmulator,
} from '../../src/local/slack/slack-emulator.js';

const botToken = 'xoxb-limits-test';
let emulator: SlackEmulator;
let clock = 1_764_090_000_000;

async function start(options: Partial<SlackEmulatorOptions>) {
  clock = 1_764_090_000_000;
  emulator = await startSlackEmulator({ signingSecret: 's', botToken, now: () => clock, ...options });
  return new WebClient(botToken, {
    slackApiUrl: emulator.apiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    logLevel: LogLevel.ERROR,
  });
}

afterEach(async () => {
  await emulator.close();
});

async function retryAfterOf(call: Promise<unknown>): Promise<number | undefined> {
  try {
    await call;
  } catch (error) {
    const limited = error as WebAPIRateLimitedError;
    if (limited.code === ErrorCode.RateLimitedError) return limited.retryAfter;
    throw error;
  }
  return undefined;
}

describe('rate limits', () => {
  it('answers chat.update beyond its Tier 3 burst with 429 and Retry-After, which WebClient surfaces', async () => {
    const client = await start({ rateLimits: true });
    const { ts = '' } = await client.chat.postMessage({ channel: 'C0GENERAL', text: 'v0' });
    for (let i = 1; i <= 10; i++) await client.chat.update({ channel: 'C0GENERAL', ts, text: `v${i}` });

    const retryAfter = await retryAfterOf(client.chat.update({ channel: 'C0GENERAL', ts, text: 'too fast' }));

    expect(retryAfter).toBe(2); // 50/min refills one call every 1.2 s
    expect(emulator.rateLimited).toEqual({ 'chat.update': 1 });
    const history = await client.conversations.history({ channel: 'C0GENERAL' });
    expect(history.messages?.[0]?.text).toBe('v10');

    clock += 1200;
    await expect(client.chat.update({ channel: 'C0GENERAL', ts, text: 'later' })).resolves.toMatchObject({
      ok: true,
    });
  });

  it('limits chat.postMessage per channel: a short burst, then about one per second', async () => {
    const client = await start({ rateLimits: true });
    for (let i = 0; i < 3; i++) await client.chat.postMessage({ channel: 'C0GENERAL', text: `m${i}` });

    expect(await retryAfterOf(client.chat.postMessage({ channel: 'C0GENERAL', text: 'm3' }))).toBe(1);
    await expect(client.chat.postMessage({ channel: 'G0LEADERS', text: 'elsewhere' })).resolves.toMatchObject(
      {
        ok: true,
      },
    );
    clock += 1000;
    await expect(client.chat.postMessage({ channel: 'C0GENERAL', text: 'm4' })).resolves.toMatchObject({
      ok: true,
    });
    expect(emulator.rateLimited['chat.postMessage']).toBe(1);
  });

  it('answers on the wire as Slack does: HTTP 429, Retry-After and ratelimited', async () => {
    await start({ rateLimits: { methods: { 'users.info': { perMinute: 6, burst: 1 } } } });
    const call = () =>
      fetch(`${emulator.apiUrl}users.info`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Bearer ${botToken}` },
        body: 'user=U0ALICE',
      });
    expect((await call()).status).toBe(200);
    const limited = await call();
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('10');
    expect(await limited.json()).toEqual({ ok: false, error: 'ratelimited' });
  });

  it('has no limits unless asked, and can be switched on later', async () => {
    const client = await start({});
    const { ts = '' } = await client.chat.postMessage({ channel: 'C0GENERAL', text: 'v0' });
    for (let i = 1; i <= 30; i++) await client.chat.update({ channel: 'C0GENERAL', ts, text: `v${i}` });
    expect(emulator.rateLimited).toEqual({});

    emulator.setRateLimits({ methods: { 'chat.update': { perMinute: 60, burst: 1 } } });
    await client.chat.update({ channel: 'C0GENERAL', ts, text: 'one' });
    expect(await retryAfterOf(client.chat.update({ channel: 'C0GENERAL', ts, text: 'two' }))).toBe(1);
  });
});
