import { describe, expect, it } from 'vitest';
import { createSlackPacer } from '../../src/rag/slack-pacer.js';
import { EditScheduler } from '../../src/slack/edit-scheduler.js';
import { apiBudget, backgroundBudget, shareOf, slackApiBudgets } from '../../src/slack/slack-budgets.js';

/** A clock and timer queue the test advances by hand. */
function manualTime() {
  let now = 0;
  const timers: Array<{ at: number; fn: () => void }> = [];
  return {
    now: () => now,
    setTimer: (fn: () => void, ms: number) => {
      timers.push({ at: now + ms, fn });
    },
    async advance(ms: number) {
      const until = now + ms;
      for (;;) {
        await flush();
        timers.sort((a, b) => a.at - b.at);
        const due = timers[0];
        if (due === undefined || due.at > until) break;
        timers.shift();
        now = due.at;
        due.fn();
      }
      now = until;
      await flush();
    },
  };
}

const flush = async () => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
};

const rateLimited = (seconds: number) =>
  Object.assign(new Error('rate limited'), { code: 'slack_webapi_rate_limited_error', retryAfter: seconds });

function setup(options: {
  historyPerMinute?: number;
  backgroundShare?: number;
  maxRateLimitRetries?: number;
}) {
  const time = manualTime();
  const scheduler = new EditScheduler({
    limits: slackApiBudgets({
      historyPerMinute: options.historyPerMinute ?? 50,
      backgroundShare: options.backgroundShare ?? 0.5,
    }),
    now: time.now,
    setTimer: time.setTimer,
  });
  const retries =
    options.maxRateLimitRetries === undefined ? {} : { maxRateLimitRetries: options.maxRateLimitRetries };
  return {
    time,
    background: createSlackPacer({ scheduler, budgetOf: backgroundBudget, ...retries }),
    interactive: createSlackPacer({ scheduler, budgetOf: apiBudget, ...retries }),
  };
}

/** Starts `count` calls at once and records when each reached Slack. */
function startCalls(
  pacer: ReturnType<typeof createSlackPacer>,
  method: string,
  count: number,
  now: () => number,
) {
  const at: number[] = [];
  const done = Promise.all(
    Array.from({ length: count }, () => pacer.call(method, async () => void at.push(now()))),
  );
  return { at, done };
}

describe('the Slack pacer', () => {
  it('gives background reads only their share of Slack’s budget: half of Tier 3 by default', async () => {
    const { time, background } = setup({ backgroundShare: 0.5 });
    const calls = startCalls(background, 'conversations.replies', 40, time.now);

    await time.advance(60_000);

    // Tier 3 is 50 a minute with bursts of 10: the backfill gets a burst of 5, then 25 a minute.
    expect(calls.at.filter((t) => t === 0)).toHaveLength(5);
    expect(calls.at.length).toBeLessThanOrEqual(5 + 25);
    expect(calls.at.length).toBeGreaterThanOrEqual(5 + 24);
    expect(calls.at.slice(5, 8)).toEqual([2400, 4800, 7200]);
    await time.advance(60_000);
    await calls.done;
  });

  it('keeps the rest free: an interactive call while a backfill is queued goes at once', async () => {
    const { time, background, interactive } = setup({ backgroundShare: 0.5 });
    const backfill = startCalls(background, 'conversations.replies', 30, time.now);
    await time.advance(10_000);

    const asked = startCalls(interactive, 'conversations.replies', 3, time.now);
    await time.advance(0);

    expect(asked.at).toEqual([10_000, 10_000, 10_000]);
    await time.advance(120_000);
    await backfill.done;
  });

  it('shares by configuration, down to the 2025 limits of one history call a minute', async () => {
    const full = setup({ backgroundShare: 1 });
    const fullCalls = startCalls(full.background, 'conversations.history', 70, full.time.now);
    await full.time.advance(60_000);
    expect(fullCalls.at.length).toBeGreaterThanOrEqual(59);
    expect(fullCalls.at.length).toBeLessThanOrEqual(60);
    await full.time.advance(60_000);

    // Non-Marketplace distributed apps: 1 call a minute; with half of it, a page every two minutes.
    const slow = setup({ historyPerMinute: 1, backgroundShare: 0.5 });
    const slowCalls = startCalls(slow.background, 'conversations.history', 3, slow.time.now);
    await slow.time.advance(5 * 60_000);
    expect(slowCalls.at).toEqual([0, 120_000, 240_000]);
    await slowCalls.done;
  });

  it('scales a budget’s rate and burst by the share, never below one call', () => {
    expect(shareOf({ perMinute: 50, burst: 10 }, 0.5)).toEqual({ perMinute: 25, burst: 5 });
    expect(shareOf({ perMinute: 1, burst: 1 }, 0.3)).toEqual({ perMinute: 0.3, burst: 1 });
    const limits = slackApiBudgets({ historyPerMinute: 50, backgroundShare: 0.5 });
    expect(limits(apiBudget('conversations.replies'))).toEqual({ perMinute: 50, burst: 10 });
    expect(limits(backgroundBudget('users.info'))).toEqual({ perMinute: 50, burst: 10 });
    // Streamed replies' budgets are unchanged.
    expect(limits('update')).toEqual({ perMinute: 50, burst: 5 });
  });

  it('waits for Retry-After on a 429, pausing the method meanwhile, then retries the same call', async () => {
    const { time, background } = setup({ backgroundShare: 1 });
    let attempts = 0;
    const first = background.call('conversations.replies', async () => {
      attempts += 1;
      if (attempts === 1) throw rateLimited(7);
      return time.now();
    });
    await time.advance(0);
    const second = startCalls(background, 'conversations.replies', 1, time.now);
    await time.advance(6_000);
    expect(second.at).toEqual([]);

    await time.advance(2_000);
    expect(await first).toBe(7_000);
    expect(second.at).toEqual([7_000]);
  });

  it('gives up after too many 429s in a row, and passes other errors straight through', async () => {
    const { time, background } = setup({ backgroundShare: 1, maxRateLimitRetries: 2 });
    let attempts = 0;
    const limited = background.call('conversations.history', async () => {
      attempts += 1;
      throw rateLimited(1);
    });
    const outcome = limited.catch((error: Error) => error.message);
    await time.advance(10_000);
    expect(await outcome).toBe('rate limited');
    expect(attempts).toBe(3);

    const failing = background.call('conversations.history', async () =>
      Promise.reject(new Error('channel_not_found')),
    );
    const failed = failing.catch((error: Error) => error.message);
    await time.advance(5_000);
    expect(await failed).toBe('channel_not_found');
  });
});
