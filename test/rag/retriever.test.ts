import { describe, expect, it } from 'vitest';
import { createIndexWriter } from '../../src/rag/index-writer.js';
import { createMembershipCache } from '../../src/rag/membership.js';
import { chunkBody, retrieve } from '../../src/rag/retriever.js';
import { fakeEmbeddings, fakeState, fakeVectors, indexed } from './fakes.js';

const members: Record<string, string[]> = { C0RANDOM: ['U0ALICE', 'U0BOB'], G0LEADERS: ['U0ALICE'] };

async function setup() {
  const embeddings = fakeEmbeddings();
  const vectors = fakeVectors();
  const state = fakeState([
    indexed('C0RANDOM', 'random'),
    indexed('G0LEADERS', 'leadership', { kind: 'private' }),
  ]);
  const writer = createIndexWriter({ embeddings, vectors, state });
  const message = (channel: string, ts: string, text: string) => ({
    channel,
    channelName: channel === 'C0RANDOM' ? 'random' : 'leadership',
    ts,
    threadTs: '',
    user: 'U0ALICE',
    author: 'Alice Park',
    text,
    version: ts,
  });
  await writer.write('C0RANDOM', [
    message('C0RANDOM', '1700000001.000100', 'The Q3 launch date is September 16.'),
    message('C0RANDOM', '1700000002.000100', 'Tacos for lunch on Friday.'),
  ]);
  await writer.write('G0LEADERS', [
    message('G0LEADERS', '1700000003.000100', 'Secret: the Q3 launch date may slip to September 30.'),
  ]);
  const membership = createMembershipCache({ fetch: async (c) => members[c] ?? [], ttlMs: 60_000 });
  return { deps: { embeddings, vectors, state, membership }, vectors };
}

describe('retrieval', () => {
  it('puts only the asker’s channels into the vector query itself, not a filter after the top-k', async () => {
    const { deps, vectors } = await setup();
    const result = await retrieve(
      {
        question: 'Q3 launch date?',
        asker: 'U0BOB',
        audience: undefined,
        botUserId: undefined,
        k: 5,
        minScore: 0.1,
      },
      deps,
    );
    expect(vectors.searches.map((s) => s.channels)).toEqual([['C0RANDOM']]);
    expect(result.searched.map((c) => c.name)).toEqual(['random']);
    expect(result.hits.map((h) => h.ts)).toEqual(['1700000001.000100']);
  });

  it('does not embed or search at all when the asker may read no indexed channel', async () => {
    const { deps, vectors } = await setup();
    const result = await retrieve(
      {
        question: 'anything',
        asker: 'U0NOBODY',
        audience: undefined,
        botUserId: undefined,
        k: 5,
        minScore: 0,
      },
      deps,
    );
    expect(result).toEqual({ searched: [], hits: [] });
    expect(vectors.searches).toEqual([]);
    const writes = 2;
    expect(deps.embeddings.calls).toHaveLength(writes);
  });

  it('drops hits below the relevance floor and limits one channel when asked', async () => {
    const { deps } = await setup();
    const result = await retrieve(
      {
        question: 'Q3 launch date?',
        asker: 'U0ALICE',
        audience: undefined,
        only: 'G0LEADERS',
        botUserId: undefined,
        k: 5,
        minScore: 0.2,
      },
      deps,
    );
    expect(result.hits.map((h) => h.channel)).toEqual(['G0LEADERS']);
    expect(result.hits.every((h) => h.score >= 0.2)).toBe(true);
  });

  it('shows a chunk’s own words without its header', async () => {
    const { deps } = await setup();
    const { hits } = await retrieve(
      {
        question: 'Q3 launch date?',
        asker: 'U0BOB',
        audience: undefined,
        botUserId: undefined,
        k: 1,
        minScore: 0,
      },
      deps,
    );
    expect(hits[0] && chunkBody(hits[0])).toBe('The Q3 launch date is September 16.');
  });
});
