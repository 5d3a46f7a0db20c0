import type { WebClient } from '@slack/web-api';
import { createTitanEmbeddings } from '../bedrock/embeddings.js';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import type { EditScheduler } from '../slack/edit-scheduler.js';
import { createDynamoIndexState } from '../store/index-state.js';
import type { StrataTable } from '../store/table.js';
import { createLanceVectorIndex, DEFAULT_ANN } from '../store/vector-lancedb.js';
import type { WorkQueue } from '../work-queue.js';
import { createRag, type Rag, type RagJob } from './rag.js';

/** Builds the answers-from-history feature from config: Titan embeddings, LanceDB, the DynamoDB index state. */
export function createRagFeature(options: {
  config: Config['rag'];
  region: string;
  table: StrataTable;
  readClient: WebClient;
  postClient: WebClient;
  /** Shared with streamed replies; its limits are `slackApiBudgets` of this config. */
  scheduler: EditScheduler;
  logger: Logger;
}): Rag {
  const { config, logger } = options;
  const embeddings = createTitanEmbeddings({
    region: options.region,
    modelId: config.embeddingModelId,
    dimensions: config.dimensions,
    concurrency: config.embeddingConcurrency,
    maxRetries: 5,
    logger,
  });
  const rag = createRag({
    readClient: options.readClient,
    postClient: options.postClient,
    scheduler: options.scheduler,
    embeddings,
    vectors: createLanceVectorIndex({
      uri: config.vectorUri,
      dimensions: config.dimensions,
      ...(config.vectorUri.startsWith('s3://') ? { storageOptions: { region: options.region } } : {}),
      ann: { ...DEFAULT_ANN, minRows: config.annMinRows },
      logger,
    }),
    state: createDynamoIndexState({ table: options.table }),
    settings: {
      topK: config.topK,
      minScore: config.minScore,
      pageSize: config.historyPageSize,
      membershipTtlMs: config.membershipTtlSeconds * 1000,
      includeBots: config.indexBots,
    },
    logger,
  });
  return {
    ...rag,
    async close() {
      await rag.close();
      embeddings.destroy();
    },
  };
}

/** Start-up: backfills a restart interrupted carry on from their saved cursors. */
export async function resumeIndexing(rag: Rag, queue: WorkQueue<RagJob>, logger: Logger): Promise<void> {
  try {
    for (const job of await rag.pendingBackfills()) await queue.enqueue(job);
  } catch (error) {
    logger.error({ err: error }, 'could not resume interrupted history backfills');
  }
}
