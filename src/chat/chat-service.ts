import type { WebClient } from '@slack/web-api';
import type { AccessGuard } from '../access/access-guard.js';
import { meteredGateway, requireAccess } from '../access/metered-call.js';
import type { ModelGateway } from '../bedrock/gateway.js';
import { supportsTopK } from '../bedrock/inference-params.js';
import type { ChatModelCheck } from '../bedrock/model-check.js';
import type { Usage } from '../bedrock/stream-parts.js';
import type { Config } from '../config.js';
import { StrataError, toStrataError } from '../errors.js';
import type { Logger } from '../log.js';
import type { UsageRecorder } from '../metrics.js';
import type { ReplyStream, ReplyWriter } from '../slack/stream-writer.js';
import { fetchThreadMessages } from '../slack/thread-history.js';
import type { ReplyStopStore } from '../store/reply-stops.js';
import type { SettingsStore } from '../store/settings-store.js';
import type { ThreadStore } from '../store/thread-store.js';
import { type EffectiveSettings, parseInlineFlags, resolveSettings } from './chat-settings.js';
import { fitToBudget } from './context-budget.js';
import { stripBotMention, toConversation } from './conversation.js';
import { closeInterruptedReply } from './interrupted-reply.js';
import { encodeControls, replyKey } from './reply-controls.js';
import { watchForStop } from './stop-watch.js';
import { createThreadMemory } from './thread-memory.js';

/** A person asked Strata something in a thread (a mention) or a DM, or pressed Retry/Regenerate. */
export interface ChatJob {
  kind: 'chat';
  eventId: string;
  channel: string;
  /** The thread the reply goes to: the message itself when it was not in a thread. */
  threadTs: string;
  messageTs: string;
  user: string;
  teamId: string | undefined;
  /** The question as Slack delivered it; null when a button asks for the answer again (read from Slack). */
  text: string | null;
  botUserId: string | undefined;
}

export interface ChatDeps {
  client: WebClient;
  gateway: ModelGateway;
  threads: ThreadStore;
  logger: Logger;
  replies: ReplyWriter;
  settings: SettingsStore;
  stops: ReplyStopStore;
  chat: Config['chat'];
  now?: () => number;
  /** How often a streaming reply checks for a Stop click. */
  stopPollMs?: number;
  /** Records every model call (tokens, latency, outcome) for usage reports, budgets and metrics. */
  usage?: UsageRecorder;
  /** Channel allow-list, feature switches and token budgets, checked before the model is called. */
  access?: AccessGuard;
  /** An inline `--model` must be one Strata can chat with (catalog rules). */
  models?: ChatModelCheck;
}

const OMITTED_NOTE = 'Earlier messages of this thread were left out to fit the context window.';

export async function replyInThread(
  job: ChatJob,
  deps: ChatDeps,
  context: { recovered: boolean } = { recovered: false },
): Promise<void> {
  const base = deps.logger.child({
    event_id: job.eventId,
    channel: job.channel,
    thread_ts: job.threadTs,
    user: job.user,
  });
  const now = deps.now ?? Date.now;
  const startedAt = now();

  let prepared: { settings: EffectiveSettings; question: string };
  try {
    prepared = await prepare(job, deps);
  } catch (error) {
    const failure = toStrataError(error);
    base.warn({ code: failure.code, err: failure }, 'request refused');
    await deps.client.chat.postEphemeral({
      channel: job.channel,
      user: job.user,
      ...(job.threadTs === job.messageTs ? {} : { thread_ts: job.threadTs }),
      text: failure.toSlackText(),
    });
    return;
  }
  const { settings, question } = prepared;
  const log = base.child({ model: settings.modelId });
  const memory = createThreadMemory({
    store: deps.threads,
    client: deps.client,
    botUserId: job.botUserId,
    maxTurns: deps.chat.historyTurns,
  });
  if (context.recovered) await closeInterruptedReply(deps.client, job, log);
  const controls = encodeControls({ ...job, requester: job.user });
  if (job.channel.startsWith('D')) await showThinking(deps.client, job, log);
  const reply = await deps.replies.start(
    {
      channel: job.channel,
      threadTs: job.threadTs,
      controls,
      recipientUserId: job.user,
      recipientTeamId: job.teamId,
    },
    log,
  );
  const abort = new AbortController();
  let stoppedBy: string | undefined;
  const unwatch = watchForStop({
    stops: deps.stops,
    replyKey: replyKey(job),
    startedAt,
    intervalMs: deps.stopPollMs ?? 1000,
    logger: log,
    onStop: (by) => {
      stoppedBy = by;
      abort.abort();
    },
  });

  let answer = '';
  let usage: Usage | undefined;
  try {
    const history = await memory.load(job.channel, job.threadTs, job.messageTs);
    const { turns, dropped } = fitToBudget(
      history,
      question,
      settings.systemPrompt,
      deps.chat.historyTokenBudget,
    );
    const topK = settings.topK !== undefined && supportsTopK(settings.modelId) ? settings.topK : undefined;
    const gateway = meteredGateway(deps.gateway, deps, caller(job));
    for await (const part of gateway.streamChat({
      modelId: settings.modelId,
      system: dropped > 0 ? `${settings.systemPrompt}\n\n${OMITTED_NOTE}` : settings.systemPrompt,
      messages: toConversation([...turns, { role: 'user', text: question }]),
      inference: {
        maxTokens: settings.maxTokens,
        temperature: settings.temperature,
        topP: settings.topP,
        topK,
      },
      signal: abort.signal,
    })) {
      if (part.type === 'text-delta') {
        answer += part.text;
        reply.append(part.text);
      } else if (part.type === 'usage') {
        usage = part.usage;
      }
    }
    if (settings.topK !== undefined && topK === undefined) {
      reply.append(
        `\n\n_Note: \`${settings.modelId}\` has no top_k parameter, so top_k=${settings.topK} was not applied._`,
      );
    }
    await end(reply, abort.signal.aborted ? stoppedBy : false);
    await remember(memory, job, question, answer, settings.modelId);
    log.info(
      {
        usage,
        latency_ms: now() - startedAt,
        outcome: abort.signal.aborted ? 'stopped' : 'ok',
        history_turns: turns.length,
        dropped_turns: dropped,
      },
      'reply finished',
    );
  } catch (error) {
    const failure = toStrataError(error);
    await reply.fail(failure);
    log.error(
      {
        err: failure,
        code: failure.code,
        retryable: failure.retryable,
        latency_ms: now() - startedAt,
        outcome: 'error',
      },
      'reply failed',
    );
  } finally {
    unwatch();
  }
}

