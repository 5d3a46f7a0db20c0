import type { WebClient } from '@slack/web-api';
import type { ModelGateway } from '../bedrock/gateway.js';
import type { Usage } from '../bedrock/stream-parts.js';
import type { Config } from '../config.js';
import { toStrataError } from '../errors.js';
import type { Logger } from '../log.js';
import type { ReplyWriter } from '../slack/stream-writer.js';
import type { ThreadStore } from '../store/thread-store.js';
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
  chat: Config['chat'];
  now?: () => number;
}

export async function replyInThread(job: ChatJob, deps: ChatDeps): Promise<void> {
  const { chat } = deps;
  const log = deps.logger.child({
    event_id: job.eventId,
    channel: job.channel,
    thread_ts: job.threadTs,
    user: job.user,
    model: chat.modelId,
  });
  const now = deps.now ?? Date.now;
  const startedAt = now();
  const memory = createThreadMemory({
    store: deps.threads,
    client: deps.client,
    botUserId: job.botUserId,
    maxTurns: chat.historyTurns,
  });
  const question = stripBotMention(job.text, job.botUserId);

  const reply = await deps.replies.start({ channel: job.channel, threadTs: job.threadTs }, log);
  let answer = '';
  let usage: Usage | undefined;
  try {
    const history = await memory.load(job.channel, job.threadTs, job.messageTs);
    const messages = toConversation([...history, { role: 'user', text: question }]);
    for await (const part of deps.gateway.streamChat({
      modelId: chat.modelId,
      system: chat.systemPrompt,
      messages,
      inference: { maxTokens: chat.maxTokens, temperature: chat.temperature },
    })) {
      if (part.type === 'text-delta') {
        answer += part.text;
        reply.append(part.text);
      } else if (part.type === 'usage') {
        usage = part.usage;
      }
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
      model: chat.modelId,
    });
    log.info(
      { usage, latency_ms: now() - startedAt, outcome: 'ok', history_turns: history.length },
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
