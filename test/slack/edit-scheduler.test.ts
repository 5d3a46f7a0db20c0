import { describe, expect, it } from 'vitest';
import {
  EditScheduler,
  RateLimitedError,
  type Write,
  type WritePriority,
} from '../../src/slack/edit-scheduler.js';

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
        timers.sort((a, b) => a.at - b.at);
        const due = timers[0];
        if (due === undefined || due.at > until) break;
        timers.shift();
        now = due.at;
        due.fn();
        await flush();
      }
      now = until;
      await flush();
    },
  };
}

const flush = async () => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
};

/** A stream that wants to show `target` and records what it actually wrote, and when. */
function fakeStream(name: string, log: Array<{ name: string; text: string; at: number }>, now: () => number) {
  let target = '';
  let shown = '';
  let finished = false;
  let failNextWith: Error | undefined;
  return {
    set(text: string) {
      target = text;
    },
    finish() {
      finished = true;
    },
    failNext(error: Error) {
      failNextWith = error;
    },
    get shown() {
      return shown;
    },
    next: (): Write | undefined => {
      if (shown === target) return undefined;
      const text = target;
      const priority: WritePriority = finished ? 'final' : shown === '' ? 'first' : 'update';
      return {
        budget: 'update',
        priority,
        run: async () => {
          if (failNextWith) {
            const error = failNextWith;
            failNextWith = undefined;
            throw error;
          }
          shown = text;
          log.push({ name, text, at: now() });
        },
      };
    },
  };
}

describe('EditScheduler', () => {
  it('coalesces text that arrives while a stream waits for budget into one edit', async () => {
    const time = manualTime();
    const scheduler = new EditScheduler({ limits: () => ({ perMinute: 60, burst: 1 }), ...time });
    const log: Array<{ name: string; text: string; at: number }> = [];
    const a = fakeStream('a', log, time.now);
    const handle = scheduler.register(a.next);

    a.set('one');
    handle.wake();
    await flush();
    for (const text of ['one two', 'one two three', 'one two three four']) {
      a.set(text);
      handle.wake();
    }
    await time.advance(1000);

    expect(log.map((e) => e.text)).toEqual(['one', 'one two three four']);
    expect(log[1]?.at).toBe(1000);
  });

  it('never spends more than the budget, however many streams want to write', async () => {
    const time = manualTime();
    const scheduler = new EditScheduler({ limits: () => ({ perMinute: 50, burst: 5 }), ...time });
    const log: Array<{ name: string; text: string; at: number }> = [];
    const streams = Array.from({ length: 20 }, (_, i) => fakeStream(`s${i}`, log, time.now));
    const handles = streams.map((s) => scheduler.register(s.next));

    for (let second = 0; second < 120; second++) {
      for (const [i, s] of streams.entries()) {
        s.set(`text at ${second}`);
        handles[i]?.wake();
      }
      await time.advance(1000);
    }

    expect(log.length).toBeLessThanOrEqual(5 + 50 * 2);
    expect(log.length).toBeGreaterThanOrEqual(50 * 2);
    const perStream = streams.map((_, i) => log.filter((e) => e.name === `s${i}`).length);
    expect(Math.min(...perStream)).toBeGreaterThanOrEqual(4);
  });

  it('shares edits fairly: the stream that waited longest goes next', async () => {
    const time = manualTime();
    const scheduler = new EditScheduler({ limits: () => ({ perMinute: 60, burst: 1 }), ...time });
    const log: Array<{ name: string; text: string; at: number }> = [];
    const streams = ['a', 'b', 'c'].map((n) => fakeStream(n, log, time.now));
    const handles = streams.map((s) => scheduler.register(s.next));

    for (let round = 0; round < 6; round++) {
      for (const [i, s] of streams.entries()) {
        s.set(`round ${round}`);
        handles[i]?.wake();
      }
      await time.advance(1000);
    }
    const counts = ['a', 'b', 'c'].map((n) => log.filter((e) => e.name === n).length);
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
  });

  it('gives a final edit priority over streams that are still updating', async () => {
    const time = manualTime();
    const scheduler = new EditScheduler({ limits: () => ({ perMinute: 60, burst: 1 }), ...time });
    const log: Array<{ name: string; text: string; at: number }> = [];
    const busy = fakeStream('busy', log, time.now);
    const done = fakeStream('done', log, time.now);
    const busyHandle = scheduler.register(busy.next);
    const doneHandle = scheduler.register(done.next);
    busy.set('x');
    busyHandle.wake();
    done.set('y');
    doneHandle.wake();
    await flush();
    expect(log.map((e) => e.name)).toEqual(['busy']);

    busy.set('xx');
    busyHandle.wake();
    done.set('y final');
    done.finish();
    doneHandle.wake();
    await time.advance(1000);
    expect(log.map((e) => e.name)).toEqual(['busy', 'done']);
  });

  it('pauses every stream on a 429 until Retry-After has passed, then delivers the latest text', async () => {
    const time = manualTime();
    const scheduler = new EditScheduler({ limits: () => ({ perMinute: 600, burst: 10 }), ...time });
    const log: Array<{ name: string; text: string; at: number }> = [];
    const a = fakeStream('a', log, time.now);
    const b = fakeStream('b', log, time.now);
    const ha = scheduler.register(a.next);
    const hb = scheduler.register(b.next);

    a.failNext(new RateLimitedError(5000));
    a.set('a1');
    ha.wake();
    await flush();
    b.set('b1');
    hb.wake();
    await time.advance(4000);
    expect(log).toEqual([]);

    a.set('a2');
    ha.wake();
    await time.advance(1500);
    expect(log.map((e) => `${e.name}:${e.text}@${e.at}`).sort()).toEqual(['a:a2@5000', 'b:b1@5000']);
  });

  it('resolves drained() once the stream has nothing left to write', async () => {
    const time = manualTime();
    const scheduler = new EditScheduler({ limits: () => ({ perMinute: 60, burst: 1 }), ...time });
    const log: Array<{ name: string; text: string; at: number }> = [];
    const a = fakeStream('a', log, time.now);
    const handle = scheduler.register(a.next);
    a.set('first');
    handle.wake();
    await flush();
    a.set('second');
    handle.wake();
    let drained = false;
    void handle.drained().then(() => {
      drained = true;
    });
    await flush();
    expect(drained).toBe(false);
    await time.advance(1000);
    expect(drained).toBe(true);
    expect(a.shown).toBe('second');
  });
});
