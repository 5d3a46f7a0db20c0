import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BurstHold } from '../../src/ingress/burst-hold.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('BurstHold', () => {
  it('runs a burst once nothing new has arrived for the quiet time, in arrival order', () => {
    const hold = new BurstHold({ quietMs: 10, maxHoldMs: 250 });
    const ran: number[] = [];
    for (let n = 0; n < 5; n++) {
      hold.add(() => ran.push(n));
      vi.advanceTimersByTime(4);
    }
    expect(ran).toEqual([]);
    vi.advanceTimersByTime(5);
    expect(ran).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(ran).toEqual([0, 1, 2, 3, 4]);
  });

  it('never holds anything longer than the maximum, however long the stream lasts', () => {
    const hold = new BurstHold({ quietMs: 10, maxHoldMs: 50 });
    const ranAt = new Map<number, number>();
    const start = Date.now();
    for (let n = 0; n < 40; n++) {
      const added = Date.now();
      hold.add(() => ranAt.set(n, Date.now() - added));
      vi.advanceTimersByTime(5);
    }
    vi.advanceTimersByTime(10);
    expect(ranAt.size).toBe(40);
    expect(Math.max(...ranAt.values())).toBeLessThanOrEqual(50);
    expect(Date.now() - start).toBe(210);
  });

  it('runs what is held at once on release', () => {
    const hold = new BurstHold({ quietMs: 10, maxHoldMs: 250 });
    const ran: string[] = [];
    hold.add(() => ran.push('a'));
    hold.release();
    expect(ran).toEqual(['a']);
    vi.advanceTimersByTime(100);
    expect(ran).toEqual(['a']);
  });
});
