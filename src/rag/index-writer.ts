import type { EmbeddingGateway } from '../bedrock/embeddings.js';
import type { IndexState } from '../store/index-state.js';
import type { MessageChunks, VectorIndex } from '../store/vector-index.js';
import { type ChunkingOptions, chunkMessage, DEFAULT_CHUNKING, type PreparedMessage } from './chunking.js';

/**
 * The one path into the vector index. Deleted messages stay deleted: a deletion writes a marker before
 * it removes vectors, and a write checks the markers before and after it stores anything, so a backfill
 * page read before a deletion can never bring the message back, whichever finishes first.
 */
export interface IndexWriter {
  /** Chunks, embeds and stores messages of one channel; returns how many were written. */
  write(channel: string, messages: readonly PreparedMessage[]): Promise<number>;
  /** Removes messages for good, including chunks that quote them as thread context. */
  remove(channel: string, ts: readonly string[]): Promise<void>;
}

export interface IndexWriterDeps {
  embeddings: EmbeddingGateway;
  vectors: VectorIndex;
  state: IndexState;
  chunking?: ChunkingOptions;
  /** Messages embedded, then stored, together; the next batch is embedded while one is being stored. */
  batchSize?: number;
}

export function createIndexWriter(deps: IndexWriterDeps): IndexWriter {
  const { embeddings, vectors, state } = deps;
  const batchSize = deps.batchSize ?? 250;
  const chunking = deps.chunking ?? DEFAULT_CHUNKING;

  const embedBatch = async (channel: string, batch: readonly PreparedMessage[]): Promise<MessageChunks[]> => {
    const chunked = batch.map((m) => ({ message: m, chunks: chunkMessage(m, chunking) }));
    const vectorsOut = await embeddings.embed(chunked.flatMap((c) => c.chunks.map((chunk) => chunk.text)));
    let next = 0;
    return chunked.map(({ message, chunks }) => ({
      channel,
      ts: message.ts,
      version: message.version,
      chunks: chunks.map((chunk) => {
        const vector = vectorsOut[next++];
        if (vector === undefined) throw new Error('embedding gateway returned fewer vectors than texts');
        return { ...chunk, vector };
      }),
    }));
  };

  return {
    async write(channel, messages) {
      if (messages.length === 0) return 0;
      const deleted = await state.tombstones(channel);
      const alive = messages
        .filter((m) => !deleted.has(m.ts))
        .map((m) => (m.parent && deleted.has(m.parent.ts) ? withoutParent(m) : m));
      let written = 0;
      let storing: Promise<number> | undefined;
      try {
        for (let at = 0; at < alive.length; at += batchSize) {
          const rows = await embedBatch(channel, alive.slice(at, at + batchSize));
          if (storing) written += await storing;
          storing = vectors.replaceMessages(rows);
          // Awaited with the next batch; until then a failure must not count as unhandled.
          storing.catch(() => undefined);
        }
        if (storing) written += await storing;
      } catch (error) {
        // An embedding failed while a batch was being stored: let that store finish before giving up.
        await storing?.catch(() => undefined);
        throw error;
      }
      // A deletion may have landed while we embedded: its marker is there now, so undo what we wrote.
      const deletedSince = await state.tombstones(channel);
      const resurrected = alive.flatMap((m) =>
        [m.ts, ...(m.parent ? [m.parent.ts] : [])].filter((ts) => deletedSince.has(ts) && !deleted.has(ts)),
      );
      if (resurrected.length > 0) await vectors.deleteMessages(channel, [...new Set(resurrected)]);
      return written;
    },

    async remove(channel, ts) {
      if (ts.length === 0) return;
      await state.addTombstones(channel, ts);
      await vectors.deleteMessages(channel, ts);
    },
  };
}

/** A reply whose thread parent was deleted keeps its own words but no longer quotes the parent. */
function withoutParent(message: PreparedMessage): PreparedMessage {
  const { parent: _deleted, ...rest } = message;
  return rest;
}
