import { describe, expect, it } from 'vitest';
import { DEMO_CHANNELS, demoHistory } from '../../src/rag/demo/demo-history.js';
import { demoSnapshot } from '../../src/rag/demo/seed-demo.js';

describe('the local demo workspace', () => {
  it('has a few hundred messages across its channels, the same every time', () => {
    const snapshot = demoSnapshot(Date.parse('2026-11-25T12:00:00Z'));
    const demo = snapshot.messages.filter((m) => DEMO_CHANNELS.some((c) => c.id === m.channel));
    expect(demo.length).toBeGreaterThan(250);
    expect(new Set(demo.map((m) => m.channel))).toEqual(new Set(DEMO_CHANNELS.map((c) => c.id)));
    expect(demoHistory()).toEqual(demoHistory());
  });

  it('holds the decisions people will ask about, with Strata a member of every demo channel', () => {
    const snapshot = demoSnapshot(Date.parse('2026-11-25T12:00:00Z'));
    const texts = snapshot.messages.map((m) => m.message.text).join('\n');
    expect(texts).toContain('Decision: the Q3 launch date is Tuesday, September 16');
    expect(texts).toContain('Refund policy reminder');
    for (const demo of DEMO_CHANNELS) {
      expect(snapshot.channels.find((c) => c.id === demo.id)?.members).toContain('U0STRATA');
    }
    expect(snapshot.channels.find((c) => c.id === 'G0LEADERS')?.members).not.toContain('U0BOB');
  });

  it('writes threads the way Slack stores them, in the past, with increasing timestamps', () => {
    const now = Date.parse('2026-11-25T12:00:00Z');
    const { messages } = demoSnapshot(now);
    const parents = messages.filter((m) => (m.message.reply_count ?? 0) > 0);
    expect(parents.length).toBeGreaterThan(10);
    for (const parent of parents) {
      const replies = messages.filter(
        (m) => m.message.thread_ts === parent.message.ts && m.message.ts !== parent.message.ts,
      );
      expect(replies).toHaveLength(parent.message.reply_count ?? 0);
      expect(parent.message.latest_reply).toBe(replies.at(-1)?.message.ts);
    }
    const stamps = messages.map((m) => Number(m.message.ts));
    expect(Math.max(...stamps)).toBeLessThan(now / 1000);
    expect(new Set(stamps).size).toBe(stamps.length);
  });
});
