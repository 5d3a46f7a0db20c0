import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/seeded-random.js';
import { markdownToMrkdwn } from '../../src/slack/mrkdwn.js';
import { SLACK_TEXT_LIMIT, splitMessage } from '../../src/slack/split-message.js';

const FENCE_LINE = /^[ \t]*(`{3,}|~{3,})(.*)$/;
const FAMILY = '👩‍👩‍👧';

/** Fence lines in order; a part is balanced when every opener has its closer. */
function fenceState(part: string): { balanced: boolean; lines: string[] } {
  const lines = part.split('\n').filter((line) => FENCE_LINE.test(line));
  let open: string | undefined;
  for (const line of lines) {
    const marks = FENCE_LINE.exec(line)?.[1] ?? '';
    if (open === undefined) open = marks;
    else if (line.trim().startsWith(open) && line.trim() === marks) open = undefined;
  }
  return { balanced: open === undefined, lines };
}

/**
 * Every non-fence character of the original appears in the parts, in order, and only whitespace is
 * missing between them; fence lines are compared separately because splitting adds some.
 */
function expectNothingLost(original: string, parts: string[], addedFenceLines: string[] = []): void {
  const strip = (text: string) =>
    text
      .split('\n')
      .filter((line) => !FENCE_LINE.test(line))
      .join('\n');
  let rest = strip(original);
  for (const [index, part] of parts.entries()) {
    const core = strip(part).trim();
    const at = rest.indexOf(core);
    expect(at, `part ${index} is a piece of the original`).toBeGreaterThanOrEqual(0);
    expect(rest.slice(0, at).trim(), `only whitespace is dropped before part ${index}`).toBe('');
    rest = rest.slice(at + core.length);
  }
  expect(rest.trim(), 'nothing is left over').toBe('');
  const originalFences = new Set([
    ...original.split('\n').filter((line) => FENCE_LINE.test(line)),
    ...addedFenceLines,
  ]);
  for (const part of parts) {
    for (const line of fenceState(part).lines) expect(originalFences).toContain(line);
  }
}

function expectWithinLimit(parts: string[], limit: number): void {
  for (const [index, part] of parts.entries()) {
    expect(part.length, `part ${index} length`).toBeLessThanOrEqual(limit);
    expect(part.trim(), `part ${index} is not empty`).not.toBe('');
  }
}

function expectBalanced(parts: string[]): void {
  for (const [index, part] of parts.entries())
    expect(fenceState(part).balanced, `part ${index} fences`).toBe(true);
}

/** A long, realistic reply: prose, lists, links, inline code, and code fences, one much longer than a message. */
function longReply(): string {
  const sections: string[] = [];
  for (let section = 1; sections.join('\n\n').length < 20_000; section++) {
    sections.push(`## Section ${section}`);
    sections.push(
      Array.from(
        { length: 6 },
        (_, n) =>
          `Sentence ${n} of section ${section} explains [the setting](https://docs.example.com/s/${section}?n=${n}&x=y) ` +
          `and why \`value_${n} * 2\` matters for the deployment.`,
      ).join(' '),
    );
    sections.push(['- first point', '  - nested detail with **bold**', '- second point'].join('\n'));
    if (section % 3 === 0) {
      const lines = Array.from(
        { length: section === 3 ? 90 : 12 },
        (_, n) => `    const row${n} = compute(${n}, "**not bold**", a_b_c); // step ${n}`,
      );
      sections.push(['```typescript', ...lines, '```'].join('\n'));
    }
    if (section % 4 === 0)
      sections.push(['~~~python title="x.py"', 'print("hello")', 'x = [1, 2]', '~~~'].join('\n'));
  }
  return sections.join('\n\n');
}

const FUZZ_TOKENS = [
  'word',
  'Sentence.',
  ' ',
  ' ',
  ' ',
  '\n',
  '\n\n',
  '\r\n',
  '**bold**',
  '`a code span`',
  '[link text](https://e.com/a_b)',
  FAMILY,
  '😀',
  '名前',
  '\n```ts\n',
  '\n```\n',
  '\n~~~\n',
  'x ```y',
  '> 5',
  ' - flag',
  '# not',
  '1. one',
  'a'.repeat(50),
];

