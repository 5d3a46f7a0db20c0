import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BurstHold } from '../../src/ingress/burst-hold.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('BurstHold', () => {
  it('releases a burst together once nothing new has arrived for the quiet time, in arrival order', () => {
    const released: number[][] = [];
    const hold = new BurstHold<number>({ quietMs: 10, maxHoldMs: 250 }, (items) => released.push(items));
    for (let n = 0; n < 5; n++) {
      hold.add(n);
      vi.advanceTimersByTime(4);
    }
    expect(released).toEqual([]);
    vi.advanceTimersByTime(5);
    expect(released).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(released).toEqual([[0, 1, 2, 3, 4]]);
  });

  it('never holds anything longer than the maximum, however long the stream lasts', () => {
    const heldFor = new Map<number, number>();
    const addedAt = new Map<number, number>();
    const hold = new BurstHold<number>({ quietMs: 10, maxHoldMs: 50 }, (items) => {
      for (const n of items) heldFor.set(n, Date.now() - (addedAt.get(n) ?? 0));
    });
    const start = Date.now();
    for (let n = 0; n < 40; n++) {
      addedAt.set(n, Date.now());
      hold.add(n);
      vi.advanceTimersByTime(5);
    }
    vi.advanceTimersByTime(10);
    expect(heldFor.size).toBe(40);
    expect(Math.max(...heldFor.values())).toBeLessThanOrEqual(50);
    expect(Date.now() - start).toBe(210);
  });

  it('releases what is held at once on release, and nothing when nothing is held', () => {
    const released: string[][] = [];
    const hold = new BurstHold<string>({ quietMs: 10, maxHoldMs: 250 }, (items) => released.push(items));
    hold.add('a');
    hold.release();
    hold.release();
    vi.advanceTimersByTime(100);
    expect(released).toEqual([['a']]);
  });
});
