import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Logger } from '../../log.js';
import type { EventReceipts } from '../../store/event-receipts.js';

export const RECEIPT_UNAVAILABLE_TEXT =
  ":warning: Strata couldn't take that message just now: its storage isn't answering. Please send it again in a minute.";

/**
 * Slack redelivers an event when the first delivery looked slow or failed; the event_id stays the same.
 * One conditional put per event_id lets only the first delivery through.
 *
 * Fail safe: if the receipt cannot be written (after the SDK's own retries) the event is not processed,
 * since a missing reply is better than a doubled one. Bolt has already acked it, so Slack will not
 * redeliver: the error is logged and the person who wrote to Strata is told, privately, to send it again.
 */
export function dedupeEvents(receipts: EventReceipts, logger: Logger): Middleware<AnyMiddlewareArgs> {
  return async ({ body, context, client, next }) => {
    const eventId = 'event_id' in body && typeof body.event_id === 'string' ? body.event_id : undefined;
    if (eventId === undefined) return next();
    const log = logger.child({ event_id: eventId, retry_num: context.retryNum });
    try {
      if ((await receipts.claim(eventId)) === 'duplicate') {
        log.info('duplicate delivery dropped');
        return;
      }
    } catch (error) {
      log.error({ err: error }, 'event receipt could not be written; event dropped');
      await tellWriter(body, client).catch((failure: unknown) =>
        log.warn({ err: failure }, 'could not tell the writer their message was dropped'),
      );
      return;
    }
    await next();
  };
}

/** A notice for a mention or a DM to Strata; other events (channel messages, edits) pass silently. */
async function tellWriter(body: AnyMiddlewareArgs['body'], client: WebClient): Promise<void> {
  const event = 'event' in body ? (body.event as Record<string, unknown> | undefined) : undefined;
  if (!event || typeof event.user !== 'string' || typeof event.channel !== 'string') return;
  const mention = event.type === 'app_mention';
  const directMessage =
    event.type === 'message' &&
    event.channel_type === 'im' &&
    event.subtype === undefined &&
    event.bot_id === undefined;
  if (!mention && !directMessage) return;
  const threadTs = typeof event.thread_ts === 'string' ? event.thread_ts : mention ? event.ts : undefined;
  await client.chat.postEphemeral({
    channel: event.channel,
    user: event.user,
    text: RECEIPT_UNAVAILABLE_TEXT,
    ...(typeof threadTs === 'string' ? { thread_ts: threadTs } : {}),
  });
}
