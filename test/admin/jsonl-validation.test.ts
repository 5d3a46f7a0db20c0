import { describe, expect, it } from 'vitest';
import { validateJsonl } from '../../src/admin/jsonl-validation.js';
import { trainingFormat } from '../../src/admin/training-formats.js';

const titan = trainingFormat('titan-text', 'FINE_TUNING');
const haiku = trainingFormat('claude-3-haiku', 'FINE_TUNING');
const cpt = trainingFormat('titan-text', 'CONTINUED_PRE_TRAINING');
const image = trainingFormat('titan-image', 'FINE_TUNING');

const bytes = (text: string) => new TextEncoder().encode(text);
const lines = (...records: unknown[]) =>
  bytes(`${records.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n')}\n`);
const training = { role: 'training' } as const;

const conversation = (...turns: Array<[string, string]>) => ({
  schemaVersion: 'bedrock-conversation-2024',
  system: [{ text: 'You are a support agent.' }],
  messages: turns.map(([role, text]) => ({ role, content: [{ text }] })),
});

describe('JSONL validation for prompt/completion models (Titan, Llama, Cohere)', () => {
  it('accepts one prompt/completion object per line, with CRLF endings, a BOM and a trailing newline', () => {
    const file = bytes(
      '\uFEFF{"prompt":"Hi","completion":"Hello"}\r\n{"prompt":"Bye","completion":"Goodbye"}\r\n\n',
    );
    expect(validateJsonl(file, titan, training)).toEqual({
      ok: true,
      records: 2,
      problems: [],
      problemCount: 0,
    });
  });

  it('reports a truncated line with its line number and a hint', () => {
    const report = validateJsonl(
      lines({ prompt: 'a', completion: 'b' }, '{"prompt":"c","compl'),
      titan,
      training,
    );
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([
      { line: 2, message: expect.stringMatching(/^not valid JSON .* the line looks truncated$/) },
    ]);
  });

  it('names wrong and missing keys', () => {
    const report = validateJsonl(
      lines(
        { question: 'a', answer: 'b' },
        { prompt: 'a' },
        { prompt: 'a', completion: 3 },
        { prompt: ' ', completion: 'x' },
      ),
      titan,
      training,
    );
    expect(report.problems.map((p) => [p.line, p.message])).toEqual([
      [1, 'unexpected key "question", "answer"; each line needs exactly "prompt" and "completion"'],
      [2, 'missing "completion"; each line needs exactly "prompt" and "completion"'],
      [3, '"completion" must be a string (at completion)'],
      [4, '"prompt" is empty (at prompt)'],
    ]);
  });

  it('refuses an empty file, and a file of blank lines', () => {
    expect(validateJsonl(bytes(''), titan, training).problems).toEqual([
      { line: 0, message: 'the file is empty; it needs one JSON record per line' },
    ]);
    expect(validateJsonl(bytes('\n \n\n'), titan, training).ok).toBe(false);
  });

  it('flags blank lines between records and lines that are not objects', () => {
    const report = validateJsonl(
      lines({ prompt: 'a', completion: 'b' }, '', '[1,2]', { prompt: 'c', completion: 'd' }),
      titan,
      training,
    );
    expect(report.problems.map((p) => p.line)).toEqual([2, 3]);
    expect(report.records).toBe(3);
  });

  it('rejects 10 MB on one line without parsing it, naming the record limit', () => {
    const huge = `{"prompt":"${'x'.repeat(10 * 1024 * 1024)}","completion":"y"}`;
    const report = validateJsonl(bytes(huge), titan, training);
    expect(report.problems).toEqual([
      {
        line: 1,
        message: expect.stringMatching(
          /^the line is 10,485,7\d\d characters; a record may hold about 4,096 tokens/,
        ),
      },
    ]);
  });

  it('flags a record over the token limit', () => {
    const report = validateJsonl(
      lines({ prompt: 'x'.repeat(4096 * 4), completion: 'more words here' }),
      titan,
      training,
    );
    expect(report.problems[0]?.message).toMatch(/about 4,1\d\d tokens; the limit is 4,096/);
  });

  it('lists the first 20 problems and counts them all', () => {
    const bad = Array.from({ length: 57 }, (_, i) => `{"prompt": "broken ${i}"`);
    const report = validateJsonl(lines(...bad), titan, training);
    expect(report.problemCount).toBe(57);
    expect(report.problems).toHaveLength(20);
    expect(report.problems[19]?.line).toBe(20);
  });

  it('enforces the record limit of the file', () => {
    const many = Array.from({ length: 1001 }, () => ({ prompt: 'p', completion: 'c' }));
    const report = validateJsonl(lines(...many), titan, { role: 'validation' });
    expect(report.problems).toEqual([
      { line: 0, message: 'the file has 1,001 records; at most 1,000 validation records are allowed' },
    ]);
  });

  it('refuses bytes that are not UTF-8', () => {
    const report = validateJsonl(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), titan, training);
    expect(report.problems[0]?.message).toMatch(/not UTF-8/);
  });
});

describe('JSONL validation for conversation models (Claude 3 Haiku, Nova)', () => {
  it('accepts bedrock-conversation-2024 records', () => {
    const report = validateJsonl(
      lines(conversation(['user', 'Reset my password?'], ['assistant', 'Go to Settings.'])),
      haiku,
      training,
    );
    expect(report).toMatchObject({ ok: true, records: 1 });
  });

  it('rejects prompt/completion records, a wrong schema version, and turns out of order', () => {
    const report = validateJsonl(
      lines(
        { prompt: 'a', completion: 'b' },
        { ...conversation(['user', 'a'], ['assistant', 'b']), schemaVersion: 'v1' },
        conversation(['assistant', 'a'], ['user', 'b']),
        conversation(['user', 'a'], ['assistant', 'b'], ['user', 'c']),
      ),
      haiku,
      training,
    );
    expect(report.problems.map((p) => [p.line, p.message])).toEqual([
      [
        1,
        'unexpected key "prompt", "completion"; each line needs "schemaVersion", "messages" and optionally "system"',
      ],
      [2, '"schemaVersion" must be "bedrock-conversation-2024" (at schemaVersion)'],
      [3, 'message 1 should be from "user"; turns alternate, starting with "user"'],
      [4, 'the last message must be from "assistant" (the answer to learn)'],
    ]);
  });
});

describe('JSONL validation for continued pre-training and image models', () => {
  it('expects {"input": …} records for continued pre-training', () => {
    expect(validateJsonl(lines({ input: 'Raw domain text.' }), cpt, training).ok).toBe(true);
    expect(
      validateJsonl(lines({ prompt: 'a', completion: 'b' }), cpt, training).problems[0]?.message,
    ).toMatch(/needs exactly "input"/);
  });

  it('expects image-ref and caption for image models, and no validation data', () => {
    expect(
      validateJsonl(lines({ 'image-ref': 's3://b/cat.png', caption: 'a cat' }), image, training).ok,
    ).toBe(true);
    expect(
      validateJsonl(lines({ 'image-ref': 'https://x/cat.png', caption: 'a cat' }), image, training).ok,
    ).toBe(false);
    expect(
      validateJsonl(lines({ 'image-ref': 's3://b/cat.png', caption: 'a cat' }), image, { role: 'validation' })
        .problems[0]?.message,
    ).toMatch(/takes no validation data/);
  });
});
