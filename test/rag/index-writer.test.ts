import { describe, expect, it } from 'vitest';
import type { PreparedMessage } from '../../src/rag/chunking.js';
import { createIndexWriter } from '../../src/rag/index-writer.js';
import { fakeEmbeddings, fakeState, fakeVectors } from './fakes.js';

const message = (ts: string, text: string, parent?: PreparedMessage['parent']): PreparedMessage => ({
  channel: 'C0LAUNCH',
  channelName: 'launch',
  ts,
  threadTs: parent ? parent.ts : '',
  user: 'U0ALICE',
  author: 'Alice Park',
  text,
  version: ts,
  ...(parent ? { parent } : {}),
});

describe('the index writer', () => {
  it('embeds every chunk and stores them per message', async () => {
    const embeddings = fakeEmbeddings();
    const vectors = fakeVectors();
    const writer = createIndexWriter({ embeddings, vectors, state: fakeState(), batchSize: 2 });
    const written = await writer.write('C0LAUNCH', [
      message('1.000001', 'one'),
      message('2.000001', 'two'),
      message('3.000001', 'three'),
    ]);
    expect(written).toBe(3);
    expect(embeddings.calls.map((c) => c.length)).toEqual([2, 1]);
    expect([...vectors.rows.keys()]).toEqual(['C0LAUNCH/1.000001', 'C0LAUNCH/2.000001', 'C0LAUNCH/3.000001']);
  });

  it('embeds the next batch while the previous one is being stored, and returns once all are stored', async () => {
    const embeddings = fakeEmbeddings();
    const vectors = fakeVectors();
    const events: string[] = [];
    const writer = createIndexWriter({
      embeddings: {
        ...embeddings,
        embed: async (texts) => {
          events.push(`embed ${texts.length}`);
          return embeddings.embed(texts);
        },
      },
      vectors: {
        ...vectors,
        replaceMessages: async (rows) => {
          events.push(`store ${rows.length}`);
          await new Promise((resolve) => setTimeout(resolve, 10));
          events.push(`stored ${rows.length}`);
          return vectors.replaceMessages(rows);
        },
      },
      state: fakeState(),
      batchSize: 2,
    });
    const written = await writer.write('C0LAUNCH', [
      message('1.000001', 'one'),
      message('2.000001', 'two'),
      message('3.000001', 'three'),
    ]);
    expect(written).toBe(3);
    expect(events).toEqual(['embed 2', 'store 2', 'embed 1', 'stored 2', 'store 1', 'stored 1']);
  });

  it('lets the batch being stored finish before it reports an embedding failure', async () => {
    const embeddings = fakeEmbeddings();
    const vectors = fakeVectors();
    let stored = false;
    const writer = createIndexWriter({
      embeddings: {
        ...embeddings,
        embed: async (texts) => {
          if (embeddings.calls.length > 0) throw new Error('throttled for good');
          return embeddings.embed(texts);
        },
      },
      vectors: {
        ...vectors,
        replaceMessages: async (rows) => {
          await new Promise((resolve) => setTimeout(resolve, 10));
          stored = true;
          return vectors.replaceMessages(rows);
        },
      },
      state: fakeState(),
      batchSize: 1,
    });
    await expect(
      writer.write('C0LAUNCH', [message('1.000001', 'one'), message('2.000001', 'two')]),
    ).rejects.toThrow('throttled for good');
    expect(stored).toBe(true);
    expect([...vectors.rows.keys()]).toEqual(['C0LAUNCH/1.000001']);
  });

  it('skips messages already deleted, and strips a deleted parent from its replies', async () => {
    const state = fakeState();
    const vectors = fakeVectors();
    const writer = createIndexWriter({ embeddings: fakeEmbeddings(), vectors, state });
    await state.addTombstones('C0LAUNCH', ['1.000001']);
    await writer.write('C0LAUNCH', [
      message('1.000001', 'deleted parent'),
      message('2.000001', '+1', { ts: '1.000001', author: 'Bob', text: 'deleted parent' }),
    ]);
    expect([...vectors.rows.keys()]).toEqual(['C0LAUNCH/2.000001']);
    const reply = vectors.rows.get('C0LAUNCH/2.000001')?.chunks[0];
    expect(reply?.text).not.toContain('deleted parent');
    expect(reply?.sources).toEqual(['2.000001']);
  });

  it('takes back a message whose deletion landed while it was being embedded', async () => {
    const state = fakeState();
    const vectors = fakeVectors();
    const embeddings = fakeEmbeddings();
    const writer = createIndexWriter({
      embeddings: {
        ...embeddings,
        // The deletion event is handled while this backfill page is being embedded.
        embed: async (texts) => {
          await createIndexWriter({ embeddings, vectors, state }).remove('C0LAUNCH', ['1.000001']);
          return embeddings.embed(texts);
        },
      },
      vectors,
      state,
    });
    await writer.write('C0LAUNCH', [
      message('1.000001', 'about to be deleted'),
      message('2.000001', 'stays'),
    ]);
    expect([...vectors.rows.keys()]).toEqual(['C0LAUNCH/2.000001']);
  });

  it('records a deletion before removing vectors', async () => {
    const state = fakeState();
    const vectors = fakeVectors();
    const writer = createIndexWriter({ embeddings: fakeEmbeddings(), vectors, state });
    await writer.write('C0LAUNCH', [message('1.000001', 'gone soon')]);
    await writer.remove('C0LAUNCH', ['1.000001']);
    expect(vectors.rows.size).toBe(0);
    expect(await state.tombstones('C0LAUNCH')).toEqual(new Set(['1.000001']));
  });
});
