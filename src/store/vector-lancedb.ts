import { mkdir } from 'node:fs/promises';
import { type Connection, connect, Index, type Table } from '@lancedb/lancedb';
import { z } from 'zod';
import type { Logger } from '../log.js';
import { storeUnavailable } from './store-error.js';
import { COLUMNS, chunkSchema, toArrowTable } from './vector-arrow.js';
import {
  channelLiteral,
  channelsIn,
  decodeSources,
  sourcesContain,
  tsIn,
  tsLiteral,
} from './vector-filter.js';
import type { MessageChunks, VectorChunk, VectorHit, VectorIndex, VectorIndexStats } from './vector-index.js';

export interface AnnSettings {
  /** Rows at which the ANN index is built; below it every search is exact. */
  minRows: number;
  /** HNSW graphs (IVF partitions); default one per million rows. Every partition is probed. */
  numPartitions?: number;
  /** Candidates kept while walking the graph (HNSW `ef`); more is slower and more exact. */
  ef: number;
  /** Candidates re-ranked with the full vectors: k × refineFactor. */
  refineFactor: number;
}

export interface LanceVectorIndexOptions {
  /** A local directory, or `s3://bucket/prefix` so several workers share one index. */
  uri: string;
  dimensions: number;
  /** LanceDB object-store options, e.g. `{ region: 'us-east-1' }` for S3. */
  storageOptions?: Record<string, string>;
  ann: AnnSettings;
  logger?: Logger;
}

export const DEFAULT_ANN: AnnSettings = { minRows: 20_000, ef: 400, refineFactor: 4 };

const rowSchema = z.object({
  id: z.string(),
  channel: z.string(),
  ts: z.string(),
  thread_ts: z.string(),
  part: z.number(),
  user: z.string(),
  author: z.string(),
  text: z.string(),
  sources: z.string(),
  version: z.string(),
  _distance: z.number().optional(),
});

/**
 * The embedded vector store: LanceDB on a local directory or on S3. Exact (flat) search below
 * `ann.minRows`; above it an HNSW graph over scalar-quantized vectors (IVF_HNSW_SQ, cosine), every partition
 * probed and the best candidates re-ranked with the full vectors. HNSW rather than IVF_PQ because message
 * embeddings mix several attributes (topic, people, dates) and do not fall into tidy clusters: IVF needed
 * a third of its partitions probed for 0.95 recall (see bench/rag). The channel filter is a prefilter: it is
 * applied inside the vector search (a bitmap index on `channel`), so the top-k comes from allowed rows only.
 */
