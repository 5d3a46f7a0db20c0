import type { WebClient } from '@slack/web-api';
import type { ModelGateway } from '../bedrock/gateway.js';
import { supportsTopK } from '../bedrock/inference-params.js';
import type { Usage } from '../bedrock/stream-parts.js';
import type { Config } from '../config.js';
import { StrataError, toStrataError } from '../errors.js';
import type { Logger } from '../log.js';
import type { ReplyWriter } from '../slack/stream-writer.js';
import type { SettingsStore } from '../store/settings-store.js';
import type { ThreadStore } from '../store/thread-store.js';
import { parseInlineFlags, resolveSettings } from './chat-settings.js';
import { fitToBudget } from './context-budget.js';
import { stripBotMention, toConversation } from './conversation.js';
import { createThreadMemory } from './thread-memory.js';

/** A person asked Strata something in a thread (a mention) or a DM. */
export interface ChatJob {
  kind: 'chat';
  eventId: string;
  channel: string;
  /** The thread the reply goes to: the message itself when it was not in a thread. */
  threadTs: string;
  messageTs: string;
  user: string;
  text: string;
  botUserId: string | undefined;
}

export interface ChatDeps {
  client: WebClient;
  gateway: ModelGateway;
  threads: ThreadStore;
  logger: Logger;
  replies: ReplyWriter;
  settings: SettingsStore;
  chat: Config['chat'];
  now?: () => number;
}

export async function replyInThread(job: ChatJob, deps: ChatDeps): Promise<void> {
  const base = deps.logger.child({
    event_id: job.eventId,
    channel: job.channel,
    thread_ts: job.threadTs,
    user: job.user,
  });
  const now = deps.now ?? Date.now;
  const startedAt = now();

  let request: { settings: ReturnType<typeof resolveSettings>; question: string };
  try {
    request = await prepare(job, deps);
  } catch (error) {
    const failure = toStrataError(error);
    base.warn({ code: failure.code, err: failure }, 'request refused');
    await deps.client.chat.postEphemeral({
      channel: job.channel,
      user: job.user,
      thread_ts: job.threadTs === job.messageTs ? undefined : job.threadTs,
      text: failure.toSlackText(),
    });
    return;
  }
  const { settings, question } = request;
  const log = base.child({ model: settings.modelId });
  const memory = createThreadMemory({
    store: deps.threads,
    client: deps.client,
    botUserId: job.botUserId,
    maxTurns: deps.chat.historyTurns,
  });

  const reply = await deps.replies.start({ channel: job.channel, threadTs: job.threadTs }, log);
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
    for await (const part of deps.gateway.streamChat({
      modelId: settings.modelId,
      system: dropped > 0 ? `${settings.systemPrompt}\n\n${OMITTED_NOTE}` : settings.systemPrompt,
      messages: toConversation([...turns, { role: 'user', text: question }]),
      inference: {
        maxTokens: settings.maxTokens,
        temperature: settings.temperature,
        topP: settings.topP,
        topK,
      },
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
    await reply.finish();
    await memory.remember({
      channel: job.channel,
      threadTs: job.threadTs,
      ts: job.messageTs,
      role: 'user',
      text: question,
      user: job.user,
    });
    await memory.remember({
      channel: job.channel,
      threadTs: job.threadTs,
      ts: reply.ts,
      role: 'assistant',
      text: answer,
      model: settings.modelId,
    });
    log.info(
      {
        usage,
        latency_ms: now() - startedAt,
        outcome: 'ok',
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
  }
}

const OMITTED_NOTE = 'Earlier messages of this thread were left out to fit the context window.';

/** Reads inline flags and the channel's and person's settings; bad flags are the person's to fix. */
async function prepare(job: ChatJob, deps: ChatDeps) {
  const { settings: inline, question } = parseInlineFlags(stripBotMention(job.text, job.botUserId));
  if (question === '') {
    throw new StrataError('bad_input', 'empty question', {
      userMessage: 'Ask a question after the mention, e.g. `@Strata what is Amazon Bedrock?`',
    });
  }
  const [channel, user] = await Promise.all([
    deps.settings.get({ kind: 'channel', id: job.channel }),
    deps.settings.get({ kind: 'user', id: job.user }),
  ]);
  return { settings: resolveSettings(deps.chat, channel, user, inline), question };
}
