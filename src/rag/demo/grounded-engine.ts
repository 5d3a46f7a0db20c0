import { setTimeout as sleep } from 'node:timers/promises';
import { contentTerms } from '../../local/bedrock/hash-embedding.js';
import { toChunks } from '../../local/bedrock/local-engine.js';
import type { EngineRequest, ReplyEngine } from '../../local/bedrock/reply-engine.js';
import { ANSWER_SYSTEM_PROMPT } from '../answer-prompt.js';

/**
 * Local mode only: the offline model stand-in cannot read, so for Strata's answer-from-history prompt it
 * quotes the source sentences that best match the question, with their citation numbers, and says that it
 * is a stand-in. Every other request goes to the wrapped engine. A real model (LOCAL_LLM_URL, or Bedrock)
 * writes the answer itself.
 */
export const groundedDisclaimer =
  '_Local stand-in for Amazon Bedrock: this answer quotes the closest messages instead of writing its own._';

export function withGroundedAnswers(engine: ReplyEngine, options: { chunkDelayMs: number }): ReplyEngine {
  return async function* groundedEngine(request: EngineRequest) {
    const answer = composeGroundedReply(request);
    if (answer === undefined) {
      yield* engine(request);
      return;
    }
    for (const chunk of toChunks(answer)) {
      if (options.chunkDelayMs > 0) {
        await sleep(options.chunkDelayMs, undefined, request.signal ? { signal: request.signal } : {});
      }
      yield chunk;
    }
  };
}

interface Source {
  n: number;
  author: string;
  channel: string;
  date: string;
  sentences: string[];
}

export function composeGroundedReply(request: EngineRequest): string | undefined {
  if (request.system !== ANSWER_SYSTEM_PROMPT) return undefined;
  const prompt = request.messages.findLast((m) => m.role === 'user')?.text ?? '';
  const question = /Question: ([\s\S]*)$/.exec(prompt)?.[1] ?? '';
  const sources = parseSources(prompt);
  const wanted = new Set(contentTerms(question));
  const rarity = termRarity(sources);
  const scored = sources
    .flatMap((source) =>
      source.sentences.map((sentence) => ({ source, sentence, score: score(sentence, wanted, rarity) })),
    )
    .filter((s) => s.score > 0)
    // Best match first; among equals the most recent message, as people's later words usually win.
    .sort(
      (a, b) => b.score - a.score || b.source.date.localeCompare(a.source.date) || b.source.n - a.source.n,
    );
  const [best, ...rest] = scored;
  if (best === undefined) {
    return `${groundedDisclaimer}\n\nI could not find the answer in the channel history I was given.`;
  }
  const also = rest.find((s) => s.source.n !== best.source.n && s.score >= best.score * 0.6);
  const lines = [
    groundedDisclaimer,
    `${best.source.author} wrote in #${best.source.channel} on ${best.source.date}: “${best.sentence}” [${best.source.n}]`,
  ];
  if (also)
    lines.push(
      `See also ${also.source.author} in #${also.source.channel}: “${also.sentence}” [${also.source.n}]`,
    );
  return lines.join('\n\n');
}

function parseSources(prompt: string): Source[] {
  const pattern =
    /<source id="(\d+)" channel="#([^"]*)" author="([^"]*)" date="([^"]*)">\n([\s\S]*?)\n<\/source>/g;
  return [...prompt.matchAll(pattern)].map((m) => {
    const lines = decodeXml(m[5] ?? '').split('\n');
    // The first line names who/where/when; a reply's second line quotes its thread parent.
    const body = lines.slice(lines[1]?.startsWith('In reply to ') ? 2 : 1).join(' ');
    return {
      n: Number(m[1]),
      channel: decodeXml(m[2] ?? ''),
      author: decodeXml(m[3] ?? ''),
      date: m[4] ?? '',
      sentences: body
        .split(/(?<=[.!?])\s+(?=[A-Z0-9"'])/)
        .map((s) => s.trim())
        .filter((s) => s !== '' && !s.startsWith('```')),
    };
  });
}

function termRarity(sources: readonly Source[]): Map<string, number> {
  const seenIn = new Map<string, number>();
  for (const source of sources) {
    for (const term of new Set(contentTerms(source.sentences.join(' '))))
      seenIn.set(term, (seenIn.get(term) ?? 0) + 1);
  }
  return new Map([...seenIn].map(([term, n]) => [term, Math.log(1 + sources.length / n)]));
}

function score(sentence: string, wanted: ReadonlySet<string>, rarity: ReadonlyMap<string, number>): number {
  let total = 0;
  for (const term of new Set(contentTerms(sentence))) if (wanted.has(term)) total += rarity.get(term) ?? 1;
  // A sentence that states a decision answers "what did we decide" better than one that asks.
  if (/\b(decision|decided|approved|final)\b/i.test(sentence)) total *= 1.5;
  if (sentence.trim().endsWith('?')) total *= 0.5;
  return total;
}

function decodeXml(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
