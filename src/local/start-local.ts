import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStrata, type Strata } from '../app.js';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import { withGroundedAnswers } from '../rag/demo/grounded-engine.js';
import { seedDemoHistory } from '../rag/demo/seed-demo.js';
import { createS3Client, ensureBucket } from '../store/blob-store.js';
import { ensureTable } from '../store/ensure-table.js';
import { createDynamoClient } from '../store/table.js';
import { type LocalBedrock, startLocalBedrock } from './bedrock/bedrock-server.js';
import { createLocalEngine } from './bedrock/local-engine.js';
import { createOpenAiEngine } from './bedrock/openai-forwarder.js';
import type { ReplyEngine } from './bedrock/reply-engine.js';
import { type LocalAgentRuntime, startLocalAgentRuntime } from './bedrock-agent/agent-runtime-server.js';
import { prepareLocalShop, withLocalShopAgent } from './bedrock-agent/local-shop.js';
import { type LocalBedrockControl, startLocalBedrockControl } from './bedrock-control/control-server.js';
import { s3Objects } from './bedrock-control/s3-objects.js';
import { type LocalDynamo, startLocalDynamo } from './dynamo-server.js';
import { startLocalS3 } from './s3-server.js';
import { type SlackEmulator, startSlackEmulator } from './slack/slack-emulator.js';

export interface LocalStrata {
  /** The playground, e.g. http://localhost:3000 */
  url: string;
  slack: SlackEmulator;
  bedrock: LocalBedrock;
  /** The Bedrock control plane: model catalog and customization jobs. */
  bedrockControl: LocalBedrockControl;
  /** Bedrock Agents (InvokeAgent), serving the ecommerce agent with its real Lambda code. */
  agentRuntime: LocalAgentRuntime;
  /** The local DynamoDB, with fault injection for tests. */
  dynamo: LocalDynamo;
  strata: Strata;
  /** Where the emulator delivers signed requests: Strata's real receiver. */
  eventsUrl: string;
  /** The local, per-run Slack credentials (for tests that forge or scan for them). */
  credentials: { botToken: string; signingSecret: string };
  close(): Promise<void>;
}

export interface LocalOptions {
  /** Keep data under config.local.dataDir between runs (npm start); false keeps it in a temp dir (tests). */
  persist: boolean;
  /** Delay between local-model chunks (default LOCAL_MODEL_CHUNK_DELAY_MS); tests use 0. */
  chunkDelayMs?: number;
  /** Replaces the local model (benchmarks drive their own token stream). */
  engine?: ReplyEngine;
  /** Slack's rate limits in the emulator; default on when persisting (npm start), off in tests. */
  slackRateLimits?: boolean;
  /** The clock local customization jobs run on (tests move it forward); default Date.now. */
  bedrockControlClock?: () => number;
}

/** The stand-ins' endpoints, as the AWS SDK learns them from AWS_ENDPOINT_URL_<SERVICE>. */
export interface LocalEndpoints {
  dynamodb: string;
  s3: string;
  bedrockRuntime: string;
  bedrock: string;
  bedrockAgentRuntime: string;
  region: string;
}

/** Every local stand-in, without Strata: what local mode points Strata at. */
export interface LocalStandIns {
  slack: SlackEmulator;
  bedrock: LocalBedrock;
  bedrockControl: LocalBedrockControl;
  agentRuntime: LocalAgentRuntime;
  dynamo: LocalDynamo;
  endpoints: LocalEndpoints;
  credentials: { botToken: string; signingSecret: string };
  /** The configuration Strata runs with against these stand-ins. */
  strataConfig: Config;
  close(): Promise<void>;
}

/**
 * Local mode: the same Strata, pointed at stand-ins on loopback. Only endpoints change; the AWS SDK
 * learns them from its own AWS_ENDPOINT_URL_<SERVICE> variables, exactly as it would in any other setup.
 */
export async function startLocal(
  config: Config,
  logger: Logger,
  options: LocalOptions,
): Promise<LocalStrata> {
  const standIns = await startStandIns(config, logger, options);
  const { slack, credentials } = standIns;
  const strata = createStrata(
    standIns.strataConfig,
    { token: credentials.botToken, signingSecret: credentials.signingSecret, apiUrl: slack.apiUrl },
    logger,
  );
  const receiverPort = await strata.start(0, '127.0.0.1');
  const eventsUrl = `http://127.0.0.1:${receiverPort}/slack/events`;
  slack.setEventsUrl(eventsUrl);

  return {
    url: slack.url.replace('127.0.0.1', 'localhost'),
    slack,
    bedrock: standIns.bedrock,
    bedrockControl: standIns.bedrockControl,
    agentRuntime: standIns.agentRuntime,
    dynamo: standIns.dynamo,
    strata,
    eventsUrl,
    credentials,
    async close() {
      await strata.stop();
      await standIns.close();
    },
  };
}

