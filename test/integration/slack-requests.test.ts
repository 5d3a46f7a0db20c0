import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStrata, type TestStrata } from '../helpers/local-strata.js';

let local: TestStrata;

beforeAll(async () => {
  local = await startTestStrata();
});
afterAll(async () => {
  await local?.close();
});

const mention = (eventId: string) => ({
  type: 'event_callback',
  team_id: 'T0LOCAL',
  api_app_id: 'A0STRATA',
  event_id: eventId,
  event_time: Math.floor(Date.now() / 1000),
  event: {
    type: 'app_mention',
    user: 'U0ALICE',
    text: '<@U0STRATA> hi',
    ts: '1700000000.000100',
    channel: 'C0GENERAL',
  },
});

describe('requests from Slack', () => {
  it('answers url_verification with the challenge', async () => {
    const delivery = await local.slack.deliver({
      type: 'url_verification',
      token: 'legacy',
      challenge: 'c-123',
    });
    expect(delivery.status).toBe(200);
    expect(JSON.parse(delivery.body)).toEqual({ challenge: 'c-123' });
  });

  it('rejects a request signed with the wrong secret before any handler runs', async () => {
    const before = local.bedrock.requests.length;
    const delivery = await local.slack.deliver(mention('Ev0FORGED001'), { signingSecret: 'not-the-secret' });
    expect(delivery.status).toBe(401);
    await local.strata.queue.onIdle();
    expect(local.bedrock.requests.length).toBe(before);
  });

  it('rejects a correctly signed request older than five minutes', async () => {
    const delivery = await local.slack.deliver(mention('Ev0STALE0001'), {
      timestamp: Math.floor(Date.now() / 1000) - 6 * 60,
    });
    expect(delivery.status).toBe(401);
  });
});
