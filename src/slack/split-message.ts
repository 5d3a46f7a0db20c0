/**
 * Splits a long Markdown reply into parts that each fit one Slack message, at the most natural
 * boundary available, without cutting links, inline code or grapheme clusters, and keeping code
 * fences balanced in every part.
 */

/** Slack asks for `text` of at most about 4,000 characters; the margin leaves room for the cursor and footer. */
export const SLACK_TEXT_LIMIT = 3_900;

interface Fence {
  /** Index where the opening fence line starts. */
  start: number;
  /** Index of the first code character, just after the opening line. */
  codeStart: number;
  /** Index of the line break before the closing fence line (the text length when never closed). */
  codeEnd: number;
  /** Index just after the closing fence's characters, before its line break. */
  closerEnd: number;
  reopen: string;
  close: string;
}

type Boundary = 'paragraph' | 'line' | 'sentence' | 'space' | 'grapheme';

const BOUNDARIES: readonly Boundary[] = ['paragraph', 'line', 'sentence', 'space', 'grapheme'];
const BOUNDARY_PATTERNS: Record<Exclude<Boundary, 'grapheme'>, RegExp> = {
  paragraph: /\r?\n[ \t]*(?=\r?\n)/g,
  line: /\r?\n/g,
  sentence: /[.!?…]["'”’)\]]*(?=\s)|[。！？]/g,
  space: /[ \t]+/g,
};
const MIDLINE: ReadonlySet<Boundary> = new Set(['sentence', 'space', 'grapheme']);
/** A mid-line cut must not leave the next part starting with something that reads as a block marker. */
const BLOCK_START = /^(?:[-*+] |>|#{1,6}(?: |$)|\d{1,9}[.)] |`{3}|~{3})/;
const FENCE_START = /^[ \t]*(?:`{3}|~{3})/;
/** Longest grapheme cluster we look past the window for (ZWJ emoji sequences run to about 35 code units). */
const GRAPHEME_LOOKAHEAD = 64;
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

export function splitMessage(markdown: string, limit: number): string[] {
  if (!Number.isInteger(limit) || limit < 1)
    throw new RangeError(`limit must be a positive integer, got ${limit}`);
  const fences = findFences(markdown);
  const guarded = guardedPositions(markdown, fences);
  const parts: string[] = [];
  let position = 0;

  while (position < markdown.length && markdown.slice(position).trim() !== '') {
    const opened = fenceOpenAt(fences, position);
    const prefix = opened ? `${opened.reopen}\n` : '';
    const rest = markdown.slice(position);
    if (prefix.length + rest.length <= limit || prefix.length + rest.trimEnd().length <= limit) {
      parts.push(prefix + (prefix.length + rest.length <= limit ? rest : rest.trimEnd()));
      break;
    }
    const cut = chooseCut(markdown, position, limit - prefix.length, fences, guarded);
    const closing = cut.fence ? `\n${cut.fence.close}` : '';
    parts.push(prefix + markdown.slice(position, cut.end) + closing);
    position = cut.next;
  }
  return parts;
}

interface Cut {
  /** The part keeps markdown[position, end). */
  end: number;
  /** Where the next part starts. */
  next: number;
  /** Set when the part ends inside this fence, so it is closed here and reopened in the next part. */
  fence?: Fence;
}

function chooseCut(
  text: string,
  position: number,
  budget: number,
  fences: Fence[],
  guarded: Uint8Array,
): Cut {
  const windowEnd = Math.min(text.length, position + budget);
  const rounds = [
    { minimum: position + Math.floor(budget / 2), guard: true, midlineCode: false },
    { minimum: position + 1, guard: true, midlineCode: true },
    { minimum: position + 1, guard: false, midlineCode: true },
  ];
  const found = new Map<Boundary, number[]>();
  for (const { minimum, guard, midlineCode } of rounds) {
    for (const boundary of BOUNDARIES) {
      const candidates = found.get(boundary) ?? boundaryPositions(text, position, windowEnd, boundary);
      found.set(boundary, candidates);
      for (let k = candidates.length - 1; k >= 0; k--) {
        const end = candidates[k] ?? 0;
        if (end < minimum) break;
        if (guard && guarded[end] === 1) continue;
        const fence = fenceCutAt(fences, end);
        if (fence === undefined && insideFenceLine(fences, end)) continue;
        if (fence && MIDLINE.has(boundary) && !midlineCode) continue;
        const kept = fence ? end : trimmedEnd(text, position, end);
        const closing = fence ? fence.close.length + 1 : 0;
        if (kept <= position || kept - position + closing > budget) continue;
        const next = nextStart(text, end, fence);
        if (MIDLINE.has(boundary) && (fence ? FENCE_START : BLOCK_START).test(text.slice(next, next + 12)))
          continue;
        return { end: kept, next, fence };
      }
    }
  }
  // Nothing fits (a limit smaller than the fence lines): keep one grapheme so the split always progresses.
  const [first] = graphemes.segment(text.slice(position, position + GRAPHEME_LOOKAHEAD));
  const end = position + (first?.segment.length ?? 1);
  return { end, next: end };
}

function boundaryPositions(text: string, position: number, windowEnd: number, boundary: Boundary): number[] {
  const window = text.slice(position, Math.min(text.length, windowEnd + GRAPHEME_LOOKAHEAD));
  const positions: number[] = [];
  if (boundary === 'grapheme' && /^[\0-\x7f]*$/.test(window)) {
    // Plain ASCII: every index is a grapheme boundary except inside CRLF, and Intl.Segmenter is slow.
    for (let end = position + 1; end <= windowEnd; end++)
      if (!text.startsWith('\r\n', end - 1)) positions.push(end);
    return positions;
  }
  if (boundary === 'grapheme') {
    let offset = 0;
    for (const { segment } of graphemes.segment(window)) {
      offset += segment.length;
      if (position + offset > windowEnd) break;
      positions.push(position + offset);
    }
    return positions;
  }
  const pattern = new RegExp(BOUNDARY_PATTERNS[boundary].source, 'g');
  for (let match = pattern.exec(window); match; match = pattern.exec(window)) {
    const end = position + (boundary === 'sentence' ? match.index + match[0].length : match.index);
    if (end > windowEnd) break;
    positions.push(end);
  }
  return positions;
}

function trimmedEnd(text: string, position: number, end: number): number {
  let kept = end;
  while (kept > position && /\s/.test(text[kept - 1] ?? '')) kept--;
  return kept;
}

/** After a cut inside code only the line break is dropped; elsewhere blank lines and spaces are, but not indentation. */
function nextStart(text: string, end: number, fence: Fence | undefined): number {
  if (fence) {
    if (text.startsWith('\r\n', end)) return end + 2;
    return text[end] === '\n' ? end + 1 : end;
  }
  let next = end;
  let afterLineBreak = -1;
  while (next < text.length && /\s/.test(text[next] ?? '')) {
    if (text[next] === '\n') afterLineBreak = next + 1;
    next++;
  }
  return afterLineBreak >= 0 && next < text.length ? afterLineBreak : next;
}

interface OpenFence {
  start: number;
  codeStart: number;
  marks: string;
  line: string;
  indent: string;
}

function findFences(text: string): Fence[] {
  const fences: Fence[] = [];
  const lines = /[^\n]*(?:\n|$)/g;
  let open: OpenFence | undefined;
  for (let match = lines.exec(text); match && match[0] !== ''; match = lines.exec(text)) {
    const line = match[0].replace(/\r?\n$/, '');
    if (open === undefined) {
      const opener = /^([ \t]*)(`{3,}|~{3,})(.*)$/.exec(line);
      if (opener && !(opener[2]?.startsWith('`') && opener[3]?.includes('`'))) {
        const [, indent = '', marks = '```'] = opener;
        open = { start: match.index, codeStart: match.index + match[0].length, marks, line, indent };
      }
      continue;
    }
    const closing = line.trim();
    if (closing.length >= open.marks.length && closing === open.marks.charAt(0).repeat(closing.length)) {
      const codeEnd = match.index - (text[match.index - 2] === '\r' ? 2 : 1);
      fences.push(fenceOf(open, codeEnd, match.index + line.length));
      open = undefined;
    }
  }
  if (open) fences.push(fenceOf(open, text.length, text.length));
  return fences;
}

