import { StrataError } from '../errors.js';

/** `--name value` options inside a prompt, as typed in `/image` or a mention. */
export type OptionName = 'no' | 'style' | 'size' | 'seed' | 'count' | 'model' | 'strength';

export const USAGE =
  'Usage: `/image <prompt> [--no <negative prompt>] [--style <preset>] [--size 1024x1024|16:9] [--seed N] [--count 1-4] [--model <id>]`';

/** Options whose value runs to the next option; the others take one word. */
const longValues = new Set<OptionName>(['no']);

export interface SplitText {
  /** The text without its options. */
  rest: string;
  options: Partial<Record<OptionName, string>>;
}

/**
 * Splits options out of free text. Slack clients turn `--` into an em or en dash, so those count too.
 * Unknown, repeated or empty options are bad input with a message that says how to fix them.
 */
export function splitOptions(text: string, allowed: readonly OptionName[], usage = USAGE): SplitText {
  const normalised = unescapeSlack(text).replace(/(^|\s)[—–]\s?(?=[a-z])/gi, '$1--');
  const pattern = /(?:^|\s)--([a-z][a-z-]*)/gi;
  const marks = [...normalised.matchAll(pattern)];
  const options: Partial<Record<OptionName, string>> = {};
  let rest = normalised.slice(0, marks[0]?.index ?? normalised.length);
  marks.forEach((mark, i) => {
    const name = (mark[1] ?? '').toLowerCase();
    if (!(allowed as readonly string[]).includes(name)) {
      const known = allowed.map((o) => `\`--${o}\``).join(', ');
      throw badInput(`Unknown option \`--${name}\`. Options here: ${known}.\n${usage}`);
    }
    const option = name as OptionName;
    if (options[option] !== undefined) throw badInput(`\`--${option}\` is given twice; keep one.\n${usage}`);
    const end = marks[i + 1]?.index ?? normalised.length;
    const segment = normalised.slice((mark.index ?? 0) + mark[0].length, end).trim();
    if (segment === '') throw badInput(`\`--${option}\` needs a value, e.g. ${example(option)}.\n${usage}`);
    if (longValues.has(option)) {
      options[option] = segment;
      return;
    }
    const [value = '', ...more] = segment.split(/\s+/);
    options[option] = value;
    rest += ` ${more.join(' ')}`;
  });
  return { rest: rest.replace(/\s+/g, ' ').trim(), options };
}

function example(option: OptionName): string {
  const examples: Record<OptionName, string> = {
    no: '`--no text, watermarks`',
    style: '`--style watercolor`',
    size: '`--size 1280x720` or `--size 16:9`',
    seed: '`--seed 42`',
    count: '`--count 2`',
    model: '`--model nova-canvas`',
    strength: '`--strength 0.6`',
  };
  return examples[option];
}

/** Slack escapes `&`, `<` and `>` in message and command text. */
export function unescapeSlack(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

export function badInput(userMessage: string): StrataError {
  return new StrataError('bad_input', userMessage, { userMessage });
}

/** A whole number within bounds, or bad input naming the option. */
export function intOption(name: OptionName, value: string, min: number, max: number, what = ''): number {
  const n = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw badInput(
      `\`--${name} ${value}\` is not valid: use a whole number from ${min.toLocaleString('en-US')} to ${max.toLocaleString('en-US')}${what}.`,
    );
  }
  return n;
}

export function strengthOption(value: string): number {
  const n = /^(0(\.\d+)?|1(\.0+)?|\.\d+)$/.test(value) ? Number(value) : Number.NaN;
  if (Number.isNaN(n)) {
    throw badInput(
      `\`--strength ${value}\` is not valid: use a number from 0 (keep the image) to 1 (ignore it), e.g. \`--strength 0.6\`.`,
    );
  }
  return n;
}
