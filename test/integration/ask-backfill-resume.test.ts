import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '@lancedb/lancedb';
import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTitanEmbeddings, type EmbeddingGateway } from '../../src/bedrock/embeddings.js';
import { type LocalBedrock, startLocalBedrock } from '../../src/local/bedrock/bedrock-server.js';
import { type LocalServer, startLocalDynamo } from '../../src/local/dynamo-server.js';
import { postAsPerson } from '../../src/local/slack/people-actions.js';
import { type SlackEmulator, startSlackEmulator } from '../../src/local/slack/slack-emulator.js';
import { createLogger } from '../../src/log.js';
import { type AnswerDeps, createRag, type Rag } from '../../src/rag/rag.js';
import { EditScheduler } from '../../src/slack/edit-scheduler.js';
import { slackApiBudgets } from '../../src/slack/slack-budgets.js';
import { ensureTable } from '../../src/store/ensure-table.js';
import { createDynamoIndexState, type IndexState } from '../../src/store/index-state.js';
import { createDocumentClient, createDynamoClient, createStrataTable } from '../../src/store/table.js';
import { createLanceVectorIndex } from '../../src/store/vector-lancedb.js';

const CHANNEL = 'C0RANDOM';
const DIMS = 256;
const logger = createLogger({ level: 'silent' });
const token = `xoxb-test-${randomBytes(6).toString('hex')}`;

let dynamo: LocalServer;
let bedrock: LocalBedrock;
let slack: SlackEmulator;
let vectorDir: string;
let seeded = 0;

/** Backfills never touch the model or the reply writer. */
const unusedAnswerDeps = {
  gateway: {
    streamChat: () => {
      throw new Error('not used by backfills');
    },
  },
  replies: {
    start: () => {
      throw new Error('not used by backfills');
    },
  },
  chat: { modelId: 'unused', maxTokens: 1 },
} as unknown as AnswerDeps;

beforeAll(async () => {
  dynamo = await startLocalDynamo();
  bedrock = await startLocalBedrock({ logger });
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    AWS_ENDPOINT_URL_BEDROCK_RUNTIME: bedrock.endpoint,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
  });
  await ensureTable({ client: createDynamoClient({ region: 'us-east-1' }), tableName: 'resume-test' });
  // Slack's own per-method limits are on: the backfill has to pace itself and honour Retry-After.
  slack = await startSlackEmulator({ signingSecret: 'secret', botToken: token, rateLimits: true });
  vectorDir = await mkdtemp(join(tmpdir(), 'strata-resume-'));
  for (let i = 0; i < 260; i++) {
    const parent = postAsPerson(slack.workspace, {
      user: 'U0ALICE',
      channel: CHANNEL,
      text: `Status note ${i}: the billing migration step ${i} is done.`,
    });
    seeded += 1;
    if (i % 20 === 0) {
      postAsPerson(slack.workspace, {
        user: 'U0BOB',
        channel: CHANNEL,
        text: `Reply to note ${i}: verified.`,
        thread_ts: parent.message.ts,
      });
      seeded += 1;
    }
  }
});
afterAll(async () => {
  await slack?.close();
  await bedrock?.close();
  await dynamo?.close();
  await rm(vectorDir, { recursive: true, force: true });
});

function startWorker(embeddings: EmbeddingGateway): { rag: Rag; state: IndexState } {
  const table = createStrataTable({
    documentClient: createDocumentClient({ region: 'us-east-1' }),
    tableName: 'resume-test',
  });
  const state = createDynamoIndexState({ table });
  const rag = createRag({
    readClient: new WebClient(token, { slackApiUrl: slack.apiUrl, rejectRateLimitedCalls: true }),
    postClient: new WebClient(token, { slackApiUrl: slack.apiUrl }),
    // Paced well past the emulator's Tier 3, so Slack has to say 429 and the backfill has to wait.
    scheduler: new EditScheduler({ limits: slackApiBudgets({ historyPerMinute: 600, backgroundShare: 1 }) }),
    embeddings,
    vectors: createLanceVectorIndex({
      uri: vectorDir,
      dimensions: DIMS,
      ann: { minRows: 100_000, ef: 50, refineFactor: 4 },
    }),
    state,
    settings: {
      topK: 5,
      minScore: 0.2,
      pageSize: 100,
      membershipTtlMs: 60_000,
      includeBots: false,
    },
    logger,
  });
  return { rag, state };
}

const titan = () =>
  createTitanEmbeddings({
    region: 'us-east-1',
    modelId: 'amazon.titan-embed-text-v2:0',
    dimensions: DIMS,
    concurrency: 4,
    maxRetries: 2,
  });

describe('a backfill interrupted by a restart', () => {
  it('resumes from the saved cursor on the next start and indexes every message exactly once', async () => {
    // The first worker dies while embedding its third page (its promise simply never settles).
    const real = titan();
    let state: IndexState | undefined;
    const dying: EmbeddingGateway = {
      modelId: real.modelId,
      dimensions: real.dimensions,
      embed: async (texts) => {
        if (((await state?.get(CHANNEL))?.pages ?? 0) >= 2) return new Promise(() => {});
        return real.embed(texts);
      },
    };
    const first = startWorker(dying);
    state = first.state;
    const added = await first.rag.admin.add({ name: 'random' }, 'U0ADMIN');
    expect(added.job).toBeDefined();
    if (!added.job) return;
    void first.rag.run(added.job, unusedAnswerDeps);
    const interrupted = await poll(async () => {
      const saved = await first.state.get(CHANNEL);
      return saved && saved.pages >= 2 ? saved : undefined;
    });
    expect(interrupted).toMatchObject({ status: 'backfilling', pages: 2 });
    expect(interrupted.cursor).toBeDefined();

    // A new process starts: it finds the unfinished backfill and carries on from the saved cursor.
    const second = startWorker(titan());
    const pending = await second.rag.pendingBackfills();
    expect(pending).toEqual([added.job]);
    const callsBefore = slack.calls.length;
    await second.rag.run(added.job, unusedAnswerDeps);

    // The pacer allowed more than the emulator's Tier 3: Slack said 429, and the backfill waited and went on.
    expect(Object.values(slack.rateLimited).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    const historyCalls = slack.calls.slice(callsBefore).filter((c) => c.method === 'conversations.history');
    expect(historyCalls[0]?.params.cursor).toBe(interrupted.cursor);
    const done = await second.state.get(CHANNEL);
    expect(done).toMatchObject({ status: 'ready', pages: 3 });
    expect(done?.cursor).toBeUndefined();

    const table = await (await connect(vectorDir)).openTable(`chunks_${DIMS}`);
    const rows = await table.query().where(`channel = '${CHANNEL}'`).select(['id', 'ts', 'part']).toArray();
    const ids = rows.map((r: { id: string }) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(rows.filter((r: { part: number }) => r.part === 0)).toHaveLength(seeded);
    await second.rag.close();
  }, 60_000);
});

async function poll<T>(check: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
