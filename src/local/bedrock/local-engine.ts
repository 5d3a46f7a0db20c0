import { setTimeout as sleep } from 'node:timers/promises';
import { type KnowledgeBase, type KnowledgeSection, loadKnowledge } from './knowledge.js';
import type { EngineRequest, ReplyEngine } from './reply-engine.js';
import { composeSqlReply } from './sql-engine.js';

export interface LocalEngineOptions {
  /** Pause between chunks so streaming is visible; 0 in tests. Default 25 ms. */
  chunkDelayMs?: number;
  /** Defaults to the built-in knowledge.md. */
  knowledge?: KnowledgeBase;
}

export const localDisclaimer =
  "_This reply comes from Strata's local stand-in for Amazon Bedrock, not from a real model._";

const chunkSizes = [4, 3, 5, 6, 3, 5];

/** The default offline engine: deterministic answers from built-in notes, streamed a few words at a time. */
export function createLocalEngine(options: LocalEngineOptions = {}): ReplyEngine {
  const delayMs = options.chunkDelayMs ?? 25;
  let knowledge = options.knowledge;
  return async function* localEngine(request: EngineRequest) {
    knowledge ??= loadKnowledge();
    // SQL requests (`/sql`) get the stand-in's fixed text-to-SQL; everything else the knowledge notes.
    for (const chunk of toChunks(composeSqlReply(request) ?? composeReply(knowledge, request))) {
      if (delayMs > 0) await sleep(delayMs, undefined, request.signal ? { signal: request.signal } : {});
      yield chunk;
    }
  };
}

/** The whole reply as Markdown. Same request, same text. */
export function composeReply(knowledge: KnowledgeBase, request: EngineRequest): string {
  const question = request.messages.findLast((m) => m.role === 'user')?.text ?? '';
  const earlier = Math.max(0, request.messages.length - 1);
  const history = `_I saw ${earlier} earlier ${earlier === 1 ? 'turn' : 'turns'} in this conversation._`;
  const matches = knowledge.search(question);
  const body = matches.length > 0 ? answer(matches) : noMatch(knowledge);
  return [localDisclaimer, body, history].join('\n\n');
}

function answer([best, ...related]: KnowledgeSection[]): string {
  if (!best) return '';
  const [lead = '', ...rest] = sentences(best.text);
  const bullets = [
    ...rest.slice(0, 3),
    ...related.map((section) => `**${section.heading}:** ${sentences(section.text)[0] ?? ''}`),
  ];
  const list = bullets.map((line) => `- ${line}`).join('\n');
  return list === '' ? `**${best.heading}.** ${lead}` : `**${best.heading}.** ${lead}\n\n${list}`;
}

function noMatch(knowledge: KnowledgeBase): string {
  const topics = knowledge.sections.map((s) => s.heading).filter((_, index) => index % 4 === 0);
  return (
    "**I don't know.** Nothing in my local notes matches that question, and as a stand-in I won't make " +
    'up an answer.\n\nTry asking about one of these topics:\n' +
    topics.map((topic) => `- ${topic}`).join('\n')
  );
}

function sentences(text: string): string[] {
  return text.split(/(?<=[.!?])\s+(?=[A-Z])/).filter((s) => s.trim() !== '');
}

/** Splits text into chunks of 3–6 words that concatenate back to exactly the same text. */
export function toChunks(text: string): string[] {
  const words = text.match(/\s*\S+\s*/g) ?? [];
  const chunks: string[] = [];
  for (let at = 0, turn = 0; at < words.length; turn += 1) {
    const size = chunkSizes[turn % chunkSizes.length] ?? 4;
    chunks.push(words.slice(at, at + size).join(''));
    at += size;
  }
  return chunks;
}
