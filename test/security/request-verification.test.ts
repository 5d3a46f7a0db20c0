import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signRequest } from '../../src/slack/signature.js';
import { eventually, startTestStrata, type TestStrata } from '../helpers/local-strata.js';

let local: TestStrata;

beforeAll(async () => {
  local = await startTestStrata();
});
afterAll(async () => {
  await local?.close();
});

function signed(
  body: string,
  secret = local.credentials.signingSecret,
  timestamp = Math.floor(Date.now() / 1000),
) {
  const signature = signRequest(secret, timestamp, body);
  return {
    'content-type': 'application/json',
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': signature,
  };
}

const mention = (id: string, text: string) =>
  JSON.stringify({
    type: 'event_callback',
    team_id: 'T0LOCAL',
    api_app_id: 'A0STRATA',
    event_id: id,
    event_time: Math.floor(Date.now() / 1000),
    event: {
      type: 'app_mention',
      user: 'U0ALICE',
      text: `<@U0STRATA> ${text}`,
      ts: '1764090000.000100',
      channel: 'C0GENERAL',
    },
  });

const post = (body: string, headers: Record<string, string>) =>
  fetch(local.eventsUrl, { method: 'POST', headers, body });

const modelSaw = (text: string) =>
  local.bedrock.requests.filter((r) => JSON.stringify(r.body).includes(text)).length;

describe('requests to /slack/events', () => {
  it('rejects a request without signature headers before any handler runs', async () => {
    const response = await post(mention('Ev0NOSIG0001', 'unsigned question'), {
      'content-type': 'application/json',
    });
    expect(response.status).toBe(401);
    await local.strata.queue.onIdle();
    expect(modelSaw('unsigned question')).toBe(0);
  });

  it('rejects a body that does not match its signature', async () => {
    const headers = signed(mention('Ev0TAMPER001', 'original'));
    const response = await post(mention('Ev0TAMPER001', 'tampered'), headers);
    expect(response.status).toBe(401);
  });

  it('rejects an oversized body with 413', async () => {
    const body = JSON.stringify({ type: 'event_callback', padding: 'x'.repeat(11 * 1024 * 1024) });
    const response = await post(body, signed(body));
    expect(response.status).toBe(413);
  });

  it('rejects a correctly signed body that is not JSON with 400', async () => {
    const response = await post('{not json', signed('{not json'));
    expect(response.status).toBe(400);
  });

  it('answers a replayed signed request only once', async () => {
    const body = mention('Ev0REPLAY001', 'replayed question');
    const headers = signed(body);
    expect((await post(body, headers)).status).toBe(200);
    expect((await post(body, headers)).status).toBe(200);
    await eventually(async () => (modelSaw('replayed question') > 0 ? true : undefined));
    await local.strata.queue.onIdle();
    expect(modelSaw('replayed question')).toBe(1);
  });

  it('never writes the bot token or the signing secret to the logs', async () => {
    await local.slack.postAsUser({ user: 'U0BOB', channel: 'C0GENERAL', text: '<@U0STRATA> log check' });
    await eventually(async () => (modelSaw('log check') > 0 ? true : undefined));
    await local.strata.queue.onIdle();
    const logs = local.logs.join('\n');
    expect(logs.length).toBeGreaterThan(1000);
    expect(logs).not.toContain(local.credentials.botToken);
    expect(logs).not.toContain(local.credentials.signingSecret);
  });
});
