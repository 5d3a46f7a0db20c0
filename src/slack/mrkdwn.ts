/**
 * Standard (GFM-flavoured) Markdown from a model → Slack mrkdwn for a message's `text`.
 * Pure and deterministic; safe to run on a partial, still-streaming reply.
 *
 * Escaping: Slack reads `&`, `<` and `>` as control characters anywhere in `text`, code included
 * (entities are parsed before formatting and code is shown with them decoded), so every `&<>` coming
 * from the model is escaped, also inside code. The only raw `<…>` in the output are links Strata
 * builds itself; `<!here>`, `<@U…>` and the like from the model come out as harmless text.
 * Slack ends a code block at any triple backtick, so such runs inside fenced code get a zero-width space.
 */

type Emphasis = 'em' | 'strong' | 'strike';
type Inline =
  | { kind: 'text'; value: string }
  | { kind: 'code'; value: string }
  | { kind: 'break' }
  | { kind: 'link'; url: string; children: Inline[] }
  | { kind: Emphasis; children: Inline[] };
interface Delimiter {
  kind: 'delim';
  char: string;
  count: number;
  readonly original: number;
  readonly canOpen: boolean;
  readonly canClose: boolean;
}
type Align = 'left' | 'right' | 'center';

const FENCE_OPEN = /^([ \t]*)(`{3,}|~{3,})(.*)$/;
const HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const SETEXT_UNDERLINE = /^ {0,3}(?:={3,}|-{3,})[ \t]*$/;
const THEMATIC_BREAK = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const QUOTE = /^ {0,3}>/;
const QUOTE_MARKERS = /^(?:[ \t]*>)+[ \t]?/;
const LIST_ITEM = /^([ \t]*)([-*+]|\d{1,9}[.)])(?:[ \t]+(.*))?$/;
const TASK = /^\[([ xX])\][ \t]+/;
const TABLE_DELIMITER = /^[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$/;
const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/;
const PUNCTUATION = /[\p{P}\p{S}]/u;
const BARE_URL = /https?:\/\/[^\s<>]+/y;
const AUTOLINK = /<([a-zA-Z][a-zA-Z0-9+.-]{1,31}:[^\s<>]*)>/y;
const EMAIL_AUTOLINK = /<([\w.!#$%&'*+/=?^`{|}~-]+@[a-zA-Z0-9-]+(?:\.[a-zA-Z0-9-]+)+)>/y;
const HTML_BREAK = /<br[ \t]*\/?>/iy;
const LINK_TAIL =
  /\([ \t]*(<[^<>\n]*>|(?:[^\s()]|\((?:[^\s()])*\))*)(?:[ \t]+(?:"[^"]*"|'[^']*'|\([^()]*\)))?[ \t]*\)/y;
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

export function markdownToMrkdwn(markdown: string): string {
  return renderBlocks(markdown.replace(/\r\n?/g, '\n').split('\n')).join('\n');
}

function renderBlocks(lines: string[]): string[] {
  const out: string[] = [];
  let paragraph: string[] = [];
  const listIndents: number[] = [];
  let afterBlank = false;
  const flushParagraph = () => {
    if (paragraph.length > 0) out.push(...renderInline(parseInline(paragraph.join('\n'))).split('\n'));
    paragraph = [];
  };
  const endBlock = (indent: number) => {
    flushParagraph();
    if (indent === 0) listIndents.length = 0;
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const indent = indentOf(line);
    const wasAfterBlank = afterBlank;
    afterBlank = line.trim() === '';
    const fence = FENCE_OPEN.exec(line);
    if (fence && !(fence[2]?.startsWith('`') && fence[3]?.includes('`'))) {
      endBlock(indent);
      const [, fenceIndent = '', marks = '```'] = fence;
      const code: string[] = [];
      for (i++; i < lines.length; i++) {
        const next = lines[i] ?? '';
        const closing = next.trim();
        if (closing.length >= marks.length && closing === marks.charAt(0).repeat(closing.length)) break;
        code.push(next.startsWith(fenceIndent) ? next.slice(fenceIndent.length) : next.trimStart());
      }
      out.push('```', ...code.map(codeBlockLine), '```');
      continue;
    }
    if (afterBlank) {
      flushParagraph();
      out.push('');
      continue;
    }
    if (paragraph.length > 0 && SETEXT_UNDERLINE.test(line)) {
      out.push(renderHeading(paragraph.join(' ')));
      paragraph = [];
      continue;
    }
    if (THEMATIC_BREAK.test(line)) {
      endBlock(indent);
      out.push('───');
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      endBlock(indent);
      out.push(renderHeading(heading[2] ?? ''));
      continue;
    }
    const delimiterRow = lines[i + 1];
    if (line.includes('|') && delimiterRow !== undefined && isTableDelimiter(line, delimiterRow)) {
      endBlock(indent);
      const rows: string[][] = [];
      for (i += 2; i < lines.length && (lines[i] ?? '').includes('|'); i++)
        rows.push(splitTableRow(lines[i] ?? ''));
      i--;
      out.push(...renderTable(splitTableRow(line), splitTableRow(delimiterRow).map(alignOf), rows));
      continue;
    }
    if (QUOTE.test(line)) {
      endBlock(indent);
      const inner: string[] = [];
      for (; i < lines.length && QUOTE.test(lines[i] ?? ''); i++)
        inner.push((lines[i] ?? '').replace(QUOTE_MARKERS, ''));
      i--;
      out.push(...renderBlocks(inner).map((quoted) => (quoted === '' ? '>' : `> ${quoted}`)));
      continue;
    }
    const item = LIST_ITEM.exec(line);
    if (item && !(paragraph.length > 0 && (item[3] ?? '').trim() === '')) {
      flushParagraph();
      while (listIndents.length > 0 && (listIndents.at(-1) ?? 0) > indent) listIndents.pop();
      if (listIndents.length === 0 || (listIndents.at(-1) ?? 0) < indent) listIndents.push(indent);
      out.push(renderListItem(listIndents.length - 1, item[2] ?? '-', item[3] ?? ''));
      continue;
    }
    if (listIndents.length > 0 && paragraph.length === 0 && (indent > 0 || !wasAfterBlank)) {
      out.push(`${'  '.repeat(listIndents.length)}${renderInline(parseInline(line.trim()))}`);
      continue;
    }
    if (indent === 0) listIndents.length = 0;
    paragraph.push(line.trim());
  }
  flushParagraph();
  return out;
}

function indentOf(line: string): number {
  return (/^[ \t]*/.exec(line)?.[0] ?? '').replace(/\t/g, '    ').length;
}

function renderHeading(text: string): string {
  const inner = renderInline(parseInline(text.trim()), new Set(['strong']));
  return inner.trim() === '' ? '' : `*${inner.replace(/\n/g, ' ')}*`;
}

function renderListItem(level: number, marker: string, content: string): string {
  const task = TASK.exec(content);
  let bullet = level === 0 ? '•' : '◦';
  if (task) bullet = task[1] === ' ' ? '☐' : '☑';
  else if (/\d/.test(marker)) bullet = `${marker.slice(0, -1)}.`;
  const text = renderInline(parseInline(task ? content.slice(task[0].length) : content));
  return `${'  '.repeat(level)}${bullet} ${text}`.trimEnd();
}

// ── tables ────────────────────────────────────────────────────────────────────────────────────────

function isTableDelimiter(header: string, delimiter: string): boolean {
  return (
    delimiter.includes('|') &&
    TABLE_DELIMITER.test(delimiter) &&
    splitTableRow(header).length === splitTableRow(delimiter).length
  );
}

function splitTableRow(line: string): string[] {
  let row = line.trim();
  if (row.startsWith('|')) row = row.slice(1);
  if (row.endsWith('|') && !row.endsWith('\\|')) row = row.slice(0, -1);
  return row.split(/(?<!\\)\|/).map((cell) => cell.replace(/\\\|/g, '|').trim());
}

function alignOf(delimiterCell: string): Align {
  if (delimiterCell.startsWith(':') && delimiterCell.endsWith(':')) return 'center';
  return delimiterCell.endsWith(':') ? 'right' : 'left';
}

/** mrkdwn has no tables: show one as aligned plain text in a code block. */
function renderTable(header: string[], aligns: Align[], rows: string[][]): string[] {
  const grid = [header, ...rows].map((row) =>
    header.map((_, column) =>
      plainText(parseInline(row[column] ?? ''))
        .replace(/\s+/g, ' ')
        .trim(),
    ),
  );
  const widths = header.map((_, column) =>
    Math.max(1, ...grid.map((row) => displayWidth(row[column] ?? ''))),
  );
  const format = (row: string[]) =>
    row
      .map((cell, column) => pad(cell, widths[column] ?? 1, aligns[column] ?? 'left'))
      .join(' | ')
      .trimEnd();
  const [head = [], ...body] = grid;
  const lines = [format(head), widths.map((width) => '-'.repeat(width)).join('-+-'), ...body.map(format)];
  return ['```', ...lines.map(codeBlockLine), '```'];
}

function pad(cell: string, width: number, align: Align): string {
  const gap = Math.max(0, width - displayWidth(cell));
  if (align === 'right') return ' '.repeat(gap) + cell;
  if (align === 'center') return ' '.repeat(Math.floor(gap / 2)) + cell + ' '.repeat(Math.ceil(gap / 2));
  return cell + ' '.repeat(gap);
}

/** Columns a monospace font gives the text: wide East Asian characters and emoji take two. */
function displayWidth(text: string): number {
  let width = 0;
  for (const { segment } of graphemes.segment(text)) {
    const codePoint = segment.codePointAt(0) ?? 0;
    if (codePoint < 0x20 || /^[\u200b-\u200f\u2060\ufeff]$/.test(segment)) continue;
    width +=
      /\p{Emoji_Presentation}|\p{Regional_Indicator}|\ufe0f/u.test(segment) || WIDE.test(segment) ? 2 : 1;
  }
  return width;
}

const WIDE =
  /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{20000}-\u{3fffd}]/u;

// ── inline ────────────────────────────────────────────────────────────────────────────────────────

function parseInline(source: string): Inline[] {
  const items: Array<Inline | Delimiter> = [];
  let text = '';
  const push = (item: Inline | Delimiter) => {
    if (text !== '') items.push({ kind: 'text', value: text });
    text = '';
    items.push(item);
  };
  const matchAt = (pattern: RegExp, at: number) => {
    pattern.lastIndex = at;
    return pattern.exec(source);
  };

  let i = 0;
  while (i < source.length) {
    const char = source[i] ?? '';
    const previous = source[i - 1] ?? ' ';
    if (char === '\\' && source[i + 1] === '\n') {
      push({ kind: 'break' });
      i += 2;
    } else if (char === '\\' && ASCII_PUNCTUATION.test(source[i + 1] ?? '')) {
      text += source[i + 1] ?? '';
      i += 2;
    } else if (char === '\n') {
      push({ kind: 'break' });
      i++;
    } else if (char === '`') {
      const run = runLength(source, i);
      const close = findBacktickRun(source, i + run, run);
      if (close < 0) text += '`'.repeat(run);
      else push({ kind: 'code', value: trimCodeSpan(source.slice(i + run, close)) });
      i = close < 0 ? i + run : close + run;
    } else if (char === '<') {
      const auto = matchAt(AUTOLINK, i);
      const email = auto ? null : matchAt(EMAIL_AUTOLINK, i);
      const lineBreak = auto || email ? null : matchAt(HTML_BREAK, i);
      if (auto?.[1]) push({ kind: 'link', url: auto[1], children: [] });
      else if (email?.[1]) push({ kind: 'link', url: `mailto:${email[1]}`, children: [textNode(email[1])] });
      else if (lineBreak) push({ kind: 'break' });
      else text += '<';
      i += (auto ?? email ?? lineBreak)?.[0].length ?? 1;
    } else if (char === 'h' && !/[\p{L}\p{N}]/u.test(previous) && matchAt(BARE_URL, i)) {
      const url = trimUrl(source.slice(i, BARE_URL.lastIndex));
      push({ kind: 'link', url, children: [] });
      i += url.length;
    } else if (char === '[' || (char === '!' && source[i + 1] === '[')) {
      const open = char === '!' ? i + 1 : i;
      const close = findClosingBracket(source, open);
      const tail = close < 0 ? null : matchAt(LINK_TAIL, close + 1);
      if (tail) {
        const url = (tail[1] ?? '').replace(/^<|>$/g, '');
        push({ kind: 'link', url, children: parseInline(source.slice(open + 1, close)) });
        i = (tail.index ?? 0) + tail[0].length;
      } else {
        text += char;
        i++;
      }
    } else if (char === '*' || char === '_' || char === '~') {
      const run = runLength(source, i);
      const next = source[i + run] ?? ' ';
      const left =
        !/\s/u.test(next) && (!PUNCTUATION.test(next) || /\s/u.test(previous) || PUNCTUATION.test(previous));
      const right =
        !/\s/u.test(previous) && (!PUNCTUATION.test(previous) || /\s/u.test(next) || PUNCTUATION.test(next));
      if (char === '~' && run !== 2) text += char.repeat(run);
      else {
        const underscore = char === '_';
        push({
          kind: 'delim',
          char,
          count: run,
          original: run,
          canOpen: left && (!underscore || !right || PUNCTUATION.test(previous)),
          canClose: right && (!underscore || !left || PUNCTUATION.test(next)),
        });
      }
      i += run;
    } else {
      text += char;
      i++;
    }
  }
  if (text !== '') items.push({ kind: 'text', value: text });
  return resolveEmphasis(items);
}

function textNode(value: string): Inline {
  return { kind: 'text', value };
}

function runLength(source: string, at: number): number {
  let end = at;
  while (source[end] === source[at]) end++;
  return end - at;
}

function findBacktickRun(source: string, from: number, length: number): number {
  for (let at = source.indexOf('`', from); at >= 0; at = source.indexOf('`', at + runLength(source, at))) {
    if (runLength(source, at) === length) return at;
  }
  return -1;
}

function trimCodeSpan(code: string): string {
  const flat = code.replace(/\n/g, ' ');
  return /^ .*[^ ].* $/.test(flat) ? flat.slice(1, -1) : flat;
}

function findClosingBracket(source: string, open: number): number {
  let depth = 0;
  for (let at = open; at < source.length; at++) {
    const char = source[at];
    if (char === '\\') at++;
    else if (char === '[') depth++;
    else if (char === ']' && --depth === 0) return at;
  }
  return -1;
}

/** GFM autolink rules: trailing punctuation and unbalanced closing parentheses are not part of a bare url. */
function trimUrl(url: string): string {
  let end = url.length;
  for (;;) {
    const last = url[end - 1] ?? '';
    const body = url.slice(0, end);
    if (/[?!.,:;*_~'"]/.test(last)) end--;
    else if (last === ')' && body.split(')').length > body.split('(').length) end--;
    else return body;
  }
}

/** CommonMark's delimiter-run algorithm (with GFM `~~`), so `***a***`, `snake_case` and dangling `**` behave. */
function resolveEmphasis(items: Array<Inline | Delimiter>): Inline[] {
  let at = 0;
  while (at < items.length) {
    const closer = items[at];
    if (closer?.kind !== 'delim' || !closer.canClose) {
      at++;
      continue;
    }
    let openerAt = at - 1;
    for (; openerAt >= 0; openerAt--) {
      const candidate = items[openerAt];
      if (candidate?.kind === 'delim' && candidate.canOpen && matches(candidate, closer)) break;
    }
    const opener = items[openerAt];
    if (opener?.kind !== 'delim') {
      at++;
      continue;
    }
    const use = opener.count >= 2 && closer.count >= 2 ? 2 : 1;
    const kind: Emphasis = closer.char === '~' ? 'strike' : use === 2 ? 'strong' : 'em';
    const children = resolveEmphasis(items.slice(openerAt + 1, at).map(literal));
    items.splice(openerAt + 1, at - openerAt - 1, { kind, children });
    opener.count -= use;
    closer.count -= use;
    at = openerAt + 2;
    if (opener.count === 0) {
      items.splice(openerAt, 1);
      at--;
    }
    if (closer.count === 0) items.splice(at, 1);
  }
  return items.map(literal);
}

function matches(opener: Delimiter, closer: Delimiter): boolean {
  if (opener.char !== closer.char) return false;
  if (opener.char === '~') return opener.count === closer.count;
  const sum = opener.original + closer.original;
  const bothMultiples = opener.original % 3 === 0 && closer.original % 3 === 0;
  return !((opener.canClose || closer.canOpen) && sum % 3 === 0 && !bothMultiples);
}

function literal(item: Inline | Delimiter): Inline {
  return item.kind === 'delim' ? textNode(item.char.repeat(item.count)) : item;
}

const MARKERS: Record<Emphasis, string> = { em: '_', strong: '*', strike: '~' };

function renderInline(nodes: Inline[], active: ReadonlySet<Emphasis> = new Set()): string {
  return nodes.map((node) => renderNode(node, active)).join('');
}

function renderNode(node: Inline, active: ReadonlySet<Emphasis>): string {
  switch (node.kind) {
    case 'text':
      return neutraliseMentions(escapeMrkdwn(decodeEntities(node.value)));
    case 'code':
      return `\`${escapeMrkdwn(node.value)}\``;
    case 'break':
      return '\n';
    case 'link': {
      // Relative or empty targets mean nothing in Slack: keep the words, drop the link.
      if (!/^[a-z][a-z0-9+.-]*:/i.test(node.url)) return renderInline(node.children, active);
      const label = plainText(node.children).replace(/\s+/g, ' ').trim();
      const url = slackUrl(node.url);
      return label === '' || label === node.url
        ? `<${url}>`
        : `<${url}|${neutraliseMentions(escapeMrkdwn(label))}>`;
    }
    default: {
      const [only] = node.children;
      if (
        node.kind === 'em' &&
        node.children.length === 1 &&
        only?.kind === 'strong' &&
        !active.has('strong')
      ) {
        return renderNode({ kind: 'strong', children: [{ kind: 'em', children: only.children }] }, active);
      }
      const inner = renderInline(node.children, new Set([...active, node.kind]));
      if (active.has(node.kind)) return inner;
      const marker = MARKERS[node.kind];
      return inner
        .split('\n')
        .map((line) => line.replace(/^(\s*)(.*\S)(\s*)$/u, `$1${marker}$2${marker}$3`))
        .join('\n');
    }
  }
}

function plainText(nodes: Inline[]): string {
  return nodes
    .map((node) => {
      if (node.kind === 'text') return decodeEntities(node.value);
      if (node.kind === 'code') return node.value;
      if (node.kind === 'break') return ' ';
      if (node.kind !== 'link') return plainText(node.children);
      const label = plainText(node.children).trim();
      return label === '' || label === node.url ? node.url : `${label} (${node.url})`;
    })
    .join('');
}

/** `|` and `>` would end Slack's `<url|label>` early, and `&` must be an entity. */
function slackUrl(url: string): string {
  return url
    .replace(/[|<>\s"]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)
    .replace(/&/g, '&amp;');
}

function codeBlockLine(line: string): string {
  return escapeMrkdwn(line).replace(/`(?=``)/g, '`\u200b');
}

/** Escapes the three characters Slack reads as control characters in mrkdwn text. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A zero-width joiner after `@` keeps the text readable while Slack no longer sees a broadcast keyword. */
function neutraliseMentions(text: string): string {
  return text.replace(/(?<!\w)@(channel|here|everyone)\b/gi, '@\u200d$1');
}

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
};

function decodeEntities(text: string): string {
  return text.replace(/&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-z]+);/g, (entity, name: string) => {
    if (!name.startsWith('#')) return NAMED_ENTITIES[name] ?? entity;
    const codePoint =
      name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
    return codePoint > 0 && codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : entity;
  });
}
