import type { EmbeddingGateway } from '../bedrock/embeddings.js';
import type { IndexedChannel, IndexState } from '../store/index-state.js';
import type { VectorChunk, VectorHit, VectorIndex } from '../store/vector-index.js';
import { allowedChannels, type MembershipCache } from './membership.js';

export interface RetrieverDeps {
  embeddings: EmbeddingGateway;
  vectors: VectorIndex;
  state: IndexState;
  membership: MembershipCache;
}

export interface RetrievalRequest {
  question: string;
  asker: string;
  /** Where the answer will be shown (a channel), or undefined for a private DM answer. */
  audience: string | undefined;
  /** Limit the search to this channel (`/ask … in #channel`). */
  only?: string;
  botUserId: string | undefined;
  k: number;
  /** Hits below this cosine similarity are not relevant enough to show. */
  minScore: number;
}

export interface Retrieval {
  /** The indexed channels the asker (and the audience) may read: exactly what was searched. */
  searched: IndexedChannel[];
  hits: VectorHit[];
}

/**
 * Permission-aware retrieval: membership is checked at question time, and the allowed channel ids go into
 * the vector query as its filter, so the top-k is drawn only from messages the asker may see.
 */
export async function retrieve(request: RetrievalRequest, deps: RetrieverDeps): Promise<Retrieval> {
  const indexed = await deps.state.list();
  const candidates = indexed.filter((c) => request.only === undefined || c.channel === request.only);
  const allowed = await allowedChannels({
    candidates: candidates.map((c) => c.channel),
    asker: request.asker,
    audience: request.audience,
    botUserId: request.botUserId,
    membership: deps.membership,
  });
  const searched = candidates.filter((c) => allowed.includes(c.channel));
  if (searched.length === 0) return { searched, hits: [] };

  const [vector] = await deps.embeddings.embed([request.question]);
  if (vector === undefined) return { searched, hits: [] };
  const found = await deps.vectors.search({ vector, channels: allowed, k: request.k * 2 });
  const perMessage = new Map<string, number>();
  const hits = found.filter((hit) => {
    if (hit.score < request.minScore) return false;
    const key = `${hit.channel}/${hit.ts}`;
    const seen = perMessage.get(key) ?? 0;
    perMessage.set(key, seen + 1);
    return seen < 2;
  });
  return { searched, hits: hits.slice(0, request.k) };
}

/** The message's own words in a chunk: without the "who/where/when" header and the thread-context line. */
export function chunkBody(chunk: VectorChunk): string {
  const lines = chunk.text.split('\n');
  return lines.slice(chunk.sources.length > 1 ? 2 : 1).join('\n');
}
