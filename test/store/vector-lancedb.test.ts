import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StrataError } from '../../src/errors.js';
import { hashEmbedding } from '../../src/local/bedrock/hash-embedding.js';
import { chunkId, type MessageChunks, type VectorIndex } from '../../src/store/vector-index.js';
import { createLanceVectorIndex } from '../../src/store/vector-lancedb.js';

const DIMS = 256;
let dir: string;
let index: VectorIndex;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'strata-vectors-'));
  index = createLanceVectorIndex({
    uri: dir,
    dimensions: DIMS,
    ann: { minRows: 1_000_000, ef: 50, refineFactor: 4 },
  });
});
afterAll(async () => {
  await index?.close();
  await rm(dir, { recursive: true, force: true });
});

function message(
  channel: string,
  ts: string,
  text: string,
  extra: { threadTs?: string; version?: string; parts?: string[]; context?: string[] } = {},
): MessageChunks {
  const parts = extra.parts ?? [text];
  const version = extra.version ?? ts;
  return {
    channel,
    ts,
    version,
    chunks: parts.map((part, i) => ({
      id: chunkId(channel, ts, i),
      channel,
      ts,
      threadTs: extra.threadTs ?? '',
      part: i,
      user: 'U0ALICE',
      author: 'Alice Park',
      text: part,
      sources: [ts, ...(extra.context ?? [])],
      version,
      vector: hashEmbedding(part, { dimensions: DIMS }),
    })),
  };
}

const query = (text: string, channels: string[], k = 5) =>
  index.search({ vector: hashEmbedding(text, { dimensions: DIMS }), channels, k });

