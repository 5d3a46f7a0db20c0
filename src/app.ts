import { App, LogLevel, type Receiver } from '@slack/bolt';
import { WebClient, type WebClientOptions } from '@slack/web-api';
import { type AdminPolicy, createAdminPolicy } from './access/admin-policy.js';
import { createAdminServices } from './admin/admin-services.js';
import { createAgentServices } from './agents/agent-deps.js';
import { type BedrockGateway, createBedrockGateway } from './bedrock/gateway.js';
import type { Config } from './config.js';
import { createBedrockCommandRunner } from './handlers/commands/bedrock.js';
import { createBedrockSubcommands } from './handlers/commands/bedrock-registry.js';
import { registerHandlers } from './handlers/index.js';
import { createImageFeature } from './images/image-feature.js';
import { ThreadedHTTPReceiver } from './ingress/threaded-http-receiver.js';
import { createJobRunner, type Job, type JobContext, type JobDeps } from './jobs.js';
import { createJournaledQueue } from './journaled-queue.js';
import { type Logger, toBoltLogger } from './log.js';
import { createRagFeature, resumeIndexing } from './rag/rag-feature.js';
import { EditScheduler } from './slack/edit-scheduler.js';
import { slackApiBudgets } from './slack/slack-budgets.js';
import { createReplyWriter } from './slack/stream-writer.js';
import { createNotifier } from './sql/slack/notify.js';
import { createSqlDeps } from './sql/sql-deps.js';
import { createS3BlobStore } from './store/blob-store.js';
import { createDynamoEventReceipts, type EventReceipts } from './store/event-receipts.js';
import { createDynamoJobJournal } from './store/job-journal.js';
import { createDynamoReplyStops } from './store/reply-stops.js';
import { createDynamoSettingsStore } from './store/settings-store.js';
import { createDocumentClient, createStrataTable, type StrataTable } from './store/table.js';
import { createDynamoThreadStore } from './store/thread-store.js';
import type { WorkQueue } from './work-queue.js';

export interface SlackConnection {
  token: string;
  signingSecret?: string | undefined;
  /** Socket Mode when set. */
  appToken?: string | undefined;
  apiUrl?: string | undefined;
}

/** What the workers need: stores, the model gateway and Slack clients. Shared by every deployment shape. */
export interface Services extends JobDeps {
  table: StrataTable;
  receipts: EventReceipts;
  admins: AdminPolicy;
  gateway: BedrockGateway;
}

export function createServices(config: Config, slack: SlackConnection, logger: Logger): Services {
  const table = createStrataTable({
    documentClient: createDocumentClient({ region: config.aws.region }),
    tableName: config.store.tableName,
  });
  const clientOptions = slackClientOptions(slack, logger);
  // One budget of Slack calls per method for streamed replies and history reads alike.
  const scheduler = new EditScheduler({
    limits: slackApiBudgets({
      historyPerMinute: config.rag.historyCallsPerMinute,
      backgroundShare: config.rag.backfillRateShare,
    }),
  });
  const adminClient = new WebClient(slack.token, clientOptions);
  const admins = createAdminPolicy(config.admins, {
    group: config.admin.group
      ? {
          groupId: config.admin.group,
          members: async (usergroup) => (await adminClient.usergroups.users.list({ usergroup })).users ?? [],
        }
      : undefined,
    logger,
  });
  const adminTools = createAdminServices({
    config,
    table,
    client: adminClient,
    logger,
    admins,
    adminRecipients: async () => [
      ...config.admins,
      ...(config.admin.group
        ? ((await adminClient.usergroups.users.list({ usergroup: config.admin.group })).users ?? [])
        : []),
    ],
    settings: createDynamoSettingsStore({ table }),
  });
  return {
    table,
    adminTools,
    usage: adminTools.usage,
    audit: adminTools.audit,
    access: adminTools.access,
    models: adminTools.models,
    logger,
    chat: config.chat,
    client: new WebClient(slack.token, clientOptions),
    admins,
    receipts: createDynamoEventReceipts({ table, ttlSeconds: config.store.eventTtlSeconds }),
    threads: createDynamoThreadStore({ table }),
    settings: createDynamoSettingsStore({ table }),
    stops: createDynamoReplyStops({ table }),
    gateway: createBedrockGateway({
      region: config.aws.region,
      idleTimeoutMs: config.chat.idleTimeoutMs,
      logger,
    }),
    images: createImageFeature({
      region: config.aws.region,
      table,
      blobs: createS3BlobStore({
        bucket: config.store.bucket,
        region: config.aws.region,
        forcePathStyle: config.mode === 'local',
        ...(config.admin.kmsKeyId ? { kmsKeyId: config.admin.kmsKeyId } : {}),
      }),
      settings: config.images,
      logger,
    }),
    sql: createSqlDeps({
      config: config.sql,
      table,
      blobs: createS3BlobStore({
        bucket: config.store.bucket,
        region: config.aws.region,
        forcePathStyle: config.mode === 'local',
        ...(config.admin.kmsKeyId ? { kmsKeyId: config.admin.kmsKeyId } : {}),
      }),
      admins,
    }),
    agents: createAgentServices({
      table,
      region: config.aws.region,
      idleTimeoutMs: config.agents.idleTimeoutMs,
      settings: {
        defaultAgent: config.agents.defaultAgent,
        sessionIdleMs: config.agents.sessionIdleSeconds * 1000,
      },
      audit: adminTools.audit,
      usage: adminTools.usage,
      access: adminTools.access,
      logger,
    }),
    // History reads get their own client too: the indexing pacer honours each 429's Retry-After itself.
    rag: createRagFeature({
      config: config.rag,
      region: config.aws.region,
      table,
      readClient: new WebClient(slack.token, { ...clientOptions, rejectRateLimitedCalls: true }),
      postClient: new WebClient(slack.token, clientOptions),
      scheduler,
      logger,
    }),
    // Streamed replies get their own client: 429s surface to the shared scheduler instead of stalling inside the client.
    replies: createReplyWriter({
      client: new WebClient(slack.token, {
        ...clientOptions,
        rejectRateLimitedCalls: true,
        retryConfig: { retries: 2, factor: 2, minTimeout: 250, maxTimeout: 2000 },
      }),
      scheduler,
      mode: config.chat.streaming,
    }),
  };
}

