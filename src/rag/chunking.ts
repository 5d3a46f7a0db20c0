import { chunkId, type VectorChunk } from '../store/vector-index.js';

/**
 * One Slack message → the chunks that are embedded and shown to the model. Each chunk starts with who
 * said it, where and when; a reply also carries its thread's opening message, so a short "+1, ship it"
 * still means something on its own. Long messages are split at paragraph, then sentence, then word
 * boundaries; code blocks stay fenced in every piece and links are never cut.
 */

export interface PreparedMessage {
  channel: string;
  channelName: string;
  ts: string;
  /** Thread parent ts; '' outside threads. */
  threadTs: string;
  user: string;
  author: string;
  /** Readable text (mentions resolved, links kept). */
  text: string;
  version: string;
  /** The thread's opening message, for replies. */
  parent?: { ts: string; author: string; text: string };
}

export interface ChunkingOptions {
  /** Longest piece of message text per chunk (characters). */
  maxChars: number;
  /** Longest excerpt of the thread parent carried by a reply. */
  contextChars: number;
}

export const DEFAULT_CHUNKING: ChunkingOptions = { maxChars: 1500, contextChars: 300 };

export function chunkMessage(
  message: PreparedMessage,
  options: ChunkingOptions = DEFAULT_CHUNKING,
): VectorChunk[] {
  const pieces = splitText(message.text.trim(), options.maxChars);
  const header = `#${message.channelName} · ${message.author} · ${dayOf(message.ts)}`;
  const context = message.parent
    ? `In reply to ${message.parent.author}: "${excerpt(message.parent.text, options.contextChars)}"`
    : undefined;
  const sources = message.parent ? [message.ts, message.parent.ts] : [message.ts];
  return pieces.map((piece, part) => ({
    id: chunkId(message.channel, message.ts, part),
    channel: message.channel,
    ts: message.ts,
    threadTs: message.threadTs,
    part,
    user: message.user,
    author: message.author,
    text: [
      pieces.length > 1 ? `${header} · part ${part + 1} of ${pieces.length}` : header,
      ...(context ? [context] : []),
      piece,
    ].join('\n'),
    sources,
    version: message.version,
  }));
}

/** UTC calendar day of a Slack ts, e.g. 2026-11-20. */
export function dayOf(ts: string): string {
  return new Date(Number(ts.split('.')[0]) * 1000).toISOString().slice(0, 10);
}

export function excerpt(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** Splits text into pieces of at most `max` characters at the most natural boundary available. */
export function splitText(text: string, max: number): string[] {
  if (text.length <= max) return text === '' ? [''] : [text];
  const pieces: string[] = [];
  let current = '';
  const flush = () => {
    if (current.trim() !== '') pieces.push(current.trim());
    current = '';
  };
  for (const block of blocks(text)) {
    const parts = block.length <= max ? [block] : splitBlock(block, max);
    for (const part of parts) {
      if (current !== '' && current.length + 2 + part.length > max) flush();
      current = current === '' ? part : `${current}\n\n${part}`;
    }
  }
  flush();
  return pieces;
}

/** Paragraphs, with each fenced code block kept whole as one block. */
function blocks(text: string): string[] {
  const out: string[] = [];
  let paragraph: string[] = [];
  let fence: string[] | undefined;
  const endParagraph = () => {
    if (paragraph.join('').trim() !== '') out.push(paragraph.join('\n').trim());
    paragraph = [];
  };
  for (const line of text.split('\n')) {
    if (fence) {
      fence.push(line);
      if (line.trim().startsWith('```')) {
        out.push(fence.join('\n'));
        fence = undefined;
      }
    } else if (line.trim().startsWith('```')) {
      endParagraph();
      fence = [line];
      if (line.trim().length > 3 && line.trim().endsWith('```')) {
        out.push(line);
        fence = undefined;
      }
    } else if (line.trim() === '') {
      endParagraph();
    } else {
      paragraph.push(line);
    }
  }
  if (fence) out.push(fence.join('\n'));
  endParagraph();
  return out;
}

function splitBlock(block: string, max: number): string[] {
  if (block.startsWith('```')) return splitCode(block, max);
  const sentences = block.split(/(?<=[.!?])\s+/);
  return pack(
    sentences.flatMap((s) => (s.length <= max ? [s] : splitWords(s, max))),
    max,
    ' ',
  );
}

/** Splits a code block by lines; every piece is fenced again so it still reads as code. */
function splitCode(block: string, max: number): string[] {
  const lines = block.split('\n');
  const opening = lines[0] ?? '```';
  const body = lines.slice(1, lines.at(-1)?.trim().startsWith('```') ? -1 : undefined);
  const room = Math.max(20, max - opening.length - 8);
  const bodyLines = body.flatMap((line) => (line.length <= room ? [line] : hardSplit(line, room)));
  return pack(bodyLines, room, '\n').map((piece) => `${opening}\n${piece}\n\`\`\``);
}

function splitWords(sentence: string, max: number): string[] {
  const words = sentence.split(/\s+/).flatMap((w) => (w.length <= max ? [w] : hardSplit(w, max)));
  return pack(words, max, ' ');
}

function hardSplit(text: string, size: number): string[] {
  const out: string[] = [];
  for (let at = 0; at < text.length; at += size) out.push(text.slice(at, at + size));
  return out;
}

function pack(parts: string[], max: number, joiner: string): string[] {
  const out: string[] = [];
  let current = '';
  for (const part of parts) {
    if (current !== '' && current.length + joiner.length + part.length > max) {
      out.push(current);
      current = part;
    } else {
      current = current === '' ? part : `${current}${joiner}${part}`;
    }
  }
  if (current !== '') out.push(current);
  return out;
}
