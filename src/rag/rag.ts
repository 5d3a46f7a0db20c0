import type { WebClient } from '@slack/web-api';
import type { AccessGuard } from '../access/access-guard.js';
import { meteredEmbeddings } from '../access/metered-call.js';
import type { EmbeddingGateway } from '../bedrock/embeddings.js';
import type { ModelGateway } from '../bedrock/gateway.js';
import type { Logger } from '../log.js';
import type { UsageRecorder } from '../metrics.js';
import type { EditScheduler } from '../slack/edit-scheduler.js';
import { apiBudget, backgroundBudget } from '../slack/slack-budgets.js';
import type { ReplyWriter } from '../slack/stream-writer.js';
import type { IndexState } from '../store/index-state.js';
import type { VectorIndex } from '../store/vector-index.js';
import { type AskJob, answerQuestion } from './ask-service.js';
import { type BackfillJob, backfillJob, runBackfill } from './backfill.js';
import type { ChunkingOptions } from './chunking.js';
import { createIndexAdmin, type IndexAdmin } from './index-admin.js';
import { createIndexWriter } from './index-writer.js';
import { type SyncJob, syncEvent } from './live-sync.js';
import { createMembershipCache } from './membership.js';
import { createProgressReporter } from './progress-message.js';
import { createSlackPacer } from './slack-pacer.js';
import { createSlackReader } from './slack-reader.js';
import { createNameDirectory } from './slack-text.js';

export type RagJob = AskJob | BackfillJob | SyncJob;

const OPTIMIZE_EVERY = 500;

export interface RagSettings {
  /** Sources given to the model per question. */
  topK: number;
  /** Cosine similarity below which a message is not relevant. */
  minScore: number;
  /** conversations.history and conversations.replies page size. */
  pageSize: number;
  membershipTtlMs: number;
  /** Index other apps' messages too (Strata's own never are). */
  includeBots: boolean;
  chunking?: ChunkingOptions;
}

export interface RagOptions {
  /** Reads history and members; built with `rejectRateLimitedCalls` so the pacer sees each 429. */
  readClient: WebClient;
  /**
   * The one scheduler of Slack calls, shared with streamed replies, with `slackApiBudgets` limits: backfill
   * and live-sync reads spend `background:<method>` budgets (a share of Slack's), questions `api:<method>`,
   * and progress edits the `update` budget streamed replies use.
   */
  scheduler: EditScheduler;
  /** Posts messages (the DM question header, the progress message) with the SDK's own retries. */
  postClient: WebClient;
  embeddings: EmbeddingGateway;
  vectors: VectorIndex;
  state: IndexState;
  settings: RagSettings;
  logger: Logger;
}

/** What a job needs from the rest of Strata to answer: the chat model, the one reply writer, usage and access. */
export interface AnswerDeps {
  gateway: ModelGateway;
  replies: ReplyWriter;
  chat: { modelId: string; maxTokens: number };
  /** Records every model call: the answer, and the embeddings of questions, backfill pages and live sync. */
  usage?: UsageRecorder;
  /** Channel allow-list, the `ask` feature switch and token budgets, asked before answering. */
  access?: AccessGuard;
}

/** Answers from channel history: the indexer, the retriever and the admin commands, wired together. */
export interface Rag {
  admin: IndexAdmin;
  run(job: RagJob, deps: AnswerDeps): Promise<void>;
  /** History answers are on in indexed channels: mentions there are answered from history. */
  historyAnswersOn(channel: string): Promise<boolean>;
  /** Backfills a restart interrupted; enqueue them at start-up. */
  pendingBackfills(): Promise<BackfillJob[]>;
  close(): Promise<void>;
}

export function createRag(options: RagOptions): Rag {
  const { settings, state, vectors, embeddings, logger } = options;
  const log = logger.child({ feature: 'rag' });
  const { scheduler } = options;
  // Someone is waiting on questions and admin commands; backfills and live sync get a share of each budget.
  const reader = createSlackReader(
    options.readClient,
    createSlackPacer({ scheduler, budgetOf: apiBudget, logger: log }),
    settings.pageSize,
  );
  const backgroundPacer = createSlackPacer({
    scheduler,
    budgetOf: (method) => (method === 'chat.update' ? 'update' : backgroundBudget(method)),
    logger: log,
  });
  const backgroundReader = createSlackReader(options.readClient, backgroundPacer, settings.pageSize);
  const nameOf = createNameDirectory((user) => backgroundReader.userName(user), { ttlMs: 10 * 60_000 });
  const membership = createMembershipCache({
    fetch: (channel) => reader.members(channel),
    ttlMs: settings.membershipTtlMs,
    logger: log,
  });
  const writer = createIndexWriter({
    embeddings,
    vectors,
    state,
    ...(settings.chunking ? { chunking: settings.chunking } : {}),
  });
  const running = new Set<string>();
  let syncs = 0;
  const admin = createIndexAdmin({ reader, client: options.postClient, state, vectors, logger: log });

  return {
    admin,
    async run(job, deps) {
      switch (job.kind) {
        case 'ask':
          return answerQuestion(job, {
            retriever: {
              // The question's embedding is a model call of the asker's too.
              embeddings: meteredEmbeddings(embeddings, deps, {
                user: job.user,
                channel: job.channel,
                feature: 'ask',
              }),
              vectors,
              state,
              membership,
            },
            reader,
            client: options.postClient,
            gateway: deps.gateway,
            replies: deps.replies,
            model: deps.chat,
            settings: { k: settings.topK, minScore: settings.minScore },
            logger: log,
            ...(deps.usage ? { usage: deps.usage } : {}),
            ...(deps.access ? { access: deps.access } : {}),
          });
        case 'rag-backfill': {
          // A journaled retry and a start-up resume can both ask for the same backfill: run it once.
          if (running.has(job.eventId)) return;
          running.add(job.eventId);
          const me = await backgroundReader.identity().catch((error: unknown) => {
            running.delete(job.eventId);
            throw error;
          });
          return runBackfill(job, {
            reader: backgroundReader,
            writer,
            state,
            vectors,
            nameOf,
            policy: { botUserId: me.userId, botId: me.botId, includeBots: settings.includeBots },
            pageSize: settings.pageSize,
            progress: () =>
              createProgressReporter({ client: options.readClient, pacer: backgroundPacer, logger: log }),
            logger: log,
            ...(deps.usage ? { usage: deps.usage } : {}),
            embeddingModelId: embeddings.modelId,
          }).finally(() => running.delete(job.eventId));
        }
        case 'rag-sync':
          await syncEvent(job, {
            reader: backgroundReader,
            writer,
            state,
            vectors,
            membership,
            nameOf,
            includeBots: settings.includeBots,
            logger: log,
            ...(deps.usage ? { usage: deps.usage } : {}),
            embeddingModelId: embeddings.modelId,
          });
          // Live rows are searched exactly until folded into the ANN index; fold them in now and then.
          syncs += 1;
          if (syncs % OPTIMIZE_EVERY === 0) await vectors.optimize();
          return;
      }
    },
    async historyAnswersOn(channel) {
      if (channel.startsWith('D')) return false;
      return (await state.get(channel)) !== undefined;
    },
    async pendingBackfills() {
      const channels = await state.list();
      return channels
        .filter((c) => c.status === 'backfilling')
        .map((c) => backfillJob(c.channel, c.generation));
    },
    close: () => vectors.close(),
  };
}
