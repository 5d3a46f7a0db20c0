import type { App } from '@slack/bolt';
import type { AdminPolicy } from '../access/admin-policy.js';
import type { Job } from '../jobs.js';
import type { Logger } from '../log.js';
import type { EventReceipts } from '../store/event-receipts.js';
import type { ReplyStopStore } from '../store/reply-stops.js';
import type { SettingsStore } from '../store/settings-store.js';
import type { WorkQueue } from '../work-queue.js';
import { registerReplyActions } from './actions/reply-actions.js';
import { registerAssistantThread } from './assistant-thread.js';
import { registerBedrockCommand } from './commands/bedrock.js';
import { registerSettingsView, settingsSubcommand } from './commands/bedrock-settings.js';
import type { SubcommandRegistry } from './commands/bedrock-subcommands.js';
import { registerDirectMessage } from './direct-message.js';
import { registerMention } from './mention.js';
import { dedupeEvents } from './middleware/dedupe.js';

export interface HandlerDeps {
  queue: WorkQueue<Job>;
  receipts: EventReceipts;
  admins: AdminPolicy;
  stops: ReplyStopStore;
  settings: SettingsStore;
  logger: Logger;
}

export function registerHandlers(app: App, deps: HandlerDeps): void {
  const { queue, receipts, admins, logger } = deps;
  app.use(dedupeEvents(receipts, logger));
  registerMention(app, queue);
  registerDirectMessage(app, queue);
  registerAssistantThread(app, logger);
  registerReplyActions(app, { queue, stops: deps.stops, logger });

  const subcommands: SubcommandRegistry = new Map();
  subcommands.set('settings', settingsSubcommand({ settings: deps.settings, admins, logger }));
  registerSettingsView(app, { settings: deps.settings, admins, logger });
  registerBedrockCommand(app, { subcommands, admins, logger });

  app.error(async (error) => {
    logger.error({ err: error, code: error.code }, 'unhandled error in a Slack listener');
  });
}
