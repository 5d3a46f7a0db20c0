import { describe, expect, it } from 'vitest';
import { createSlackPacer, rateLimitedFor } from '../../src/rag/slack-pacer.js';

/** A fake clock: sleeping advances time, so nothing really waits. */
function clock() {
  let now = 0;
  const slept: number[] = [];
  return {
    now: () => now,
    sleep: async (ms: number) => {
      slept.push(ms);
      now += ms;
    },
    slept,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

const rateLimited = (seconds: number) =>
  Object.assign(new Error('rate limited'), { code: 'slack_webapi_rate_limited_error', retryAfter: seconds });

describe('the Slack pacer', () => {
  it('lets a burst through at once, then spaces calls at the sustained rate', async () => {
    const time = clock();
    const pacer = createSlackPacer({
      budget: () => ({ perMinute: 60, burst: 3 }),
      now: time.now,
      sleep: time.sleep,
    });
    const at: number[] = [];
    for (let i = 0; i < 6; i++)
      await pacer.call('conversations.history', async () => void at.push(time.now()));
    expect(at).toEqual([0, 0, 0, 1000, 2000, 3000]);
  });

  it('keeps separate budgets per method', async () => {
    const time = clock();
    const pacer = createSlackPacer({
      budget: () => ({ perMinute: 60, burst: 1 }),
      now: time.now,
      sleep: time.sleep,
    });
    await pacer.call('conversations.history', async () => {});
    await pacer.call('conversations.replies', async () => {});
    expect(time.slept).toEqual([]);
  });

  it('waits for Retry-After on a 429, then retries the same call and pauses the method meanwhile', async () => {
    const time = clock();
    const pacer = createSlackPacer({
      budget: () => ({ perMinute: 6000, burst: 100 }),
      now: time.now,
      sleep: time.sleep,
    });
    let attempts = 0;
    const result = await pacer.call('conversations.replies', async () => {
      attempts += 1;
      if (attempts === 1) throw rateLimited(7);
      return 'ok';
    });
    expect(result).toBe('ok');
    expect(time.now()).toBeGreaterThanOrEqual(7000);
  });

  it('gives up after too many 429s in a row, and passes other errors straight through', async () => {
    const time = clock();
    const pacer = createSlackPacer({
      budget: () => ({ perMinute: 6000, burst: 100 }),
      now: time.now,
      sleep: time.sleep,
      maxRateLimitRetries: 2,
    });
    let attempts = 0;
    await expect(
      pacer.call('conversations.history', async () => {
        attempts += 1;
        throw rateLimited(1);
      }),
    ).rejects.toThrow('rate limited');
    expect(attempts).toBe(3);
    await expect(
      pacer.call('conversations.history', async () => Promise.reject(new Error('channel_not_found'))),
    ).rejects.toThrow('channel_not_found');
  });

  it('reads Retry-After from the Web API’s rate-limit error only', () => {
    expect(rateLimitedFor(rateLimited(3))).toBe(3000);
    expect(rateLimitedFor(new Error('other'))).toBeUndefined();
  });
});
