import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';
import { createIndexWriter } from '../../src/rag/index-writer.js';
import { type SyncEvent, syncEvent } from '../../src/rag/live-sync.js';
import { createMembershipCache } from '../../src/rag/membership.js';
import type { SlackMessage } from '../../src/rag/slack-message.js';
import type { SlackReader } from '../../src/rag/slack-reader.js';
import { fakeEmbeddings, fakeState, fakeVectors, indexed } from './fakes.js';

const msg = (ts: string, text: string, extra: Partial<SlackMessage> = {}): SlackMessage => ({
  ts,
  text,
  user: 'U0ALICE',
  replyCount: 0,
  fileNames: [],
  ...extra,
});

function setup(threads: Record<string, SlackMessage[]> = {}) {
  const vectors = fakeVectors();
  const state = fakeState([indexed('C0LAUNCH', 'launch')]);
  const embeddings = fakeEmbeddings();
  const reader = { thread: async (_c: string, ts: string) => threads[ts] ?? [] } as unknown as SlackReader;
  const deps = {
    reader,
    writer: createIndexWriter({ embeddings, vectors, state }),
    state,
    vectors,
    membership: createMembershipCache({ fetch: async () => [], ttlMs: 60_000 }),
    nameOf: async (id: string) => (id === 'U0ALICE' ? 'Alice Park' : 'Bob Ortiz'),
    includeBots: false,
    logger: createLogger({ level: 'silent' }),
  };
  const run = (event: SyncEvent) =>
    syncEvent({ kind: 'rag-sync', eventId: 'Ev1', event, botUserId: 'U0STRATA', botId: 'B0STRATA' }, deps);
  return { run, vectors, state };
}

describe('live sync of an indexed channel', () => {
  it('indexes a new reply with its parent as context, reading the parent from the index', async () => {
    const { run, vectors } = setup();
    await run({
      type: 'posted',
      channel: 'C0LAUNCH',
      message: msg('1.000001', 'Proposal: ship Friday', { replyCount: 1, threadTs: '1.000001' }),
    });
    await run({
      type: 'posted',
      channel: 'C0LAUNCH',
      message: msg('2.000001', '+1', { user: 'U0BOB', threadTs: '1.000001' }),
    });
    const reply = vectors.rows.get('C0LAUNCH/2.000001')?.chunks[0];
    expect(reply?.text).toContain('In reply to Alice Park: "Proposal: ship Friday"');
    expect(reply?.sources).toEqual(['2.000001', '1.000001']);
  });

  it('ignores channels that are not indexed, bots, and unchanged edits', async () => {
    const { run, vectors } = setup();
    await run({ type: 'posted', channel: 'C0OTHER', message: msg('1.000001', 'hello') });
    await run({
      type: 'posted',
      channel: 'C0LAUNCH',
      message: msg('2.000001', 'deploy done', { botId: 'B0CI', user: undefined }),
    });
    await run({
      type: 'changed',
      channel: 'C0LAUNCH',
      message: msg('3.000001', 'same'),
      previous: msg('3.000001', 'same'),
    });
    expect(vectors.rows.size).toBe(0);
  });

  it('re-indexes a whole thread when its parent is edited, so replies quote the new words', async () => {
    const parent = msg('1.000001', 'Launch on the 16th', {
      replyCount: 1,
      threadTs: '1.000001',
      editedTs: '5.000001',
    });
    const { run, vectors } = setup({
      '1.000001': [parent, msg('2.000001', 'agreed', { user: 'U0BOB', threadTs: '1.000001' })],
    });
    await run({
      type: 'changed',
      channel: 'C0LAUNCH',
      message: parent,
      previous: { ...parent, text: 'Launch on the 7th' },
    });
    expect(vectors.rows.get('C0LAUNCH/2.000001')?.chunks[0]?.text).toContain('Launch on the 16th');
    expect(vectors.rows.get('C0LAUNCH/2.000001')?.version).toBe('5.000001');
  });

  it('removes a deleted message at once and remembers it was deleted', async () => {
    const { run, vectors, state } = setup();
    await run({ type: 'posted', channel: 'C0LAUNCH', message: msg('1.000001', 'oops, wrong channel') });
    await run({ type: 'deleted', channel: 'C0LAUNCH', ts: '1.000001' });
    expect(vectors.rows.size).toBe(0);
    expect(await state.tombstones('C0LAUNCH')).toEqual(new Set(['1.000001']));
  });

  it('forgets a channel Strata left, and stops indexing an archived one', async () => {
    const { run, vectors, state } = setup();
    await run({ type: 'posted', channel: 'C0LAUNCH', message: msg('1.000001', 'hello') });
    await run({ type: 'archived', channel: 'C0LAUNCH' });
    expect((await state.get('C0LAUNCH'))?.status).toBe('archived');
    await run({ type: 'posted', channel: 'C0LAUNCH', message: msg('2.000001', 'after the archive') });
    expect(vectors.rows.size).toBe(1);

    await run({ type: 'left', channel: 'C0LAUNCH' });
    expect(vectors.rows.size).toBe(0);
    expect(await state.get('C0LAUNCH')).toBeUndefined();
  });
});