/**
 * The stand-ins local mode runs, without Strata: benchmarks run Strata in a process of its own, built
 * with `createStrata(strataConfig, …)` after `pointSdkAt(endpoints)`. This process's SDK points at them too.
 */
export async function startStandIns(
  config: Config,
  logger: Logger,
  options: LocalOptions,
): Promise<LocalStandIns> {
  const dataDir = options.persist ? config.local.dataDir : await mkdtemp(join(tmpdir(), 'strata-'));
  await mkdir(join(dataDir, 's3'), { recursive: true });

  const dynamo = await startLocalDynamo(options.persist ? { dir: join(dataDir, 'dynamodb') } : {});
  const s3 = await startLocalS3({ dir: join(dataDir, 's3') });
  const engine =
    options.engine ??
    (config.local.llmUrl
      ? createOpenAiEngine({ baseUrl: config.local.llmUrl, model: config.local.llmModel })
      : withGroundedAnswers(
          createLocalEngine({ chunkDelayMs: options.chunkDelayMs ?? config.local.chunkDelayMs }),
          {
            chunkDelayMs: options.chunkDelayMs ?? config.local.chunkDelayMs,
          },
        ));
  const bedrock = await startLocalBedrock({ engine, logger: logger.child({ component: 'local-bedrock' }) });
  const bedrockControl = await startLocalBedrockControl({
    region: config.aws.region,
    jobDurationMs: config.admin.localJobMs,
    storage: s3Objects(createS3Client({ region: config.aws.region, forcePathStyle: true })),
    ...(options.bedrockControlClock ? { now: options.bedrockControlClock } : {}),
    logger: logger.child({ component: 'local-bedrock-control' }),
  });
  const agentRuntime = await startLocalAgentRuntime({
    chunkDelayMs: options.chunkDelayMs ?? config.local.chunkDelayMs,
    logger: logger.child({ component: 'local-bedrock-agent' }),
  });
  const endpoints: LocalEndpoints = {
    dynamodb: dynamo.endpoint,
    s3: s3.endpoint,
    bedrockRuntime: bedrock.endpoint,
    bedrock: bedrockControl.endpoint,
    bedrockAgentRuntime: agentRuntime.endpoint,
    region: config.aws.region,
  };
  pointSdkAt(endpoints);

  await ensureTable({
    client: createDynamoClient({ region: config.aws.region }),
    tableName: config.store.tableName,
  });
  await ensureBucket({ bucket: config.store.bucket, region: config.aws.region, forcePathStyle: true });
  agentRuntime.serve(
    await prepareLocalShop({ region: config.aws.region, tableName: config.agents.ordersTableName, logger }),
  );
  // First start: a demo workspace with history in a few channels, indexed in the background for /ask.
  if (options.persist) {
    await seedDemoHistory({
      dataFile: join(dataDir, 'slack.json'),
      region: config.aws.region,
      tableName: config.store.tableName,
    });
  }

  const signingSecret = randomBytes(32).toString('hex');
  const botToken = `xoxb-local-${randomBytes(12).toString('hex')}`;
  const slack = await startSlackEmulator({
    port: config.port,
    host: config.host,
    signingSecret,
    botToken,
    ...(options.persist ? { dataFile: join(dataDir, 'slack.json') } : {}),
    logger: logger.child({ component: 'slack-emulator' }),
    rateLimits: options.slackRateLimits ?? options.persist,
  });
  // Throwaway runs keep the vector index in their temp dir too.
  const strataConfig = options.persist
    ? config
    : { ...config, rag: { ...config.rag, vectorUri: join(dataDir, 'vectors') } };
  return {
    slack,
    bedrock,
    bedrockControl,
    agentRuntime,
    dynamo,
    endpoints,
    credentials: { botToken, signingSecret },
    strataConfig: withLocalShopAgent(strataConfig),
    async close() {
      await slack.close();
      await bedrock.close();
      await bedrockControl.close();
      await agentRuntime.close();
      await s3.close();
      await dynamo.close();
      if (!options.persist) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Points this process's AWS SDK at the stand-ins. */
export function pointSdkAt(endpoints: LocalEndpoints): void {
  process.env.AWS_ENDPOINT_URL_DYNAMODB = endpoints.dynamodb;
  process.env.AWS_ENDPOINT_URL_S3 = endpoints.s3;
  process.env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME = endpoints.bedrockRuntime;
  process.env.AWS_ENDPOINT_URL_BEDROCK = endpoints.bedrock;
  process.env.AWS_ENDPOINT_URL_BEDROCK_AGENT_RUNTIME = endpoints.bedrockAgentRuntime;
  process.env.AWS_REGION = endpoints.region;
  // The stand-ins don't check signatures, but the SDK signs every request, so it needs some credentials.
  process.env.AWS_ACCESS_KEY_ID = 'local';
  process.env.AWS_SECRET_ACCESS_KEY = 'local';
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;
}
