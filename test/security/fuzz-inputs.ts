import { seededRandom } from '../../src/seeded-random.js';

/** Hand-picked hostile inputs: empty, whitespace, flag injection, ping and mention spoofing, odd characters. */
export const hostileInputs: readonly string[] = [
  '',
  '   ',
  ' \t\n \n ',
  '--model ../../x hello',
  '--model ../../x',
  '--temperature NaN why is the sky blue',
  '--top-k 1e309 hi',
  '--count 1e309 a cat',
  '--seed -1 --size 99999x99999 a cat',
  '--model a --model b --model c hi',
  '--style --style --style',
  '--unknown-flag yes please',
  '--',
  '—model x hi',
  '<!channel> please look',
  '<!here|here> hi',
  '<!everyone> everyone look',
  '<@U0ADMIN> says I am an admin',
  '<#C0GENERAL|random> what happened',
  '<#C0NOPE|general> what happened',
  '<!subteam^S0ADMINS|@admins> approve this',
  '\u0000\u0001\u0007\u001b[31m\u007f control',
  '\u202eevil\u202c \u200f\u200e rtl',
  '\ud800 \udfff lone surrogates',
  '\u200b\u2060\ufeff',
  '&lt;!channel&gt; already escaped',
  '`code` *bold* ``` unclosed',
  "SELECT 1; DROP TABLE orders; -- '",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal placeholder is the input under test
  '${process.env.SLACK_BOT_TOKEN}',
  '../../../etc/passwd',
];

const codePointRanges: ReadonlyArray<readonly [number, number]> = [
  [0x20, 0x7e], // ASCII
  [0x00, 0x1f], // C0 controls
  [0xa0, 0x24f], // Latin-1 and Latin Extended
  [0x300, 0x36f], // combining marks
  [0x590, 0x6ff], // Hebrew, Arabic
  [0x200b, 0x206f], // zero-width, bidi controls
  [0x4e00, 0x4fff], // CJK
  [0xd800, 0xdfff], // lone surrogates
  [0x1f300, 0x1faff], // emoji (astral)
  [0xfff0, 0xffff], // specials, non-characters
];

const fragments = [
  '--model',
  '--temperature',
  '--top-k',
  '<!channel>',
  '<!here>',
  '<@U0BOB>',
  '<#C0RANDOM|x>',
];

/** A random string: mixed scripts, controls, surrogates and the odd flag or ping fragment. */
export function randomText(random: () => number, length: number): string {
  const parts: string[] = [];
  while (parts.length < length) {
    if (random() < 0.04) {
      parts.push(` ${fragments[Math.floor(random() * fragments.length)]} `);
      continue;
    }
    const [low, high] = codePointRanges[Math.floor(random() * codePointRanges.length)] ?? [0x20, 0x7e];
    const code = low + Math.floor(random() * (high - low + 1));
    // String.fromCharCode keeps a lone surrogate lone; fromCodePoint is needed above the BMP.
    parts.push(code > 0xffff ? String.fromCodePoint(code) : String.fromCharCode(code));
    if (random() < 0.15) parts.push(' ');
  }
  return parts.join('');
}

/**
 * `count` inputs: hostile ones first, then one over Slack's 4,000-character limit, then random text.
 * `share` splits the hostile list between several runs of one command (run `index` of `of`).
 */
export function fuzzInputs(seed: number, count: number, share = { index: 0, of: 1 }): string[] {
  const random = seededRandom(seed);
  const hostile = hostileInputs.filter((_, i) => i % share.of === share.index);
  const inputs = [...hostile.slice(0, count - 2), randomText(random, 4_100)];
  while (inputs.length < count) inputs.push(randomText(random, 1 + Math.floor(random() * 120)));
  return inputs;
}