function fenceOf(open: OpenFence, codeEnd: number, closerEnd: number): Fence {
  const { start, codeStart, line, indent, marks } = open;
  return { start, codeStart, codeEnd, closerEnd, reopen: line, close: `${indent}${marks}` };
}

/** The fence whose code a part starting at this index begins inside of. */
function fenceOpenAt(fences: Fence[], index: number): Fence | undefined {
  return fences.find((fence) => index >= fence.codeStart && index <= fence.codeEnd);
}

/** The fence a part ending at this index would have to close, leaving code on both sides of the cut. */
function fenceCutAt(fences: Fence[], index: number): Fence | undefined {
  return fences.find((fence) => index > fence.codeStart && index < fence.codeEnd);
}

/** Cutting inside or right next to a fence line would leave an empty code block behind. */
function insideFenceLine(fences: Fence[], index: number): boolean {
  return fences.some((fence) => index > fence.start && index < fence.closerEnd);
}

/** Marks indices that fall strictly inside a link or an inline code span outside fenced code. */
function guardedPositions(text: string, fences: Fence[]): Uint8Array {
  const guarded = new Uint8Array(text.length + 1);
  const spans = [
    /(`+)(?!`)(?:(?!\n[ \t]*\n)[\s\S])*?(?<!`)\1(?!`)/g,
    /!?\[(?:[^[\]\n]|\[[^[\]\n]*\])*\]\((?:[^()\s]|\([^()\s]*\))*(?:[ \t]+"[^"\n]*")?\)/g,
    /<[a-zA-Z][a-zA-Z0-9+.-]{1,31}:[^\s<>]*>/g,
  ];
  let from = 0;
  for (const segment of [...fences, { start: text.length, closerEnd: text.length }]) {
    const prose = text.slice(from, segment.start);
    for (const pattern of spans) {
      for (const match of prose.matchAll(pattern)) {
        const start = from + match.index;
        guarded.fill(1, start + 1, start + match[0].length);
      }
    }
    from = segment.closerEnd;
  }
  return guarded;
}
