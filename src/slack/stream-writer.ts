import type { WebClient } from '@slack/web-api';
import type { StrataError } from '../errors.js';
import type { Logger } from '../log.js';
import type { EditScheduler, Write } from './edit-scheduler.js';
import { NativeStreamingUnavailable, startNativeReply } from './native-stream-writer.js';
import { type ReplyState, renderReply } from './reply-render.js';
import { slackCalls } from './slack-call.js';

/**
 * One reply in a thread, written while the model streams. Every Slack call goes through the shared
 * EditScheduler. The reply always ends in a final state: finished, or a visible error; long replies
 * continue in further messages of the same thread.
 */
export interface ReplyStream {
  /** ts of the first message of the reply, once Slack has it. */
  readonly ts: string | undefined;
  append(markdown: string): void;
  finish(): Promise<void>;
  /** The person pressed Stop: what streamed so far stays, marked as stopped. */
  stop(by: string | undefined): Promise<void>;
  fail(error: StrataError): Promise<void>;
}

export interface ReplyTarget {
  channel: string;
  threadTs: string;
  /** Who asked and in which workspace: Slack's streaming methods need both outside DMs. */
  recipientUserId?: string;
  recipientTeamId?: string | undefined;
  /** Opaque value the reply's buttons (Stop, Retry, Regenerate) send back; no buttons without it. */
  controls?: string;
}

export interface ReplyWriterOptions {
  /** A client that throws on 429 (`rejectRateLimitedCalls`), so the scheduler sees Retry-After. */
  client: WebClient;
  scheduler: EditScheduler;
}

export interface ReplyWriter {
  /** Starts a reply in the thread; the first message is posted with the first text (or a placeholder soon after). */
  start(target: ReplyTarget, logger: Logger): Promise<ReplyStream>;
}

/**
 * `update` edits a posted message with chat.update (works everywhere; Strata renders mrkdwn and a Stop
 * button). `native` uses Slack's streaming methods; `auto` tries them and falls back to `update` for
 * good once Slack says this workspace or token can't stream.
 */
/** How long the first post waits for the model's first text before showing a placeholder. */
const FIRST_POST_GRACE_MS = 250;

export type StreamingMode = 'update' | 'native' | 'auto';

export function createReplyWriter(options: ReplyWriterOptions & { mode: StreamingMode }): ReplyWriter {
  let native = options.mode !== 'update';
  return {
    async start(target, logger) {
      const { recipientUserId } = target;
      if (native && recipientUserId !== undefined) {
        try {
          return await startNativeReply(
            { ...target, recipientUserId, recipientTeamId: target.recipientTeamId },
            { ...options, logger },
          );
        } catch (error) {
          if (!(error instanceof NativeStreamingUnavailable) || options.mode !== 'auto') throw error;
          native = false;
          logger.warn('Slack streaming methods are unavailable here; using chat.update from now on');
        }
      }
      return startReply(target, { ...options, logger });
    },
  };
}

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
  let state: ReplyState = { kind: 'streaming' };
  let abandoned = false;
  let textShown = false;
  let graceOver = false;

  const attempt = slackCalls(logger);

  const next = (): Write | undefined => {
    if (abandoned) return undefined;
    const final = state.kind !== 'streaming';
    if (posted.length === 0 && markdown === '' && !final && !graceOver) return undefined;
    for (const [index, message] of renderReply(markdown, state, target.controls).entries()) {
      const key = JSON.stringify(message);
      const existing = posted[index];
      if (existing === undefined) {
        return {
          budget: `post:${target.channel}`,
          priority: final ? 'final' : 'first',
          run: attempt(
            async () => {
              const result = await client.chat.postMessage({
                channel: target.channel,
                thread_ts: target.threadTs,
                ...message,
              });
              if (!result.ts) throw new Error('chat.postMessage returned no ts');
              posted[index] = { ts: result.ts, shown: key };
            },
            () => {
              if (index === 0) abandoned = true;
              else posted[index] = { ts: '', shown: key };
            },
          ),
        };
      }
      if (existing.ts !== '' && existing.shown !== key) {
        return {
          budget: 'update',
          priority: final ? 'final' : textShown ? 'update' : 'first',
          run: attempt(
            async () => {
              await client.chat.update({ channel: target.channel, ts: existing.ts, ...message });
              existing.shown = key;
              textShown ||= markdown !== '';
            },
            () => {
              existing.shown = key;
            },
          ),
        };
      }
    }
    return undefined;
  };

  const handle = scheduler.register(next);
  // The first text usually arrives within moments: it then rides on the first post instead of costing an edit.
  const grace = setTimeout(() => {
    graceOver = true;
    handle.wake();
  }, FIRST_POST_GRACE_MS);
  grace.unref();

  const end = async (final: ReplyState): Promise<void> => {
    if (state.kind !== 'streaming') return;
    state = final;
    clearTimeout(grace);
    handle.wake();
    await handle.drained();
    handle.close();
    if (posted.length === 0) logger.error('the reply could not be posted to Slack');
  };

  return {
    get ts() {
      return posted[0]?.ts;
    },
    append(text) {
      if (state.kind !== 'streaming' || text === '') return;
      markdown += text;
      handle.wake();
    },
    finish: () => end({ kind: 'done' }),
    stop: (by) => end({ kind: 'stopped', by }),
    fail: (error) => end({ kind: 'failed', error }),
  };
}
