import type { App } from '@slack/bolt';
import type { AdminPolicy } from '../access/admin-policy.js';
import type { AdminServices } from '../admin/admin-services.js';
import type { AgentServices } from '../agents/agent-deps.js';
import type { ImageSettings } from '../images/image-feature.js';
import type { Job } from '../jobs.js';
import type { Logger } from '../log.js';
import type { Rag } from '../rag/rag.js';
import type { SqlDeps } from '../sql/sql-deps.js';
import type { EventReceipts } from '../store/event-receipts.js';
import type { ReplyStopStore } from '../store/reply-stops.js';
import type { SettingsStore } from '../store/settings-store.js';
import type { WorkQueue } from '../work-queue.js';
import { registerAdminActions } from './actions/admin-actions.js';
import { registerAgentActions } from './actions/agent-actions.js';
import { registerReplyActions } from './actions/reply-actions.js';
import { registerSqlActions } from './actions/sql-actions.js';
import { registerAgentThreads } from './agent-thread.js';
import { registerAssistantThread } from './assistant-thread.js';
import { registerAgentCommand } from './commands/agent.js';
import { registerAskCommand } from './commands/ask.js';
import { registerBedrockCommand } from './commands/bedrock.js';
import { createBedrockSubcommands } from './commands/bedrock-registry.js';
import { registerSettingsView } from './commands/bedrock-settings.js';
import { registerImages } from './commands/image.js';
import { registerSqlCommand } from './commands/sql.js';
import { registerDirectMessage } from './direct-message.js';
import { registerMention } from './mention.js';
import { registerMessageSync } from './message-sync.js';
import { dedupeEvents } from './middleware/dedupe.js';

export interface HandlerDeps {
  queue: WorkQueue<Job>;
  receipts: EventReceipts;
  admins: AdminPolicy;
  stops: ReplyStopStore;
  settings: SettingsStore;
  images: { settings: ImageSettings };
  sql: SqlDeps;
  rag: Pick<Rag, 'admin'>;
  adminTools: AdminServices;
  agents: AgentServices;
  logger: Logger;
}

export function registerHandlers(app: App, deps: HandlerDeps): void {
  const { queue, receipts, admins, logger } = deps;
  app.use(dedupeEvents(receipts, logger));
  // Before the other mention routers: a message in an agent thread belongs to the agent session.
  registerAgentThreads(app, { queue, receipts, agents: deps.agents, logger });
  registerAgentCommand(app, { queue, agents: deps.agents, admins, logger });
  registerAgentActions(app, { queue, agents: deps.agents, admins, logger });
  registerSqlCommand(app, { queue, sql: deps.sql, logger });
  registerSqlActions(app, { queue });
  registerImages(app, { queue, imageModelId: deps.images.settings.modelId });
  registerMention(app, queue);
  registerDirectMessage(app, queue);
  registerAssistantThread(app, logger);
  registerReplyActions(app, { queue, stops: deps.stops, logger });
  registerAskCommand(app, queue);
  registerMessageSync(app, queue);

  registerSettingsView(app, {
    settings: deps.settings,
    admins,
    logger,
    audit: deps.adminTools.audit,
    models: deps.adminTools.models,
  });
  registerAdminActions(app, { tools: deps.adminTools, enqueue: (job) => queue.enqueue(job), logger });
  registerBedrockCommand(app, {
    subcommands: createBedrockSubcommands(deps),
    admins,
    logger,
    audit: deps.adminTools.audit,
    queue,
  });

  app.error(async (error) => {
    logger.error({ err: error, code: error.code }, 'unhandled error in a Slack listener');
  });
}
