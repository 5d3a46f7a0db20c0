import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTitanEmbeddings } from '../../src/bedrock/embeddings.js';
import { type LocalBedrock, startLocalBedrock } from '../../src/local/bedrock/bedrock-server.js';
import { type LocalServer, startLocalDynamo } from '../../src/local/dynamo-server.js';
import { postAsPerson } from '../../src/local/slack/people-actions.js';
import { type SlackEmulator, startSlackEmulator } from '../../src/local/slack/slack-emulator.js';
import { createLogger } from '../../src/log.js';
import { type AnswerDeps, createRag } from '../../src/rag/rag.js';
import { EditScheduler } from '../../src/slack/edit-scheduler.js';
import { slackApiBudgets } from '../../src/slack/slack-budgets.js';
import { ensureTable } from '../../src/store/ensure-table.js';
import { createDynamoIndexState } from '../../src/store/index-state.js';
import { createDocumentClient, createDynamoClient, createStrataTable } from '../../src/store/table.js';
import { createLanceVectorIndex } from '../../src/store/vector-lancedb.js';

const CHANNEL = 'C0RANDOM';
const logger = createLogger({ level: 'silent' });
const token = `xoxb-test-${randomBytes(6).toString('hex')}`;
const notUsed = {
  gateway: {},
  replies: {},
  chat: { modelId: 'unused', maxTokens: 1 },
} as unknown as AnswerDeps;

/** Simulated minutes: Slack's buckets and Strata's scheduler both run on this clock. */
let clock = 1_764_090_000_000;
const timers: Array<{ at: number; fn: () => void }> = [];
function advance(ms: number) {
  const until = clock + ms;
  timers.sort((a, b) => a.at - b.at);
  while (timers[0] !== undefined && timers[0].at <= until) {
    const due = timers.shift();
    clock = due?.at ?? clock;
    due?.fn();
  }
  clock = until;
}

let dynamo: LocalServer;
let bedrock: LocalBedrock;
let slack: SlackEmulator;
let dir: string;

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
  await ensureTable({ client: createDynamoClient({ region: 'us-east-1' }), tableName: 'limits-2025' });
  // What Slack gives a non-Marketplace distributed app since 2025: history and replies at 1 call a minute.
  const tier2025 = { perMinute: 1, burst: 1 };
  slack = await startSlackEmulator({
    signingSecret: 'secret',
    botToken: token,
    now: () => clock,
    rateLimits: { methods: { 'conversations.history': tier2025, 'conversations.replies': tier2025 } },
  });
  dir = await mkdtemp(join(tmpdir(), 'strata-2025-'));
  for (let i = 0; i < 40; i++) {
    const parent = postAsPerson(slack.workspace, {
      user: 'U0ALICE',
      channel: CHANNEL,
      text: `Status note ${i}: billing migration step ${i} is done.`,
    });
    if (i === 7) {
      postAsPerson(slack.workspace, {
        user: 'U0BOB',
        channel: CHANNEL,
        text: 'Verified step 7.',
        thread_ts: parent.message.ts,
      });
    }
  }
});
afterAll(async () => {
  await slack?.close();
  await bedrock?.close();
  await dynamo?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('a backfill under the 2025 history limits', () => {
  it('reads 15 messages a page, within its share of one call a minute, with no 429 and nothing lost', async () => {
    const embeddings = createTitanEmbeddings({
      region: 'us-east-1',
      modelId: 'amazon.titan-embed-text-v2:0',
      dimensions: 256,
      concurrency: 4,
      maxRetries: 2,
    });
    const vectors = createLanceVectorIndex({
      uri: dir,
      dimensions: 256,
      ann: { minRows: 100_000, ef: 50, refineFactor: 4 },
    });
    const state = createDynamoIndexState({
      table: createStrataTable({
        documentClient: createDocumentClient({ region: 'us-east-1' }),
        tableName: 'limits-2025',
      }),
    });
    const rag = createRag({
      readClient: new WebClient(token, { slackApiUrl: slack.apiUrl, rejectRateLimitedCalls: true }),
      postClient: new WebClient(token, { slackApiUrl: slack.apiUrl }),
      scheduler: new EditScheduler({
        limits: slackApiBudgets({ historyPerMinute: 1, backgroundShare: 0.5 }),
        now: () => clock,
        setTimer: (fn, ms) => timers.push({ at: clock + ms, fn }),
      }),
      embeddings,
      vectors,
      state,
      settings: {
        topK: 5,
        minScore: 0.2,
        pageSize: 15,
        membershipTtlMs: 60_000,
        includeBots: false,
      },
      logger,
    });

    const added = await rag.admin.add({ id: CHANNEL }, 'U0ADMIN');
    if (!added.job) throw new Error(added.text);
    let finished = false;
    const run = rag.run(added.job, notUsed).finally(() => {
      finished = true;
    });
    // Ten simulated seconds per real tick, bounded: the backfill needs about eight simulated minutes.
    for (let tick = 0; tick < 1500 && !finished; tick++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      advance(10_000);
    }
    await run;

    const reads = slack.calls.filter(
      (c) => c.method === 'conversations.history' || c.method === 'conversations.replies',
    );
    // Three history pages (15, 15, 10) and the one thread.
    expect(reads.map((c) => c.method).sort()).toEqual([
      'conversations.history',
      'conversations.history',
      'conversations.history',
      'conversations.replies',
    ]);
    expect(reads.every((c) => c.params.limit === '15' || c.params.limit === 15)).toBe(true);
    const history = reads.filter((c) => c.method === 'conversations.history');
    for (let i = 1; i < history.length; i++) {
      // Half of one call a minute each (120 s apart; the whole tier would allow 60 s): the other half is
      // left for interactive reads. The emulator stamps a call when it arrives, which can be one simulated
      // 10 s tick after Strata sent it, so two stamps can be a tick closer than the sends were.
      expect((history[i]?.at ?? 0) - (history[i - 1]?.at ?? 0)).toBeGreaterThanOrEqual(120_000 - 10_000);
    }
    expect(slack.rateLimited).toEqual({});
    expect(await state.get(CHANNEL)).toMatchObject({ status: 'ready', pages: 3, threadsScanned: 1 });
    expect(await vectors.countMessages(CHANNEL)).toBe(41);
    await rag.close();
    embeddings.destroy();
  }, 60_000);
});
