import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import type { Logger } from '../../log.js';
import type { EventReceipts } from '../../store/event-receipts.js';

/**
 * Slack redelivers an event when the first delivery looked slow or failed; the event_id stays the same.
 * One conditional put per event_id lets only the first delivery through. If the receipt cannot be
 * written the event is dropped: a missing reply is better than a doubled one, and the error is logged.
 */
export function dedupeEvents(receipts: EventReceipts, logger: Logger): Middleware<AnyMiddlewareArgs> {
  return async ({ body, context, next }) => {
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
      return;
    }
    await next();
  };
}