/**
 * What runs the queued jobs, the server's in-process queue and the Lambda worker alike: the features' jobs
 * and the `/bedrock` subcommands the handler acked. `queue` takes the follow-up jobs they start.
 */
export function createJobHandler(
  services: Services,
  queue: WorkQueue<Job>,
): (job: Job, context?: JobContext) => Promise<void> {
  const { admins, logger, client } = services;
  const bedrockCommand = createBedrockCommandRunner({
    subcommands: createBedrockSubcommands({ ...services, queue }),
    admins,
    logger,
    audit: services.adminTools.audit,
    client,
    notifier: createNotifier(client),
  });
  return createJobRunner(services, bedrockCommand);
}

/** The Bolt app: verifies and acks Slack's requests, dedupes events, and hands work to the queue. */
export function createSlackApp(options: {
  slack: SlackConnection;
  receiver: Receiver | undefined;
  queue: WorkQueue<Job>;
  services: Services;
}): App {
  const { slack, receiver, services } = options;
  const { logger } = services;
  const app = new App({
    token: slack.token,
    ...(receiver ? { receiver } : { socketMode: true, appToken: slack.appToken }),
    clientOptions: slackClientOptions(slack, logger),
    logger: toBoltLogger(logger),
    logLevel: LogLevel.INFO,
  });
  registerHandlers(app, { ...services, queue: options.queue });
  return app;
}

export interface Strata {
  app: App;
  queue: WorkQueue<Job>;
  /** Starts the receiver; returns the HTTP port it listens on (undefined in Socket Mode). */
  start(port: number, host?: string): Promise<number | undefined>;
  stop(): Promise<void>;
}

/** The long-running server: Bolt's HTTP (or Socket Mode) receiver and an in-process work queue. */
export function createStrata(config: Config, slack: SlackConnection, logger: Logger): Strata {
  const services = createServices(config, slack, logger);
  const receiver = slack.appToken ? undefined : new ThreadedHTTPReceiver(slack.signingSecret ?? '', logger);
  const queue = createJournaledQueue<Job>({
    journal: createDynamoJobJournal({ table: services.table }),
    concurrency: config.work.concurrency,
    logger,
    run: (job, context) => runJob(job, context),
  });
  const runJob = createJobHandler(services, queue);
  const app = createSlackApp({ slack, receiver, queue, services });

  return {
    app,
    queue,
    async start(port, host = '0.0.0.0') {
      if (receiver === undefined) {
        await app.start();
        await queue.recover();
        services.adminTools.watcher.start();
        void resumeIndexing(services.rag, queue, logger);
        return undefined;
      }
      const listening = await receiver.start(port, host);
      await queue.recover();
      services.adminTools.watcher.start();
      void resumeIndexing(services.rag, queue, logger);
      return listening;
    },
    async stop() {
      await app.stop();
      await services.adminTools.watcher.stop();
      await queue.close();
      services.adminTools.destroy();
      services.gateway.destroy();
      services.agents.runtime.destroy();
      await services.rag.close();
      services.images.gateway.destroy();
    },
  };
}

function slackClientOptions(slack: SlackConnection, logger: Logger): WebClientOptions {
  return { ...(slack.apiUrl ? { slackApiUrl: slack.apiUrl } : {}), logger: toBoltLogger(logger) };
}