describe('the LanceDB vector index', () => {
  it('finds the closest messages first, with cosine similarity as the score', async () => {
    await index.replaceMessages([
      message('C0LAUNCH', '1700000001.000100', 'Decision: the Q3 launch date moves to September 14.'),
      message('C0LAUNCH', '1700000002.000100', 'Lunch order for Friday: tacos or pizza?'),
      message('C0LAUNCH', '1700000003.000100', 'The billing service had an outage on Tuesday night.'),
    ]);

    const hits = await query('when is the Q3 launch date?', ['C0LAUNCH']);

    expect(hits[0]?.text).toBe('Decision: the Q3 launch date moves to September 14.');
    expect(hits[0]?.score).toBeGreaterThan(0.3);
    expect(hits[0]?.score).toBeLessThanOrEqual(1);
    expect(hits.map((h) => h.score)).toEqual([...hits.map((h) => h.score)].sort((a, b) => b - a));
    expect(hits[0]).toMatchObject({
      channel: 'C0LAUNCH',
      ts: '1700000001.000100',
      author: 'Alice Park',
      part: 0,
    });
  });

  it('never returns rows from channels outside the filter, even when they are the best match', async () => {
    await index.replaceMessages([
      message('G0SECRET', '1700000010.000100', 'Secret: the Q3 launch date is actually October 2.'),
    ]);

    const hits = await query('Q3 launch date', ['C0LAUNCH']);
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.every((h) => h.channel === 'C0LAUNCH')).toBe(true);
    expect(await query('Q3 launch date', [])).toEqual([]);
  });

  it('filters by timestamp inside the query too: only messages at or after `after`', async () => {
    await index.replaceMessages([
      message('C0DATES', '1700000100.000100', 'Old plan: the offsite is in Porto in spring.'),
      message('C0DATES', '1700000200.000100', 'New plan: the offsite is in Lisbon in autumn.'),
    ]);

    const search = (after?: string) =>
      index.search({
        vector: hashEmbedding('Old plan: the offsite is in Porto in spring.', { dimensions: DIMS }),
        channels: ['C0DATES'],
        k: 5,
        ...(after ? { after } : {}),
      });

    expect((await search()).map((h) => h.ts)).toEqual(['1700000100.000100', '1700000200.000100']);
    expect((await search('1700000200.000100')).map((h) => h.ts)).toEqual(['1700000200.000100']);
    await expect(search('yesterday')).rejects.toThrow(StrataError);
  });

  it('replaces every chunk of an edited message, and ignores an older version arriving late', async () => {
    const ts = '1700000020.000100';
    await index.replaceMessages([message('C0EDIT', ts, 'draft', { parts: ['first half', 'second half'] })]);
    await index.replaceMessages([
      message('C0EDIT', ts, 'The retro is on Monday.', { version: '1700000030.000100' }),
    ]);
    await index.replaceMessages([message('C0EDIT', ts, 'stale text from an old page', { version: ts })]);

    const hits = await query('retro Monday', ['C0EDIT']);
    expect(hits.map((h) => h.text)).toEqual(['The retro is on Monday.']);
    expect(await index.countMessages('C0EDIT')).toBe(1);
  });

  it('writing the same messages twice leaves one copy of each chunk', async () => {
    const batch = [
      message('C0TWICE', '1700000040.000100', 'one'),
      message('C0TWICE', '1700000041.000100', 'two'),
    ];
    await index.replaceMessages(batch);
    await index.replaceMessages(batch);
    expect(await index.countMessages('C0TWICE')).toBe(2);
    expect(await query('one two', ['C0TWICE'], 10)).toHaveLength(2);
  });

  it('deleting a message also removes chunks that carry it as thread context', async () => {
    const parent = '1700000050.000100';
    await index.replaceMessages([
      message('C0THREAD', parent, 'Proposal: rename the project to Atlas', { threadTs: parent }),
      message('C0THREAD', '1700000051.000100', 'Atlas: +1 from me', { threadTs: parent, context: [parent] }),
      message('C0THREAD', '1700000052.000100', 'Unrelated top-level note'),
    ]);

    await index.deleteMessages('C0THREAD', [parent]);

    const left = await query('Atlas project rename', ['C0THREAD'], 10);
    expect(left.map((h) => h.ts)).toEqual(['1700000052.000100']);
  });

  it('returns one message by channel and ts, and deletes threads and channels', async () => {
    const parent = '1700000060.000100';
    await index.replaceMessages([
      message('C0GONE', parent, 'thread start', { threadTs: parent }),
      message('C0GONE', '1700000061.000100', 'a reply', { threadTs: parent, context: [parent] }),
      message('C0GONE', '1700000062.000100', 'standalone'),
    ]);
    expect((await index.getMessage('C0GONE', parent))?.text).toBe('thread start');

    expect(await index.deleteThread('C0GONE', parent)).toBe(2);
    expect(await index.countMessages('C0GONE')).toBe(1);
    await index.deleteChannel('C0GONE');
    expect(await index.countMessages('C0GONE')).toBe(0);
    expect(await index.getMessage('C0GONE', parent)).toBeUndefined();
  });

  it('refuses filter values that are not Slack ids, so typed text can never become SQL', async () => {
    await expect(
      index.search({ vector: new Float32Array(DIMS), channels: ["C1' OR 1=1 --"], k: 3 }),
    ).rejects.toThrow(StrataError);
  });

  it('switches to an ANN index once the table is large enough, still filtering by channel inside the query', async () => {
    const annDir = await mkdtemp(join(tmpdir(), 'strata-ann-'));
    const ann = createLanceVectorIndex({
      uri: annDir,
      dimensions: DIMS,
      ann: { minRows: 300, ef: 64, refineFactor: 4 },
    });
    const topics = [
      'launch date',
      'billing outage',
      'hiring plan',
      'office move',
      'security audit',
      'mobile release',
    ];
    const rows = Array.from({ length: 400 }, (_, i) =>
      message(
        i % 2 ? 'C0ODD' : 'C0EVEN',
        `17000${String(i).padStart(5, '0')}.000100`,
        `Update ${i} on the ${topics[i % 6]}: step ${i % 7}.`,
      ),
    );
    await ann.replaceMessages(rows);
    expect(await ann.optimize()).toEqual({ rows: 400, annIndexed: true });

    const vector = hashEmbedding('what is happening with the billing outage?', { dimensions: DIMS });
    const approximate = await ann.search({ vector, channels: ['C0ODD'], k: 10 });
    const exact = await ann.search({ vector, channels: ['C0ODD'], k: 10, exact: true });
    expect(approximate.every((h) => h.channel === 'C0ODD')).toBe(true);
    expect(
      approximate.map((h) => h.id).filter((id) => exact.some((e) => e.id === id)).length,
    ).toBeGreaterThanOrEqual(8);
    // k × refineFactor beyond the configured ef still works: ef grows to cover it.
    expect(await ann.search({ vector, channels: ['C0ODD'], k: 30 })).toHaveLength(30);
    await ann.close();
    await rm(annDir, { recursive: true, force: true });
  });

  it('keeps its data when reopened (a restarted worker sees the same index)', async () => {
    const again = createLanceVectorIndex({
      uri: dir,
      dimensions: DIMS,
      ann: { minRows: 10, ef: 50, refineFactor: 4 },
    });
    expect(await again.countMessages('C0LAUNCH')).toBe(3);
    await again.close();
  });
});
