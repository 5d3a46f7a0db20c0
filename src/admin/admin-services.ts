import type { WebClient } from '@slack/web-api';
import { type AccessAdmin, createAccessAdmin } from '../access/access-admin.js';
import { type AccessGuard, createAccessGuard } from '../access/access-guard.js';
import type { AdminPolicy } from '../access/admin-policy.js';
import { type AuditLog, createAuditLog } from '../access/audit-log.js';
import { adminWarnings, slackNameResolver } from '../access/slack-directory.js';
import { createModelCatalog, type ModelCatalog } from '../bedrock/catalog.js';
import { createBedrockControlClient } from '../bedrock/control-plane.js';
import { type CustomizationClient, createCustomizationClient } from '../bedrock/customization.js';
import { type ChatModelCheck, createChatModelCheck } from '../bedrock/model-check.js';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import { createEmfMetrics, emfThroughLogger, type UsageRecorder } from '../metrics.js';
import { createDynamoAccessStore } from '../store/access-store.js';
import { createDynamoAuditStore } from '../store/audit-store.js';
import { createS3BlobStore } from '../store/blob-store.js';
import { createDynamoJobWatchStore, type JobWatchStore } from '../store/job-watch-store.js';
import type { SettingsStore } from '../store/settings-store.js';
import type { StrataTable } from '../store/table.js';
import { createDynamoUsageStore, type UsageStore } from '../store/usage-store.js';
import { type CustomModelUse, createCustomModelUse } from './custom-model-use.js';
import { createFineTuneService, type FineTuneService, NOT_CONFIGURED } from './fine-tune.js';
import { createJobWatcher, type JobWatcher } from './job-watcher.js';
import { slackFileFetcher } from './slack-file.js';
import { createUsageRecorder } from './usage-recorder.js';
import { createUsageReporter, type UsageReporter } from './usage-reporter.js';
import { jobEndedMessage, jobFinishedMessage } from './views/finetune-messages.js';

/** Everything the admin commands use, built once in the composition root. */
export interface AdminServices {
  admins: AdminPolicy;
  audit: AuditLog;
  catalog: ModelCatalog;
  /** Chat model ids (settings, `--model`) checked against the catalog. */
  models: ChatModelCheck;
  customization: CustomizationClient;
  fineTune: FineTuneService;
  /** Why new jobs can't start, when they can't (no role configured). */
  fineTuneDisabled: string | undefined;
  customModels: CustomModelUse;
  watches: JobWatchStore;
  watcher: JobWatcher;
  usageStore: UsageStore;
  usageReports: UsageReporter;
  /** Channel allow-list, feature switches and token budgets: asked before every model call. */
  access: AccessGuard;
  accessAdmin: AccessAdmin;
  bucket: string;
  now: () => Date;
  destroy(): void;
}

export function createAdminServices(options: {
  config: Config;
  table: StrataTable;
  client: WebClient;
  logger: Logger;
  admins: AdminPolicy;
  /** Who gets budget warnings when no admin channel is configured. */
  adminRecipients?: () => Promise<string[]>;
  settings?: SettingsStore | undefined;
  now?: () => Date;
}): AdminServices & { usage: UsageRecorder } {
  const { config, table, client, logger } = options;
  const now = options.now ?? (() => new Date());
  const control = createBedrockControlClient({ region: config.aws.region });
  const catalog = createModelCatalog({ client: control });
  const customization = createCustomizationClient(control);
  const audit = createAuditLog({ store: createDynamoAuditStore({ table }), logger, now });
  const usageStore = createDynamoUsageStore({ table, retentionDays: config.admin.usageRetentionDays });
  const metrics = createEmfMetrics({
    emit: emfThroughLogger(logger),
    namespace: config.cloud.metricsNamespace,
    logger,
  });
  const watches = createDynamoJobWatchStore({ table });
  const roleArn = config.admin.finetuneRoleArn;
  const accessStore = createDynamoAccessStore({ table, now });
  const access = createAccessGuard({
    store: accessStore,
    usage: usageStore,
    defaults: { restrictChannels: config.admin.restrictChannels, ...config.admin.budgets },
    warnAdmins: adminWarnings(client, {
      channel: config.admin.channel,
      recipients: options.adminRecipients ?? (async () => [...config.admins]),
    }),
    logger,
    now,
  });

  return {
    admins: options.admins,
    audit,
    catalog,
    models: createChatModelCheck({ catalog, logger }),
    customization,
    fineTune: createFineTuneService({
      catalog,
      customization,
      blobs: createS3BlobStore({
        bucket: config.store.bucket,
        region: config.aws.region,
        forcePathStyle: config.mode === 'local',
        ...(config.admin.kmsKeyId ? { kmsKeyId: config.admin.kmsKeyId } : {}),
      }),
      bucket: config.store.bucket,
      roleArn,
      customModelKmsKeyId: config.admin.kmsKeyId,
      fetchSlackFile: slackFileFetcher(client),
      maxFileBytes: config.admin.finetuneMaxFileBytes,
      audit,
      now,
    }),
    fineTuneDisabled: roleArn ? undefined : NOT_CONFIGURED,
    customModels: createCustomModelUse({ customization, settings: options.settings, audit, now }),
    watches,
    watcher: createJobWatcher({
      store: watches,
      customization,
      intervalMs: config.admin.finetunePollMs,
      logger,
      now,
      post: async (watch, job) => {
        await client.chat.postMessage({
          channel: watch.channel,
          thread_ts: watch.threadTs,
          ...jobFinishedMessage(job, watch.admin),
        });
        // The announcement loses its Stop button; the outcome is in the thread.
        await client.chat
          .update({ channel: watch.channel, ts: watch.threadTs, ...jobEndedMessage(job, watch.admin) })
          .catch((error: unknown) =>
            logger.warn({ err: error, job: watch.jobName }, 'could not mark the job announcement ended'),
          );
      },
    }),
    usageStore,
    usageReports: createUsageReporter({ store: usageStore, prices: config.admin.prices, now }),
    access,
    accessAdmin: createAccessAdmin({
      store: accessStore,
      guard: access,
      audit,
      names: slackNameResolver(client),
    }),
    usage: createUsageRecorder({
      store: usageStore,
      metrics,
      logger,
      now,
      afterRecord: (call) => access.afterUsage(call),
    }),
    bucket: config.store.bucket,
    now,
    destroy: () => control.destroy(),
  };
}
