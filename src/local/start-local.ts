import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStrata, type Strata } from '../app.js';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import { ensureBucket } from '../store/blob-store.js';
import { ensureTable } from '../store/ensure-table.js';
import { createDynamoClient } from '../store/table.js';
import { type LocalBedrock, startLocalBedrock } from './bedrock/bedrock-server.js';
import { createLocalEngine } from './bedrock/local-engine.js';
import { createOpenAiEngine } from './bedrock/openai-forwarder.js';
import type { ReplyEngine } from './bedrock/reply-engine.js';
import { startLocalDynamo } from './dynamo-server.js';
import { startLocalS3 } from './s3-server.js';
import { type SlackEmulator, startSlackEmulator } from './slack/slack-emulator.js';

export interface LocalStrata {
  /** The playground, e.g. http://localhost:3000 */
  url: string;
  slack: SlackEmulator;
  bedrock: LocalBedrock;
  strata: Strata;
  close(): Promise<void>;
}

export interface LocalOptions {
  /** Keep data under config.local.dataDir between runs (npm start); false keeps it in a temp dir (tests). */
  persist: boolean;
  /** Delay between local-model chunks, so streaming is visible in the playground. */
  chunkDelayMs?: number;
  /** Replaces the local model (benchmarks drive their own token stream). */
  engine?: ReplyEngine;
  /** Slack's rate limits in the emulator; default on when persisting (npm start), off in tests. */
  slackRateLimits?: boolean;
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
  const dataDir = options.persist ? config.local.dataDir : await mkdtemp(join(tmpdir(), 'strata-'));
  await mkdir(join(dataDir, 's3'), { recursive: true });

  const dynamo = await startLocalDynamo(options.persist ? { dir: join(dataDir, 'dynamodb') } : {});
  const s3 = await startLocalS3({ dir: join(dataDir, 's3') });
  const engine =
    options.engine ??
    (config.local.llmUrl
      ? createOpenAiEngine({ baseUrl: config.local.llmUrl, model: config.local.llmModel })
      : createLocalEngine({ chunkDelayMs: options.chunkDelayMs ?? 25 }));
  const bedrock = await startLocalBedrock({ engine, logger: logger.child({ component: 'local-bedrock' }) });
  pointSdkAt({
    dynamodb: dynamo.endpoint,
    s3: s3.endpoint,
    bedrockRuntime: bedrock.endpoint,
    region: config.aws.region,
  });

  await ensureTable({
    client: createDynamoClient({ region: config.aws.region }),
    tableName: config.store.tableName,
  });
  await ensureBucket({ bucket: config.store.bucket, region: config.aws.region, forcePathStyle: true });

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
  const strata = createStrata(config, { token: botToken, signingSecret, apiUrl: slack.apiUrl }, logger);
  const receiverPort = await strata.start(0, '127.0.0.1');
  slack.setEventsUrl(`http://127.0.0.1:${receiverPort}/slack/events`);

  return {
    url: slack.url.replace('127.0.0.1', 'localhost'),
    slack,
    bedrock,
    strata,
    async close() {
      await strata.stop();
      await slack.close();
      await bedrock.close();
      await s3.close();
      await dynamo.close();
      if (!options.persist) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

function pointSdkAt(endpoints: {
  dynamodb: string;
  s3: string;
  bedrockRuntime: string;
  region: string;
}): void {
  process.env.AWS_ENDPOINT_URL_DYNAMODB = endpoints.dynamodb;
  process.env.AWS_ENDPOINT_URL_S3 = endpoints.s3;
  process.env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME = endpoints.bedrockRuntime;
  process.env.AWS_REGION = endpoints.region;
  // The stand-ins don't check signatures, but the SDK signs every request, so it needs some credentials.
  process.env.AWS_ACCESS_KEY_ID = 'local';
  process.env.AWS_SECRET_ACCESS_KEY = 'local';
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;
}
