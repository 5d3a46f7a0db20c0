import type { WebClient } from '@slack/web-api';
import type { AccessGuard } from '../access/access-guard.js';
import { accessRefusal, meteredGateway } from '../access/metered-call.js';
import type { ModelGateway } from '../bedrock/gateway.js';
import type { Usage } from '../bedrock/stream-parts.js';
import { toStrataError } from '../errors.js';
import type { Logger } from '../log.js';
import type { UsageRecorder } from '../metrics.js';
import type { ReplyStream, ReplyTarget, ReplyWriter } from '../slack/stream-writer.js';
import { ANSWER_SYSTEM_PROMPT, buildAnswerMessages, type NumberedSource } from './answer-prompt.js';
import { type Citation, citedNumbers, renderCitations } from './citations.js';
import { chunkBody, type Retrieval, type RetrieverDeps, retrieve } from './retriever.js';
import type { SlackReader } from './slack-reader.js';

/** A question for the channel history: `/ask …` (answered in the asker's DM) or a mention (in its thread). */
export interface AskJob {
  kind: 'ask';
  eventId: string;
  user: string;
  question: string;
  /** Where it was asked. */
  channel: string;
  /** Set for mentions: the answer goes in this thread of `channel`, visible to the channel. */
  threadTs?: string;
  /** `in #channel`: Slack's escaped mention gives the id, a typed `#name` only the name. */
  only?: ChannelMention;
  botUserId: string | undefined;
}

export interface ChannelMention {
  id?: string;
  name?: string;
}

export interface AskDeps {
  retriever: RetrieverDeps;
  reader: SlackReader;
  /** Posts the question at the top of the DM thread an `/ask` answer streams into. */
  client: WebClient;
  gateway: ModelGateway;
  replies: ReplyWriter;
  model: { modelId: string; maxTokens: number };
  settings: { k: number; minScore: number };
  logger: Logger;
  usage?: UsageRecorder;
  access?: AccessGuard;
  now?: () => number;
}

/** Grounded answers want little creativity. */
const ANSWER_TEMPERATURE = 0.2;

export async function answerQuestion(job: AskJob, deps: AskDeps): Promise<void> {
  const now = deps.now ?? Date.now;
  const startedAt = now();
  const log = deps.logger.child({
    event_id: job.eventId,
    channel: job.channel,
    user: job.user,
    feature: 'ask',
  });
  let reply: ReplyStream | undefined;
  try {
    const target = await replyTarget(job, deps);
    reply = await deps.replies.start(target, log);
    const refusal = await accessRefusal(deps, caller(job));
    if (refusal) {
      reply.append(refusal.userMessage);
      await reply.finish();
      log.info({ outcome: 'refused', reason: refusal.message }, 'ask refused by access policy');
      return;
    }
    const only = job.only === undefined ? undefined : await resolveChannel(job.only, deps.reader);
    if (job.only !== undefined && only === undefined) {
      reply.append(cannotSearch(job.only));
      await reply.finish();
      return;
    }
    const retrieval = await retrieve(
      {
        question: job.question,
        asker: job.user,
        audience: job.threadTs === undefined ? undefined : job.channel,
        ...(only ? { only } : {}),
        botUserId: job.botUserId,
        ...deps.settings,
      },
      deps.retriever,
    );
    if (retrieval.hits.length === 0) {
      reply.append(nothingFound(job, retrieval));
      await reply.finish();
      log.info({ outcome: 'no_sources', searched: retrieval.searched.length }, 'ask: nothing relevant found');
      return;
    }
    const { answer, usage, cited } = await streamAnswer(job, retrieval, reply, deps);
    await reply.finish();
    log.info(
      {
        usage,
        model: deps.model.modelId,
        latency_ms: now() - startedAt,
        outcome: 'ok',
        searched: retrieval.searched.length,
        sources: retrieval.hits.length,
        cited: cited.length,
        answer_chars: answer.length,
      },
      'ask answered',
    );
  } catch (error) {
    const failure = toStrataError(error);
    log.error(
      { err: failure, code: failure.code, outcome: 'error', latency_ms: now() - startedAt },
      'ask failed',
    );
    if (reply) await reply.fail(failure);
    else throw failure;
  }
}

