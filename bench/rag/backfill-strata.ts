/**
 * Strata's backfill alone in a process, wired as Strata wires it (createRagFeature from config: Titan
 * embeddings over HTTP, LanceDB on disk, index state in DynamoDB, Slack reads paced by the shared
 * scheduler), pointed at the stand-ins of bench/rag/backfill-stand-ins.ts. Driven over IPC by
 * bench/rag/backfill-bench.ts.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { WebClient } from '@slack/web-api';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import type { AnswerDeps } from '../../src/rag/rag.js';
import { createRagFeature } from '../../src/rag/rag-feature.js';
import { EditScheduler } from '../../src/slack/edit-scheduler.js';
import { slackApiBudgets } from '../../src/slack/slack-budgets.js';
import { createDocumentClient, createStrataTable } from '../../src/store/table.js';
import type { BackfillOutcome, StrataArgs, StrataReply, StrataRequest } from './backfill-messages.js';

const { scenario, dimensions, standIns } = JSON.parse(process.argv[2] ?? '{}') as StrataArgs;
const { endpoints } = standIns;
Object.assign(process.env, {
  AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
  AWS_ENDPOINT_URL_BEDROCK_RUNTIME: endpoints.bedrockRuntime,
  AWS_REGION: endpoints.region,
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
});
const dir = await mkdtemp(join(tmpdir(), 'strata-bench-backfill-'));
// Strata's defaults (STRATA_EMBEDDING_CONCURRENCY may come from the environment), the page size under test,
// and no ANN build at the end (the search part of bench:rag measures that).
const { STRATA_EMBEDDING_CONCURRENCY } = process.env;
const config = loadConfig({
  ...(STRATA_EMBEDDING_CONCURRENCY ? { STRATA_EMBEDDING_CONCURRENCY } : {}),
  STRATA_VECTOR_URI: dir,
  STRATA_EMBEDDING_DIMENSIONS: String(dimensions),
  STRATA_HISTORY_PAGE_SIZE: String(scenario.pageSize),
  STRATA_VECTOR_ANN_MIN_ROWS: '100000000',
});
const logger = createLogger({ level: 'silent' });
const rag = createRagFeature({
  config: config.rag,
  region: endpoints.region,
  table: createStrataTable({
    documentClient: createDocumentClient({ region: endpoints.region }),
    tableName: standIns.tableName,
  }),
  readClient: new WebClient(standIns.botToken, {
    slackApiUrl: standIns.apiUrl,
    rejectRateLimitedCalls: true,
  }),
  postClient: new WebClient(standIns.botToken, { slackApiUrl: standIns.apiUrl }),
  // With limits on, Strata's own budgets (Tier 3, its backfill share); with them off, unpaced.
  scheduler: new EditScheduler({
    limits: slackApiBudgets(
      scenario.slackLimits
        ? {
            historyPerMinute: config.rag.historyCallsPerMinute,
            backgroundShare: config.rag.backfillRateShare,
          }
        : { historyPerMinute: 1_000_000, backgroundShare: 1 },
    ),
  }),
  logger,
});
const notUsed = {
  gateway: {},
  replies: {},
  chat: { modelId: 'unused', maxTokens: 1 },
} as unknown as AnswerDeps;

async function backfill(): Promise<BackfillOutcome> {
  const cpu = process.cpuUsage();
  const loop = performance.eventLoopUtilization();
  const started = performance.now();
  const added = await rag.admin.add({ id: standIns.channel }, 'U0ADMIN');
  if (!added.job) throw new Error(`backfill did not start: ${added.text}`);
  await rag.run(added.job, notUsed);
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const utilization = performance.eventLoopUtilization(loop).utilization;
  const channel = (await rag.admin.status()).find((c) => c.channel === standIns.channel);
  return {
    seconds,
    indexed: channel?.indexedMessages ?? 0,
    status: channel?.status ?? 'missing',
    cpuMs: Math.round((used.user + used.system) / 1000),
    eventLoopUtilization: Math.round(utilization * 100) / 100,
    embeddingConcurrency: config.rag.embeddingConcurrency,
  };
}

const reply = (message: StrataReply) => process.send?.(message);
process.on('disconnect', () => process.exit(1));
process.on('message', async (request: StrataRequest) => {
  switch (request.type) {
    case 'run':
      reply(
        await backfill().then(
          (outcome) => ({ type: 'result', outcome }),
          (error: unknown) => ({
            type: 'result',
            error: error instanceof Error ? error.message : String(error),
          }),
        ),
      );
      break;
    case 'close':
      await rag.close();
      await rm(dir, { recursive: true, force: true });
      reply({ type: 'closed' });
      process.exit(0);
  }
});
reply({ type: 'ready' });
