import type { WebClient } from '@slack/web-api';
import type { StrataError } from '../errors.js';
import type { Logger } from '../log.js';
import { type EditScheduler, RateLimitedError, type Write } from './edit-scheduler.js';
import { markdownToMrkdwn } from './mrkdwn.js';
import { SLACK_TEXT_LIMIT, splitMessage } from './split-message.js';

/**
 * One reply in a thread, written while the model streams. Every Slack call goes through the shared
 * EditScheduler. The reply always ends in a final state: finished, or a visible error; long replies
 * continue in further messages of the same thread.
 */
export interface ReplyStream {
  /** ts of the first message of the reply. */
  readonly ts: string;
  append(markdown: string): void;
  finish(): Promise<void>;
  fail(error: StrataError): Promise<void>;
}

export interface ReplyTarget {
  channel: string;
  threadTs: string;
}

export interface ReplyWriterOptions {
  /** A client that throws on 429 (`rejectRateLimitedCalls`), so the scheduler sees Retry-After. */
  client: WebClient;
  scheduler: EditScheduler;
}

export interface ReplyWriter {
  /** Posts the placeholder in the thread and returns the stream that fills it. */
  start(target: ReplyTarget, logger: Logger): Promise<ReplyStream>;
}

export function createReplyWriter(options: ReplyWriterOptions): ReplyWriter {
  return { start: (target, logger) => startReply(target, { ...options, logger }) };
}

export const THINKING_TEXT = '_Thinking…_';
const STREAMING_CURSOR = ' ▍';
const MAX_ATTEMPTS = 3;

interface Posted {
  ts: string;
  shown: string;
}

async function startReply(
  target: ReplyTarget,
  options: ReplyWriterOptions & { logger: Logger },
): Promise<ReplyStream> {
  const { client, scheduler, logger } = options;
  const posted: Posted[] = [];
  let markdown = '';
  let footer = '';
  let ended = false;
  let failures = 0;
  let abandoned = false;

  const desired = (): string[] => {
    const parts = splitMessage(markdown, SLACK_TEXT_LIMIT);
    if (parts.length === 0) parts.push('');
    return parts.map((part, index) => {
      const isLast = index === parts.length - 1;
      const body = part.trim() === '' ? '' : markdownToMrkdwn(part);
      const tail = isLast ? footer : '';
      if (body === '' && tail === '') return THINKING_TEXT;
      // After a closing fence the cursor needs its own line, or it would sit inside the fence marker.
      const cursor =
        isLast && !ended ? (body.endsWith('```') ? `\n${STREAMING_CURSOR.trim()}` : STREAMING_CURSOR) : '';
      return `${body}${cursor}${body && tail ? '\n\n' : ''}${tail}`;
    });
  };

  /** Runs one Slack call; a 429 goes to the scheduler, other failures are retried a few times, then given up. */
  const attempt = (call: () => Promise<void>, giveUp: () => void) => async () => {
    try {
      await call();
      failures = 0;
    } catch (error) {
      const retryAfter = rateLimitRetryAfterMs(error);
      if (retryAfter !== undefined) throw new RateLimitedError(retryAfter);
      failures += 1;
      logger.warn({ err: error, attempt: failures }, 'Slack write failed');
      if (failures >= MAX_ATTEMPTS) {
        logger.error({ err: error }, 'Slack write given up after retries');
        failures = 0;
        giveUp();
      }
    }
  };

  const next = (): Write | undefined => {
    if (abandoned) return undefined;
    const texts = desired();
    for (const [index, text] of texts.entries()) {
      const message = posted[index];
      if (message === undefined) {
        const lost: Posted = { ts: '', shown: text };
        return {
          budget: `post:${target.channel}`,
          priority: ended ? 'final' : 'first',
          run: attempt(
            async () => {
              const result = await client.chat.postMessage({
                channel: target.channel,
                thread_ts: target.threadTs,
                text,
              });
              if (!result.ts) throw new Error('chat.postMessage returned no ts');
              posted[index] = { ts: result.ts, shown: text };
            },
            () => {
              if (index === 0) abandoned = true;
              else posted[index] = lost;
            },
          ),
        };
      }
      if (message.ts !== '' && message.shown !== text) {
        return {
          budget: 'update',
          priority: ended ? 'final' : message.shown === THINKING_TEXT ? 'first' : 'update',
          run: attempt(
            async () => {
              await client.chat.update({ channel: target.channel, ts: message.ts, text });
              message.shown = text;
            },
            () => {
              message.shown = text;
            },
          ),
        };
      }
    }
    return undefined;
  };

  const handle = scheduler.register(next);
  handle.wake();
  await handle.drained();
  const first = posted[0];
  if (first === undefined) {
    handle.close();
    throw new Error('the reply placeholder could not be posted');
  }

  const end = async (): Promise<void> => {
    ended = true;
    handle.wake();
    await handle.drained();
    handle.close();
  };

  return {
    ts: first.ts,
    append(text) {
      if (ended || text === '') return;
      markdown += text;
      handle.wake();
    },
    finish: end,
    async fail(error) {
      footer = escapeMrkdwn(error.toSlackText());
      await end();
    },
  };
}

function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function rateLimitRetryAfterMs(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  if (error.code !== 'slack_webapi_rate_limited_error') return undefined;
  const seconds = 'retryAfter' in error && typeof error.retryAfter === 'number' ? error.retryAfter : 1;
  return seconds * 1000;
}