async function streamAnswer(job: AskJob, retrieval: Retrieval, reply: ReplyStream, deps: AskDeps) {
  const names = new Map(retrieval.searched.map((c) => [c.channel, c.name]));
  const sources: NumberedSource[] = retrieval.hits.map((hit, i) => ({
    n: i + 1,
    channelName: names.get(hit.channel) ?? hit.channel,
    author: hit.author,
    ts: hit.ts,
    text: hit.text,
  }));
  // Permalinks are fetched while the model writes.
  const permalinks = Promise.all(retrieval.hits.map((hit) => deps.reader.permalink(hit.channel, hit.ts)));
  let answer = '';
  let usage: Usage | undefined;
  const gateway = meteredGateway(deps.gateway, deps, caller(job));
  for await (const part of gateway.streamChat({
    modelId: deps.model.modelId,
    system: ANSWER_SYSTEM_PROMPT,
    messages: buildAnswerMessages(job.question, sources),
    inference: { maxTokens: deps.model.maxTokens, temperature: ANSWER_TEMPERATURE },
  })) {
    if (part.type === 'text-delta') {
      answer += part.text;
      reply.append(part.text);
    } else if (part.type === 'usage') {
      usage = part.usage;
    }
  }
  const links = await permalinks;
  const citations: Citation[] = retrieval.hits.map((hit, i) => ({
    n: i + 1,
    channelName: names.get(hit.channel) ?? hit.channel,
    author: hit.author,
    ts: hit.ts,
    text: chunkBody(hit),
    permalink: links[i],
  }));
  const cited = citedNumbers(answer, sources.length);
  const footer = renderCitations(citations, cited);
  if (footer !== '') reply.append(`\n\n${footer}`);
  return { answer, usage, cited };
}

/** A history answer is the asker's model call, made where they asked. */
export function caller(job: Pick<AskJob, 'user' | 'channel'>) {
  return { user: job.user, channel: job.channel, feature: 'ask' as const };
}

/** Mentions answer in their thread; `/ask` answers privately, in a thread of the asker's DM with Strata. */
async function replyTarget(job: AskJob, deps: AskDeps): Promise<ReplyTarget> {
  if (job.threadTs !== undefined) return { channel: job.channel, threadTs: job.threadTs };
  const dm = await deps.reader.openDm(job.user);
  const where = job.channel.startsWith('D') ? '' : ` (asked in <#${job.channel}>)`;
  const posted = await deps.client.chat.postMessage({
    channel: dm,
    text: `:mag: *You asked:* ${escapeMrkdwn(job.question)}${where}`,
  });
  if (!posted.ts) throw new Error('chat.postMessage returned no ts for the question');
  return { channel: dm, threadTs: posted.ts };
}

async function resolveChannel(only: ChannelMention, reader: SlackReader): Promise<string | undefined> {
  if (only.id !== undefined) return only.id;
  return only.name === undefined ? undefined : reader.findChannel(only.name);
}

function nothingFound(job: AskJob, retrieval: Retrieval): string {
  if (retrieval.searched.length === 0 && job.only !== undefined) return cannotSearch(job.only);
  if (retrieval.searched.length === 0) {
    return job.threadTs === undefined
      ? "I can't answer from history yet: none of the channels you're in are indexed. An admin can add one with `/bedrock index add #channel`."
      : "I can't answer from history here: no indexed channel is visible to everyone in this channel.";
  }
  const names = retrieval.searched.map((c) => `#${c.name}`).join(', ');
  return (
    `I couldn't find anything about that in the history I can search for you (${names}), so I won't guess. ` +
    'Try other words, or name the channel with `/ask … in #channel`.'
  );
}

function cannotSearch(only: ChannelMention): string {
  const name = only.name ? `#${only.name}` : 'that channel';
  return `I can't search ${name}: it isn't indexed, or you aren't a member of it.`;
}

function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
