import type { AdminPolicy } from '../../access/admin-policy.js';
import type { AdminServices } from '../../admin/admin-services.js';
import type { Job } from '../../jobs.js';
import type { Logger } from '../../log.js';
import type { Rag } from '../../rag/rag.js';
import type { SettingsStore } from '../../store/settings-store.js';
import type { WorkQueue } from '../../work-queue.js';
import { accessSubcommand, budgetSubcommand } from './bedrock-access.js';
import { auditSubcommand } from './bedrock-audit.js';
import { finetuneSubcommand } from './bedrock-finetune.js';
import { indexSubcommand } from './bedrock-index.js';
import { modelsSubcommand } from './bedrock-models.js';
import { settingsSubcommand } from './bedrock-settings.js';
import type { SubcommandRegistry } from './bedrock-subcommands.js';
import { usageSubcommand } from './bedrock-usage.js';

export interface SubcommandDeps {
  settings: SettingsStore;
  admins: AdminPolicy;
  logger: Logger;
  rag: Pick<Rag, 'admin'>;
  adminTools: AdminServices;
  /** For the follow-up jobs a subcommand starts (an index backfill). */
  queue: WorkQueue<Job>;
}

/** Every `/bedrock` subcommand by name, in `/bedrock help` order: the Slack handler and the queued runner share it. */
export function createBedrockSubcommands(deps: SubcommandDeps): SubcommandRegistry {
  const { admins, logger, adminTools } = deps;
  return new Map([
    ['settings', settingsSubcommand({ settings: deps.settings, admins, logger })],
    ['index', indexSubcommand({ admin: deps.rag.admin, queue: deps.queue })],
    ['models', modelsSubcommand(adminTools.catalog)],
    ['finetune', finetuneSubcommand(adminTools, deps.queue)],
    ['usage', usageSubcommand(adminTools)],
    ['audit', auditSubcommand(adminTools.audit)],
    ['access', accessSubcommand(adminTools.accessAdmin)],
    ['budget', budgetSubcommand(adminTools.accessAdmin)],
  ]);
}
