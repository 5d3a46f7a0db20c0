import type { EmbeddingGateway } from '../../src/bedrock/embeddings.js';
import { hashEmbedding } from '../../src/local/bedrock/hash-embedding.js';
import type { IndexedChannel, IndexState } from '../../src/store/index-state.js';
import type { MessageChunks, VectorHit, VectorIndex, VectorSearch } from '../../src/store/vector-index.js';

/** Fakes of Strata's own interfaces (never of SDK modules), for unit tests of the RAG feature. */

export const DIMS = 256;

export function fakeEmbeddings(): EmbeddingGateway & { calls: string[][] } {
  const calls: string[][] = [];
  return {
    modelId: 'fake',
    dimensions: DIMS,
    calls,
    async embed(texts) {
      calls.push([...texts]);
      return texts.map((t) => hashEmbedding(t, { dimensions: DIMS }));
    },
  };
}

export function fakeState(
  channels: IndexedChannel[] = [],
): IndexState & { deleted: Map<string, Set<string>> } {
  const deleted = new Map<string, Set<string>>();
  const byId = new Map(channels.map((c) => [c.channel, c]));
  return {
    deleted,
    list: async () => [...byId.values()],
    get: async (channel) => byId.get(channel),
    begin: async () => {
      throw new Error('not used');
    },
    save: async (state) => {
      byId.set(state.channel, state);
      return true;
    },
    touch: async () => {},
    remove: async (channel) => void byId.delete(channel),
    addTombstones: async (channel, ts) => {
      const set = deleted.get(channel) ?? new Set();
      for (const t of ts) set.add(t);
      deleted.set(channel, set);
    },
    tombstones: async (channel) => new Set(deleted.get(channel) ?? []),
  };
}

/** An in-memory vector index that records every search it is asked to run. */
export function fakeVectors(): VectorIndex & { searches: VectorSearch[]; rows: Map<string, MessageChunks> } {
  const rows = new Map<string, MessageChunks>();
  const searches: VectorSearch[] = [];
  const cosine = (a: Float32Array, b: Float32Array) => a.reduce((s, v, i) => s + v * (b[i] ?? 0), 0);
  return {
    dimensions: DIMS,
    rows,
    searches,
    async replaceMessages(messages) {
      for (const m of messages) rows.set(`${m.channel}/${m.ts}`, m);
      return messages.length;
    },
    async deleteMessages(channel, ts) {
      let n = 0;
      for (const [key, m] of rows) {
        if (m.channel === channel && m.chunks.some((c) => c.sources.some((s) => ts.includes(s)))) {
          rows.delete(key);
          n += 1;
        }
      }
      return n;
    },
    async deleteThread() {
      return 0;
    },
    async deleteChannel(channel) {
      for (const [key, m] of rows) if (m.channel === channel) rows.delete(key);
      return 0;
    },
    async search(query) {
      searches.push(query);
      return [...rows.values()]
        .filter((m) => query.channels.includes(m.channel))
        .flatMap((m) => m.chunks)
        .map(({ vector, ...chunk }): VectorHit => ({ ...chunk, score: cosine(vector, query.vector) }))
        .sort((a, b) => b.score - a.score)
        .slice(0, query.k);
    },
    async getMessage(channel, ts) {
      const chunk = rows.get(`${channel}/${ts}`)?.chunks[0];
      if (!chunk) return undefined;
      const { vector: _v, ...rest } = chunk;
      return rest;
    },
    async countMessages(channel) {
      return [...rows.values()].filter((m) => m.channel === channel).length;
    },
    async optimize() {
      return { rows: rows.size, annIndexed: false };
    },
    async close() {},
  };
}

export function indexed(channel: string, name: string, extra: Partial<IndexedChannel> = {}): IndexedChannel {
  return {
    channel,
    name,
    kind: 'public',
    status: 'ready',
    generation: 1,
    addedBy: 'U0ADMIN',
    addedAt: '2026-11-01T00:00:00.000Z',
    pages: 1,
    messagesScanned: 1,
    threadsScanned: 0,
    startedAt: '2026-11-01T00:00:00.000Z',
    ...extra,
  };
}