/** Chat's model calls and access checks are for the person who asked, in the channel they asked in. */
function caller(job: ChatJob) {
  return { user: job.user, channel: job.channel, feature: 'chat' as const };
}

/** In a DM, Slack shows the assistant status under the thread until the reply arrives. */
async function showThinking(client: WebClient, job: ChatJob, log: Logger): Promise<void> {
  try {
    await client.assistant.threads.setStatus({
      channel_id: job.channel,
      thread_ts: job.threadTs,
      status: 'is thinking…',
    });
  } catch (error) {
    log.debug({ err: error }, 'assistant status not available here');
  }
}

/** `stoppedBy === false` means the answer completed. */
function end(reply: ReplyStream, stoppedBy: string | undefined | false): Promise<void> {
  return stoppedBy === false ? reply.finish() : reply.stop(stoppedBy);
}

/**
 * The question is stored under its own ts and the answer right after it, under one key per question,
 * so asking again (Retry, Regenerate) replaces the earlier answer instead of adding a second one.
 */
async function remember(
  memory: ReturnType<typeof createThreadMemory>,
  job: ChatJob,
  question: string,
  answer: string,
  model: string,
): Promise<void> {
  const thread = { channel: job.channel, threadTs: job.threadTs };
  await memory.remember({ ...thread, ts: job.messageTs, role: 'user', text: question, user: job.user });
  if (answer.trim() !== '')
    await memory.remember({
      ...thread,
      ts: `${job.messageTs}:answer`,
      role: 'assistant',
      text: answer,
      model,
    });
}

/** Reads inline flags and the channel's and person's settings; bad flags are the person's to fix. */
async function prepare(
  job: ChatJob,
  deps: ChatDeps,
): Promise<{ settings: EffectiveSettings; question: string }> {
  const text = job.text ?? (await originalText(job, deps.client));
  const { settings: inline, question } = parseInlineFlags(stripBotMention(text, job.botUserId));
  if (question === '') {
    throw new StrataError('bad_input', 'empty question', {
      userMessage: 'Ask a question after the mention, e.g. `@Strata what is Amazon Bedrock?`',
    });
  }
  const [channel, user] = await Promise.all([
    deps.settings.get({ kind: 'channel', id: job.channel }),
    deps.settings.get({ kind: 'user', id: job.user }),
  ]);
  const model = inline.modelId === undefined ? undefined : await deps.models?.check(inline.modelId);
  if (model !== undefined && !model.ok) {
    throw new StrataError('bad_input', `unusable model ${inline.modelId}`, { userMessage: model.problem });
  }
  await requireAccess(deps, caller(job));
  return { settings: resolveSettings(deps.chat, channel, user, inline), question };
}

async function originalText(job: ChatJob, client: WebClient): Promise<string> {
  const messages = await fetchThreadMessages(client, job.channel, job.threadTs, 1000);
  const original = messages.find((m) => m.ts === job.messageTs);
  if (original === undefined) {
    throw new StrataError('bad_input', 'question message is gone', {
      userMessage: 'The question this reply answered was deleted, so it cannot be asked again.',
    });
  }
  return original.text;
}