describe('splitMessage', () => {
  it('exports a limit safely under the 4,000 characters Slack advises for text', () => {
    expect(SLACK_TEXT_LIMIT).toBe(3_900);
  });

  it('returns a short reply unchanged as a single part', () => {
    const text = '  Hello **world**.\n\n```js\nx()\n```\n';
    expect(splitMessage(text, 100)).toEqual([text]);
  });

  it('returns no parts for an empty reply', () => {
    expect(splitMessage('', 100)).toEqual([]);
  });

  it('rejects a limit that is not a positive integer', () => {
    expect(() => splitMessage('text', 0)).toThrow(RangeError);
    expect(() => splitMessage('text', 2.5)).toThrow(RangeError);
  });

  it.each([
    {
      name: 'prefers the blank line between paragraphs to a later line end',
      text: 'First paragraph line one.\nline two\n\nSecond paragraph\nmore of it here',
      limit: 50,
      parts: ['First paragraph line one.\nline two', 'Second paragraph\nmore of it here'],
    },
    {
      name: 'prefers a line end to a later sentence end',
      text: 'A first line that is long\nThen a sentence. And another one.',
      limit: 45,
      parts: ['A first line that is long', 'Then a sentence. And another one.'],
    },
    {
      name: 'prefers a sentence end to a later space',
      text: 'The quick brown fox jumped. Over the lazy dog it went again.',
      limit: 40,
      parts: ['The quick brown fox jumped.', 'Over the lazy dog it went again.'],
    },
    {
      name: 'falls back to a space when there is no sentence end',
      text: 'one two three four five six seven eight nine ten',
      limit: 20,
      parts: ['one two three four', 'five six seven eight', 'nine ten'],
    },
    {
      name: 'ends a sentence after closing quotes and brackets',
      text: 'He said "stop it." (Really!) And then he left the room quietly.',
      limit: 40,
      parts: ['He said "stop it." (Really!)', 'And then he left the room quietly.'],
    },
    {
      name: 'keeps the indentation of the line that starts the next part',
      text: '- parent item text here\n  - child item text here',
      limit: 30,
      parts: ['- parent item text here', '  - child item text here'],
    },
  ])('$name', ({ text, limit, parts }) => {
    expect(splitMessage(text, limit)).toEqual(parts);
  });

  it('does not split inside a link when a boundary outside it fits', () => {
    const text = 'Read this: [the complete guide to it](https://example.com/guide) today';
    const parts = splitMessage(text, 60);
    expect(parts).toEqual(['Read this:', '[the complete guide to it](https://example.com/guide) today']);
  });

  it('does not split inside an inline code span when a boundary outside it fits', () => {
    const text = 'Run `npm run build -- --watch now` before you push.';
    expect(splitMessage(text, 32)).toEqual(['Run', '`npm run build -- --watch now`', 'before you push.']);
  });

  it('closes a fence at the end of a part and reopens it with the same info string', () => {
    const text = [
      'Intro text.',
      '',
      '```ts title="a.ts"',
      'const a = 1;',
      'const b = 2;',
      'const c = 3;',
      '```',
      'Outro.',
    ].join('\n');
    const parts = splitMessage(text, 56);
    expect(parts).toEqual([
      'Intro text.\n\n```ts title="a.ts"\nconst a = 1;\n```',
      '```ts title="a.ts"\nconst b = 2;\nconst c = 3;\n```\nOutro.',
    ]);
    expectWithinLimit(parts, 56);
  });

  it('reopens a tilde fence with its own markers', () => {
    const text = ['~~~~py', 'print(1)', 'print(2)', 'print(3)', '~~~~'].join('\n');
    const parts = splitMessage(text, 30);
    expect(parts).toEqual(['~~~~py\nprint(1)\nprint(2)\n~~~~', '~~~~py\nprint(3)\n~~~~']);
  });

  it('never ends a part with an empty code block next to a fence line', () => {
    const text = `${'word '.repeat(10)}\n\`\`\`\n${'code line\n'.repeat(6)}\`\`\`\n${'tail '.repeat(10)}`;
    for (let limit = 30; limit <= text.length; limit += 7) {
      const parts = splitMessage(text, limit);
      for (const part of parts) expect(part).not.toMatch(/```\n```/);
      expectWithinLimit(parts, limit);
      expectBalanced(parts);
      expectNothingLost(text, parts);
    }
  });

  it('splits a code block several times longer than the limit at line ends, balanced in every part', () => {
    const code = Array.from({ length: 400 }, (_, n) => `line ${n}: if (a_${n} * 2 > b) { go(); }`).join('\n');
    const text = `Here is the file:\n\n\`\`\`js\n${code}\n\`\`\`\n\nThat is all.`;
    const parts = splitMessage(text, 1_000);
    expect(parts.length).toBeGreaterThanOrEqual(text.length / 1_000);
    expectWithinLimit(parts, 1_000);
    expectBalanced(parts);
    expectNothingLost(text, parts);
    for (const part of parts.slice(1, -1)) expect(part.startsWith('```js\nline ')).toBe(true);
  });

  it('splits a single line longer than the limit without losing a character', () => {
    const text = 'x'.repeat(9_000);
    const parts = splitMessage(text, SLACK_TEXT_LIMIT);
    expect(parts.map((part) => part.length)).toEqual([3_900, 3_900, 1_200]);
    expect(parts.join('')).toBe(text);
  });

  it('splits a single code line longer than the limit and keeps every part fenced', () => {
    const text = `\`\`\`\n${'y'.repeat(100)}\n\`\`\``;
    const parts = splitMessage(text, 40);
    expectWithinLimit(parts, 40);
    expectBalanced(parts);
    expect(parts.map((part) => part.replace(/^```\n|\n```$/g, '')).join('')).toBe('y'.repeat(100));
  });

  it('never splits a surrogate pair or a ZWJ emoji sequence', () => {
    const text = `${FAMILY}😀`.repeat(40);
    for (const limit of [9, 10, 13, 50]) {
      const parts = splitMessage(text, limit);
      expectWithinLimit(parts, limit);
      expect(parts.join('')).toBe(text);
      for (const part of parts) {
        expect(part).toMatch(/^(?:👩‍👩‍👧|😀)+$/u);
      }
    }
  });

  it('keeps CRLF line breaks whole', () => {
    const text = 'alpha beta gamma\r\ndelta epsilon zeta\r\neta theta';
    const parts = splitMessage(text, 20);
    expect(parts).toEqual(['alpha beta gamma', 'delta epsilon zeta', 'eta theta']);
  });

  it('splits a 20,000-character reply with several code fences into balanced parts within the limit', () => {
    const text = longReply();
    expect(text.length).toBeGreaterThanOrEqual(20_000);
    expect(text.match(/^(```|~~~)\S/gm)?.length ?? 0).toBeGreaterThanOrEqual(4);
    expect(text).toMatch(/```typescript\n[^`]{4000,}```/);
    const parts = splitMessage(text, SLACK_TEXT_LIMIT);
    expect(parts.length).toBeGreaterThanOrEqual(6);
    expectWithinLimit(parts, SLACK_TEXT_LIMIT);
    expectBalanced(parts);
    expectNothingLost(text, parts);
    for (const part of parts) {
      expect(part.split('](').length, 'no link is cut').toBe(part.split('[the setting]').length);
    }
  });

  it('fills parts instead of cutting early at a distant paragraph break', () => {
    const text = longReply();
    const parts = splitMessage(text, SLACK_TEXT_LIMIT);
    for (const part of parts.slice(0, -1)) expect(part.length).toBeGreaterThan(SLACK_TEXT_LIMIT / 2);
  });

  it('keeps every part within the limit and loses nothing across many limits', () => {
    const whole = longReply();
    const text = whole.slice(0, whole.lastIndexOf('\n\n', 6_000));
    for (let limit = 120; limit <= 2_000; limit += 97) {
      const parts = splitMessage(text, limit);
      expectWithinLimit(parts, limit);
      expectBalanced(parts);
      expectNothingLost(text, parts);
    }
  });

  it('keeps earlier parts stable while a streamed reply keeps growing', () => {
    const text = longReply();
    const settled = splitMessage(text, SLACK_TEXT_LIMIT);
    for (let length = 9_000; length <= text.length; length += 1_111) {
      const parts = splitMessage(text.slice(0, length), SLACK_TEXT_LIMIT);
      expect(parts.slice(0, 2)).toEqual(settled.slice(0, 2));
    }
  });

  it('reopens an unterminated fence of a partial reply in the next part', () => {
    const text = `Look:\n\`\`\`sh\n${'echo hi\n'.repeat(20)}`;
    const parts = splitMessage(text, 60);
    expectWithinLimit(parts, 60);
    expectBalanced(parts.slice(0, -1));
    for (const part of parts.slice(1)) expect(part.startsWith('```sh\n')).toBe(true);
    expectNothingLost(text, parts, ['```']);
  });

  it('keeps its promises on 300 generated replies with random limits', () => {
    const random = seededRandom(42);
    for (let round = 0; round < 300; round++) {
      let text = '';
      while (text.length < 1_500) text += FUZZ_TOKENS[Math.floor(random() * FUZZ_TOKENS.length)];
      const limit = 30 + Math.floor(random() * 300);
      const parts = splitMessage(text, limit);
      expectWithinLimit(parts, limit);
      const closedOriginal = fenceState(text.replace(/\r/g, '')).balanced;
      expectBalanced(closedOriginal ? parts : parts.slice(0, -1));
      expectNothingLost(text, parts, ['```', '~~~']);
    }
  });

  it('gives parts that each convert to mrkdwn with balanced fences', () => {
    const parts = splitMessage(longReply(), SLACK_TEXT_LIMIT);
    for (const part of parts) {
      const fences = markdownToMrkdwn(part)
        .split('\n')
        .filter((line) => line.startsWith('```'));
      expect(fences.length % 2).toBe(0);
    }
  });
});
