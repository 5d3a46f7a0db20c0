import type { App } from '@slack/bolt';
import type { Job } from '../jobs.js';
import type { Logger } from '../log.js';
import type { EventReceipts } from '../store/event-receipts.js';
import type { WorkQueue } from '../work-queue.js';
import { registerDirectMessage } from './direct-message.js';
import { registerMention } from './mention.js';
import { dedupeEvents } from './middleware/dedupe.js';

export interface HandlerDeps {
  queue: WorkQueue<Job>;
  receipts: EventReceipts;
  logger: Logger;
}

export function registerHandlers(app: App, { queue, receipts, logger }: HandlerDeps): void {
  app.use(dedupeEvents(receipts, logger));
  registerMention(app, queue);
  registerDirectMessage(app, queue);
  app.error(async (error) => {
    logger.error({ err: error, code: error.code }, 'unhandled error in a Slack listener');
  });
}
