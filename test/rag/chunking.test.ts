import { describe, expect, it } from 'vitest';
import { chunkMessage, type PreparedMessage, splitText } from '../../src/rag/chunking.js';

const base: PreparedMessage = {
  channel: 'C0LAUNCH',
  channelName: 'launch',
  ts: '1763640000.000100',
  threadTs: '',
  user: 'U0ALICE',
  author: 'Alice Park',
  text: 'Decision: the launch is on September 16.',
  version: '1763640000.000100',
};

describe('chunking a Slack message', () => {
  it('gives a short message one chunk that says who said it, where and when', () => {
    const [chunk, ...rest] = chunkMessage(base);
    expect(rest).toEqual([]);
    expect(chunk).toMatchObject({
      id: 'C0LAUNCH:1763640000.000100:0',
      part: 0,
      sources: ['1763640000.000100'],
    });
    expect(chunk?.text).toBe('#launch · Alice Park · 2025-11-20\nDecision: the launch is on September 16.');
  });

  it('gives a reply its thread’s opening message as context, and lists both as sources', () => {
    const [chunk] = chunkMessage({
      ...base,
      ts: '1763640100.000200',
      threadTs: '1763640000.000100',
      author: 'Bob Ortiz',
      text: '+1, ship it',
      parent: {
        ts: '1763640000.000100',
        author: 'Alice Park',
        text: 'Proposal: rename the project to Atlas',
      },
    });
    expect(chunk?.text.split('\n')).toEqual([
      '#launch · Bob Ortiz · 2025-11-20',
      'In reply to Alice Park: "Proposal: rename the project to Atlas"',
      '+1, ship it',
    ]);
    expect(chunk?.sources).toEqual(['1763640100.000200', '1763640000.000100']);
  });

  it('splits a long message into numbered parts at paragraph boundaries', () => {
    const paragraphs = Array.from({ length: 6 }, (_, i) => `Paragraph ${i}: ${'word '.repeat(60).trim()}.`);
    const chunks = chunkMessage(
      { ...base, text: paragraphs.join('\n\n') },
      { maxChars: 700, contextChars: 100 },
    );
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.map((c) => c.part)).toEqual(chunks.map((_, i) => i));
    expect(chunks[0]?.text.split('\n')[0]).toBe(
      `#launch · Alice Park · 2025-11-20 · part 1 of ${chunks.length}`,
    );
    for (const chunk of chunks)
      expect(chunk.text.split('\n').slice(1).join('\n').length).toBeLessThanOrEqual(700);
    expect(chunks.map((c) => c.text).join('\n')).toContain('Paragraph 5:');
  });

  it('keeps code fenced in every piece and never cuts a link', () => {
    const code = [
      '```',
      ...Array.from({ length: 40 }, (_, i) => `const value${i} = compute(${i});`),
      '```',
    ].join('\n');
    const link = '[the runbook](https://wiki.example.com/runbooks/checkout-outage-2025)';
    const pieces = splitText(`See ${link} first.\n\n${code}`, 400);
    expect(pieces.length).toBeGreaterThan(2);
    expect(pieces.some((p) => p.includes(link))).toBe(true);
    for (const piece of pieces.filter((p) => p.includes('const value'))) {
      expect(piece.startsWith('```')).toBe(true);
      expect(piece.endsWith('```')).toBe(true);
    }
  });

  it('splits a run-on sentence at words rather than mid-word', () => {
    const pieces = splitText(Array.from({ length: 300 }, (_, i) => `word${i}`).join(' '), 200);
    expect(pieces.every((p) => p.length <= 200)).toBe(true);
    expect(pieces.join(' ').split(' ')).toHaveLength(300);
  });
});