export function createLanceVectorIndex(options: LanceVectorIndexOptions): VectorIndex {
  const { dimensions, ann } = options;
  const tableName = `chunks_${dimensions}`;
  let opened: Promise<{ db: Connection; table: Table }> | undefined;
  let writes: Promise<unknown> = Promise.resolve();
  let annIndexed: boolean | undefined;
  let partitions = 1;

  const open = () => {
    opened ??= (async () => {
      if (!options.uri.includes('://')) await mkdir(options.uri, { recursive: true });
      const db = await connect(
        options.uri,
        options.storageOptions ? { storageOptions: options.storageOptions } : {},
      );
      const table = (await db.tableNames()).includes(tableName)
        ? await db.openTable(tableName)
        : await db.createEmptyTable(tableName, chunkSchema(dimensions), { existOk: true });
      return { db, table };
    })().catch((error: unknown) => {
      opened = undefined;
      throw error;
    });
    return opened;
  };

  /** Every write goes through one chain, so this process never races itself into commit conflicts. */
  const write = <T>(operation: string, run: (table: Table) => Promise<T>): Promise<T> => {
    const result = writes.then(async () => run((await open()).table));
    writes = result.catch(() => undefined);
    return result.catch((error: unknown) => {
      throw storeUnavailable(`vector index ${operation}`, error);
    });
  };

  const read = async <T>(operation: string, run: (table: Table) => Promise<T>): Promise<T> => {
    try {
      return await run((await open()).table);
    } catch (error) {
      throw storeUnavailable(`vector index ${operation}`, error);
    }
  };

  const hasAnnIndex = async (table: Table) => {
    if (annIndexed === undefined) {
      annIndexed = (await table.listIndices()).some((index) => index.columns.includes('vector'));
      if (annIndexed) partitions = ann.numPartitions ?? partitionsFor(await table.countRows());
    }
    return annIndexed;
  };

  return {
    dimensions,

    replaceMessages: (messages) =>
      write('replace', async (table) => {
        const fresh = await newerThanStored(table, messages);
        if (fresh.length === 0) return 0;
        const records = fresh.flatMap((m) => m.chunks);
        const byChannel = byChannelOf(fresh);
        const scope = [...byChannel].map(
          ([channel, list]) => `(channel = ${channelLiteral(channel)} AND ${tsIn(list.map((m) => m.ts))})`,
        );
        let merge = table.mergeInsert('id').whenNotMatchedBySourceDelete({ where: scope.join(' OR ') });
        if (records.length > 0) merge = merge.whenMatchedUpdateAll().whenNotMatchedInsertAll();
        await merge.execute(toArrowTable(records, dimensions));
        return fresh.length;
      }),

    deleteMessages: (channel, ts) =>
      ts.length === 0
        ? Promise.resolve(0)
        : write('delete messages', async (table) => {
            const where = `channel = ${channelLiteral(channel)} AND (${tsIn(ts)} OR ${sourcesContain(ts)})`;
            return (await table.delete(where)).numDeletedRows;
          }),

    deleteThread: (channel, threadTs) =>
      write('delete thread', async (table) => {
        const where = `channel = ${channelLiteral(channel)} AND thread_ts = ${tsLiteral(threadTs)}`;
        return (await table.delete(where)).numDeletedRows;
      }),

    deleteChannel: (channel) =>
      write(
        'delete channel',
        async (table) => (await table.delete(`channel = ${channelLiteral(channel)}`)).numDeletedRows,
      ),

    search: (query) =>
      query.channels.length === 0 || query.k <= 0
        ? Promise.resolve([])
        : read('search', async (table) => {
            const filter = [channelsIn(query.channels)];
            if (query.after !== undefined) filter.push(`ts >= ${tsLiteral(query.after)}`);
            let search = table
              .vectorSearch(query.vector)
              .distanceType('cosine')
              .where(filter.join(' AND '))
              .select([...COLUMNS, '_distance'])
              .limit(query.k);
            if (query.exact) search = search.bypassVectorIndex();
            else if (await hasAnnIndex(table)) {
              // LanceDB asks the graph for k × refineFactor candidates, and ef must cover them.
              const ef = Math.max(ann.ef, query.k * ann.refineFactor);
              search = search.nprobes(partitions).ef(ef).refineFactor(ann.refineFactor);
            }
            const rows = await search.toArray();
            return rows.map((row): VectorHit => {
              const parsed = toChunk(row);
              return { ...parsed.chunk, score: 1 - (parsed.distance ?? 1) };
            });
          }),

    getMessage: (channel, ts) =>
      read('get message', async (table) => {
        const [row] = await table
          .query()
          .where(`channel = ${channelLiteral(channel)} AND ts = ${tsLiteral(ts)} AND part = 0`)
          .select([...COLUMNS])
          .limit(1)
          .toArray();
        return row === undefined ? undefined : toChunk(row).chunk;
      }),

    countMessages: (channel) =>
      read('count', (table) => table.countRows(`channel = ${channelLiteral(channel)} AND part = 0`)),

    optimize: () =>
      write('optimize', async (table): Promise<VectorIndexStats> => {
        const rows = await table.countRows();
        const indexed = await hasAnnIndex(table);
        if (!indexed && rows >= ann.minRows) {
          partitions = ann.numPartitions ?? partitionsFor(rows);
          await buildIndexes(table, partitions);
          annIndexed = true;
          options.logger?.info({ rows }, 'vector index: ANN index built');
        } else {
          // Folds rows added since the last build into the indexes and compacts small fragments.
          await table.optimize({ cleanupOlderThan: new Date(Date.now() - 60_000) });
        }
        return { rows, annIndexed: annIndexed ?? indexed };
      }),

    async close() {
      await writes;
      if (!opened) return;
      const { db, table } = await opened;
      table.close();
      db.close();
      opened = undefined;
    },
  };
}

/** Drops messages whose stored version is newer than the incoming one (a live edit beat a backfill page). */
async function newerThanStored(table: Table, messages: readonly MessageChunks[]): Promise<MessageChunks[]> {
  const stored = new Map<string, string>();
  for (const [channel, list] of byChannelOf(messages)) {
    const rows = await table
      .query()
      .where(`channel = ${channelLiteral(channel)} AND part = 0 AND ${tsIn(list.map((m) => m.ts))}`)
      .select(['ts', 'version'])
      .toArray();
    for (const row of rows) {
      const { ts, version } = z.object({ ts: z.string(), version: z.string() }).parse(row);
      stored.set(`${channel}/${ts}`, version);
    }
  }
  return messages.filter((m) => {
    const current = stored.get(`${m.channel}/${m.ts}`);
    return current === undefined || current <= m.version;
  });
}

async function buildIndexes(table: Table, numPartitions: number) {
  await table.createIndex('channel', { config: Index.bitmap(), replace: true });
  await table.createIndex('vector', {
    config: Index.hnswSq({ distanceType: 'cosine', numPartitions, m: 16, efConstruction: 150 }),
    replace: true,
  });
}

function partitionsFor(rows: number): number {
  return Math.max(1, Math.ceil(rows / 1_000_000));
}

function toChunk(row: unknown): { chunk: VectorChunk; distance: number | undefined } {
  const r = rowSchema.parse(row);
  return {
    chunk: {
      id: r.id,
      channel: r.channel,
      ts: r.ts,
      threadTs: r.thread_ts,
      part: r.part,
      user: r.user,
      author: r.author,
      text: r.text,
      sources: decodeSources(r.sources),
      version: r.version,
    },
    distance: r._distance,
  };
}

function byChannelOf(messages: readonly MessageChunks[]): Map<string, MessageChunks[]> {
  const groups = new Map<string, MessageChunks[]>();
  for (const message of messages) {
    const group = groups.get(message.channel);
    if (group) group.push(message);
    else groups.set(message.channel, [message]);
  }
  return groups;
}
