import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { WebClient } from '@slack/web-api';
import { createTitanEmbeddings } from '../../src/bedrock/embeddings.js';
import { startLocalBedrock } from '../../src/local/bedrock/bedrock-server.js';
import { startLocalDynamo } from '../../src/local/dynamo-server.js';
import { postAsPerson } from '../../src/local/slack/people-actions.js';
import { startSlackEmulator } from '../../src/local/slack/slack-emulator.js';
import { createLogger } from '../../src/log.js';
import { generateMessage, pick, seededRandom, TOPICS } from '../../src/rag/demo/message-generator.js';
import { type AnswerDeps, createRag } from '../../src/rag/rag.js';
import { EditScheduler } from '../../src/slack/edit-scheduler.js';
import { slackApiBudgets } from '../../src/slack/slack-budgets.js';
import { ensureTable } from '../../src/store/ensure-table.js';
import { createDynamoIndexState } from '../../src/store/index-state.js';
import { createDocumentClient, createDynamoClient, createStrataTable } from '../../src/store/table.js';
import { createLanceVectorIndex, DEFAULT_ANN } from '../../src/store/vector-lancedb.js';

export interface BackfillScenario {
  name: string;
  messages: number;
  /** Share of top-level messages that start a thread (with three replies). */
  threadRatio: number;
  /** The emulator answers 429 + Retry-After past Slack's documented tiers. */
  slackLimits: boolean;
}

const CHANNEL = 'C0RANDOM';
const logger = createLogger({ level: 'silent' });
const notUsed = {
  gateway: {},
  replies: {},
  chat: { modelId: 'unused', maxTokens: 1 },
} as unknown as AnswerDeps;

/**
 * Backfill throughput through the real path: the Slack emulator's Web API (history, replies, users), the
 * local Bedrock endpoint for Titan embeddings over HTTP, DynamoDB (dynalite) for progress, LanceDB on disk.
 */
export async function backfillBench(scenario: BackfillScenario, dimensions: number) {
  const dynamo = await startLocalDynamo();
  const bedrock = await startLocalBedrock({ logger });
  const token = `xoxb-bench-${randomBytes(6).toString('hex')}`;
  const slack = await startSlackEmulator({
    signingSecret: 'bench',
    botToken: token,
    rateLimits: scenario.slackLimits,
  });
  const dir = await mkdtemp(join(tmpdir(), 'strata-bench-backfill-'));
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    AWS_ENDPOINT_URL_BEDROCK_RUNTIME: bedrock.endpoint,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
  });
  try {
    await ensureTable({ client: createDynamoClient({ region: 'us-east-1' }), tableName: 'bench' });
    const seeded = seed(slack.workspace, scenario);
    const embeddings = createTitanEmbeddings({
      region: 'us-east-1',
      modelId: 'amazon.titan-embed-text-v2:0',
      dimensions: dimensions as 256 | 512 | 1024,
      concurrency: 8,
      maxRetries: 3,
    });
    const rag = createRag({
      readClient: new WebClient(token, { slackApiUrl: slack.apiUrl, rejectRateLimitedCalls: true }),
      postClient: new WebClient(token, { slackApiUrl: slack.apiUrl }),
      // Strata's defaults with limits on (Tier 3, half of it for backfills); unpaced when they are off.
      scheduler: new EditScheduler({
        limits: slackApiBudgets(
          scenario.slackLimits
            ? { historyPerMinute: 50, backgroundShare: 0.5 }
            : { historyPerMinute: 1_000_000, backgroundShare: 1 },
        ),
      }),
      embeddings,
      vectors: createLanceVectorIndex({ uri: dir, dimensions, ann: { ...DEFAULT_ANN, minRows: 1_000_000 } }),
      state: createDynamoIndexState({
        table: createStrataTable({
          documentClient: createDocumentClient({ region: 'us-east-1' }),
          tableName: 'bench',
        }),
      }),
      settings: {
        topK: 8,
        minScore: 0.2,
        pageSize: 999,
        membershipTtlMs: 60_000,
        includeBots: false,
      },
      logger,
    });
    const started = performance.now();
    const added = await rag.admin.add({ id: CHANNEL }, 'U0ADMIN');
    if (!added.job) throw new Error(`backfill did not start: ${added.text}`);
    await rag.run(added.job, notUsed);
    const seconds = (performance.now() - started) / 1000;
    const calls = countBy(slack.calls.map((c) => c.method));
    await rag.close();
    embeddings.destroy();
    return {
      ...scenario,
      messages: seeded.messages,
      threads: seeded.threads,
      seconds: Math.round(seconds * 10) / 10,
      messages_per_second: Math.round(seeded.messages / seconds),
      slack_calls: calls,
      slack_429s: { ...slack.rateLimited },
    };
  } finally {
    await slack.close();
    await bedrock.close();
    await dynamo.close();
    await rm(dir, { recursive: true, force: true });
  }
}

function seed(workspace: Parameters<typeof postAsPerson>[0], scenario: BackfillScenario) {
  const random = seededRandom(99);
  const people = ['U0ALICE', 'U0BOB', 'U0ADMIN'];
  let messages = 0;
  let threads = 0;
  while (messages < scenario.messages) {
    const topic = pick(random, TOPICS);
    const parent = postAsPerson(workspace, {
      user: pick(random, people),
      channel: CHANNEL,
      text: generateMessage(random, topic),
    });
    messages += 1;
    if (random() < scenario.threadRatio) {
      threads += 1;
      for (let r = 0; r < 3 && messages < scenario.messages; r++) {
        postAsPerson(workspace, {
          user: pick(random, people),
          channel: CHANNEL,
          text: generateMessage(random, topic),
          thread_ts: parent.message.ts,
        });
        messages += 1;
      }
    }
  }
  return { messages, threads };
}

function countBy(values: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}
