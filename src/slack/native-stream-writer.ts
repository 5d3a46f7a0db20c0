import type { Logger } from '../log.js';
import type { Write } from './edit-scheduler.js';
import { REPLY_ACTIONS, type ReplyState } from './reply-render.js';
import { slackCalls, slackErrorCode } from './slack-call.js';
import type { ReplyStream, ReplyTarget, ReplyWriterOptions } from './stream-writer.js';

/** Answers meaning this workspace, token or conversation can't stream natively: use chat.update instead. */
const NOT_SUPPORTED = new Set([
  'unknown_method',
  'not_allowed_token_type',
  'missing_scope',
  'channel_type_not_supported',
  'feature_not_enabled',
  'not_implemented',
]);

export class NativeStreamingUnavailable extends Error {}

/** chat.appendStream takes at most 12,000 characters of markdown; one streamed message stays under this. */
export const NATIVE_MESSAGE_LIMIT = 11_000;

interface Streamed {
  ts: string;
  sent: number;
  /** The info line of a code fence left open at the end of this message, reopened in the next. */
  openFence: string | undefined;
  stopped: boolean;
}

/**
 * A reply through Slack's streaming methods (chat.startStream / appendStream / stopStream): Slack
 * renders the Markdown itself and the client shows the message growing. Each write sends only the
 * text that arrived since the last one. Long replies continue in new streamed messages at line ends.
 */
export async function startNativeReply(
  target: ReplyTarget & { recipientUserId: string; recipientTeamId: string | undefined },
  options: ReplyWriterOptions & { logger: Logger },
): Promise<ReplyStream> {
  const { client, scheduler, logger } = options;
  const messages: Streamed[] = [];
  let markdown = '';
  let consumed = 0;
  let state: ReplyState = { kind: 'streaming' };
  let abandoned = false;
  let unsupported = false;

  const attempt = slackCalls(logger);
  const call = (run: () => Promise<void>) =>
    attempt(
      async () => {
        try {
          await run();
        } catch (error) {
          if (messages.length === 0 && NOT_SUPPORTED.has(slackErrorCode(error) ?? '')) {
            abandoned = true;
            unsupported = true;
            return;
          }
          throw error;
        }
      },
      () => {
        abandoned = true;
      },
    );

  const next = (): Write | undefined => {
    if (abandoned) return undefined;
    const current = messages.at(-1);
    if (current === undefined || current.stopped) {
      if (current && consumed >= markdown.length && state.kind !== 'streaming') return undefined;
      const reopen = current?.openFence ? `${current.openFence}\n` : '';
      return {
        budget: 'stream-start',
        priority: messages.length === 0 ? 'first' : state.kind === 'streaming' ? 'update' : 'final',
        run: call(async () => {
          const result = await client.chat.startStream({
            channel: target.channel,
            thread_ts: target.threadTs,
            recipient_user_id: target.recipientUserId,
            ...(target.recipientTeamId ? { recipient_team_id: target.recipientTeamId } : {}),
            ...(reopen ? { markdown_text: reopen } : {}),
          });
          if (!result.ts) throw new Error('chat.startStream returned no ts');
          messages.push({ ts: result.ts, sent: reopen.length, openFence: undefined, stopped: false });
        }),
      };
    }
    const pending = markdown.slice(consumed);
    const room = NATIVE_MESSAGE_LIMIT - current.sent - 8;
    if (pending.length > room) {
      const cut = lineBoundary(pending, room);
      const piece = pending.slice(0, cut);
      const fence = openFenceAfter(markdown.slice(0, consumed + cut));
      return {
        budget: 'stream-stop',
        priority: 'update',
        run: call(async () => {
          const text = fence ? `${piece}\n\`\`\`` : piece;
          await client.chat.stopStream({
            channel: target.channel,
            ts: current.ts,
            markdown_text: sanitize(text),
          });
          consumed += cut;
          current.sent += text.length;
          current.openFence = fence;
          current.stopped = true;
        }),
      };
    }
    if (state.kind !== 'streaming') {
      const footer = finalFooter(state);
      return {
        budget: 'stream-stop',
        priority: 'final',
        run: call(async () => {
          const text = `${pending}${footer}`;
          await client.chat.stopStream({
            channel: target.channel,
            ts: current.ts,
            ...(text ? { markdown_text: sanitize(text) } : {}),
            ...(target.controls ? { blocks: [controlsBlock(state, target.controls)] } : {}),
          });
          consumed += pending.length;
          current.stopped = true;
        }),
      };
    }
    if (pending === '') return undefined;
    return {
      budget: 'stream-append',
      priority: current.sent === 0 ? 'first' : 'update',
      run: call(async () => {
        await client.chat.appendStream({
          channel: target.channel,
          ts: current.ts,
          markdown_text: sanitize(pending),
        });
        consumed += pending.length;
        current.sent += pending.length;
      }),
    };
  };

  const handle = scheduler.register(next);
  handle.wake();
  await handle.drained();
  const first = messages[0];
  if (first === undefined) {
    handle.close();
    if (unsupported) throw new NativeStreamingUnavailable('Slack refused chat.startStream here');
    throw new Error('the streamed reply could not be started');
  }
  const end = async (final: ReplyState): Promise<void> => {
    if (state.kind !== 'streaming') return;
    state = final;
    handle.wake();
    await handle.drained();
    handle.close();
  };
  return {
    get ts() {
      return first.ts;
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

function finalFooter(state: ReplyState): string {
  if (state.kind === 'failed') return `\n\n${state.error.toSlackText()}`;
  if (state.kind === 'stopped') return state.by ? `\n\n_Stopped by <@${state.by}>._` : '\n\n_Stopped._';
  return '';
}

function controlsBlock(state: ReplyState, value: string) {
  const retry = state.kind === 'failed';
  return {
    type: 'actions',
    block_id: 'strata_reply_controls',
    elements: [
      {
        type: 'button',
        action_id: retry ? REPLY_ACTIONS.retry : REPLY_ACTIONS.regenerate,
        text: { type: 'plain_text', text: retry ? 'Retry' : 'Regenerate' },
        value,
      },
    ],
  };
}

/** The last line end that fits, so a continued message starts on a fresh line. */
function lineBoundary(text: string, room: number): number {
  const window = text.slice(0, room);
  const paragraph = window.lastIndexOf('\n\n');
  if (paragraph > room / 2) return paragraph + 2;
  const line = window.lastIndexOf('\n');
  if (line > room / 2) return line + 1;
  const space = window.lastIndexOf(' ');
  return space > room / 2 ? space + 1 : room;
}

/** The info line (```ts) of a code fence still open at the end of `text`, if any. */
function openFenceAfter(text: string): string | undefined {
  let open: string | undefined;
  for (const line of text.split('\n')) {
    const fence = /^\s*(```+|~~~+)/.exec(line);
    if (fence) open = open === undefined ? line.trim() : undefined;
  }
  return open;
}

/** Model text must not ping anyone: break `<!here>`, `<@U…>`, `@channel` and friends with invisible characters. */
export function sanitize(text: string): string {
  return text
    .replace(/<(?=[!@#])/g, '<\u200b')
    .replace(/(^|[^\w])@(channel|here|everyone)\b/gi, '$1@\u200d$2');
}
