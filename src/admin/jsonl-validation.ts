import { z } from 'zod';
import { CHARS_PER_TOKEN, type RecordFormat, type TrainingFormat } from './training-formats.js';

export interface JsonlProblem {
  /** 1-based; 0 for problems with the whole file. */
  line: number;
  message: string;
}

export interface JsonlReport {
  ok: boolean;
  records: number;
  /** The first problems found (at most `maxListed`), in line order. */
  problems: JsonlProblem[];
  /** How many problems there are in all. */
  problemCount: number;
}

const text = (field: string) =>
  z.string({ error: `"${field}" must be a string` }).refine((v) => v.trim() !== '', `"${field}" is empty`);

const contentBlock = z.strictObject(
  { text: text('text') },
  { error: 'each content item must be {"text": "…"}' },
);

const schemas: Record<RecordFormat, z.ZodType> = {
  'prompt-completion': z.strictObject({ prompt: text('prompt'), completion: text('completion') }),
  'text-input': z.strictObject({ input: text('input') }),
  'image-caption': z.strictObject({
    'image-ref': z
      .string({ error: '"image-ref" must be a string' })
      .regex(/^s3:\/\/.+\..+$/, '"image-ref" must be an s3:// URI of an image'),
    caption: text('caption'),
  }),
  conversation: z
    .strictObject({
      schemaVersion: z.literal('bedrock-conversation-2024', {
        error: '"schemaVersion" must be "bedrock-conversation-2024"',
      }),
      system: z.array(contentBlock).optional(),
      messages: z
        .array(
          z.strictObject({
            role: z.enum(['user', 'assistant'], { error: '"role" must be "user" or "assistant"' }),
            content: z.array(contentBlock).min(1, 'a message needs at least one content item'),
          }),
          { error: '"messages" must be a list' },
        )
        .min(2, '"messages" needs at least a user turn and an assistant turn'),
    })
    .superRefine((record, ctx) => {
      record.messages.forEach((message, i) => {
        const expected = i % 2 === 0 ? 'user' : 'assistant';
        if (message.role !== expected) {
          ctx.addIssue({
            code: 'custom',
            message: `message ${i + 1} should be from "${expected}"; turns alternate, starting with "user"`,
          });
        }
      });
      if (record.messages.at(-1)?.role !== 'assistant') {
        ctx.addIssue({
          code: 'custom',
          message: 'the last message must be from "assistant" (the answer to learn)',
        });
      }
    }),
};

const formatNames: Record<RecordFormat, string> = {
  'prompt-completion': 'exactly "prompt" and "completion"',
  'text-input': 'exactly "input"',
  'image-caption': 'exactly "image-ref" and "caption"',
  conversation: '"schemaVersion", "messages" and optionally "system"',
};

/**
 * Checks a JSONL training file before anything is uploaded: UTF-8, one JSON object per line in the base
 * model's format, each record within the token limit, the file within the record limit.
 */
export function validateJsonl(
  data: Uint8Array,
  expected: TrainingFormat,
  options: { role: 'training' | 'validation'; maxListed?: number },
): JsonlReport {
  const maxListed = options.maxListed ?? 20;
  const problems: JsonlProblem[] = [];
  let problemCount = 0;
  const report = (line: number, message: string) => {
    problemCount += 1;
    if (problems.length < maxListed) problems.push({ line, message });
  };

  let content: string;
  try {
    content = new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    report(0, 'the file is not UTF-8 text; save it as UTF-8 JSONL');
    return { ok: false, records: 0, problems, problemCount };
  }
  content = content.replace(/^\uFEFF/, '');
  if (content.trim() === '') {
    report(0, 'the file is empty; it needs one JSON record per line');
    return { ok: false, records: 0, problems, problemCount };
  }

  const lines = content.split('\n');
  while (lines.length > 0 && (lines.at(-1) ?? '').trim() === '') lines.pop();
  const schema = schemas[expected.format];
  const maxChars = expected.limits.maxTokensPerRecord * CHARS_PER_TOKEN;
  let records = 0;

  for (const [index, rawLine] of lines.entries()) {
    const lineNo = index + 1;
    const line = rawLine.replace(/\r$/, '');
    if (line.trim() === '') {
      report(lineNo, 'the line is empty; remove blank lines between records');
      continue;
    }
    records += 1;
    // A giant line can't be a valid record: say so without parsing megabytes of JSON.
    if (line.length > maxChars * 2 + 4096) {
      report(
        lineNo,
        `the line is ${line.length.toLocaleString('en-US')} characters; a record may hold about ${expected.limits.maxTokensPerRecord.toLocaleString('en-US')} tokens (~${maxChars.toLocaleString('en-US')} characters)`,
      );
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      const why =
        error instanceof Error ? error.message.replace(/ in JSON at position \d+.*$/, '') : 'parse error';
      const truncated = !line.trimEnd().endsWith('}') ? ' — the line looks truncated' : '';
      report(lineNo, `not valid JSON (${why})${truncated}`);
      continue;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      report(lineNo, `each line must be a JSON object with ${formatNames[expected.format]}`);
      continue;
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      report(lineNo, describeIssue(parsed.error.issues, value, expected.format));
      continue;
    }
    const tokens = Math.ceil(textLength(value) / CHARS_PER_TOKEN);
    if (tokens > expected.limits.maxTokensPerRecord) {
      report(
        lineNo,
        `the record is about ${tokens.toLocaleString('en-US')} tokens; the limit is ${expected.limits.maxTokensPerRecord.toLocaleString('en-US')}`,
      );
    }
  }

  const maxRecords =
    options.role === 'training' ? expected.limits.maxTrainingRecords : expected.limits.maxValidationRecords;
  if (options.role === 'validation' && maxRecords === 0) {
    report(0, 'this base model takes no validation data; leave it out');
  } else if (records > maxRecords) {
    report(
      0,
      `the file has ${records.toLocaleString('en-US')} records; at most ${maxRecords.toLocaleString('en-US')} ${options.role} records are allowed`,
    );
  }
  problems.sort((a, b) => a.line - b.line);
  return { ok: problemCount === 0, records, problems, problemCount };
}

/** One clear sentence per bad record: unknown keys first (the usual mistake), then missing keys, then the rest. */
function describeIssue(issues: z.core.$ZodIssue[], value: object, format: RecordFormat): string {
  const issue = issues.find((i) => i.code === 'unrecognized_keys' && i.path.length === 0) ?? issues[0];
  if (issue === undefined) return 'the record does not match the expected format';
  const where = issue.path.length > 0 ? ` (at ${issue.path.join('.')})` : '';
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((k) => `"${k}"`).join(', ');
    return issue.path.length === 0
      ? `unexpected key ${keys}; each line needs ${formatNames[format]}`
      : `unexpected key ${keys}${where}`;
  }
  if (issue.code === 'invalid_type' && issue.path.length === 1 && !(String(issue.path[0]) in value)) {
    return `missing "${String(issue.path[0])}"; each line needs ${formatNames[format]}`;
  }
  return `${issue.message}${where}`;
}

function textLength(value: unknown): number {
  if (typeof value === 'string') return value.length;
  if (Array.isArray(value)) return value.reduce((sum: number, v) => sum + textLength(v), 0);
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).reduce(
      (sum, [key, v]) => sum + (key === 'image-ref' ? 0 : textLength(v)),
      0,
    );
  }
  return 0;
}
