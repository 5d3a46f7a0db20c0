import { QueryCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalServer } from '../../src/local/dynamo-server.js';
import { createDynamoIndexState, type IndexState } from '../../src/store/index-state.js';
import { createTestTable, startDynamoForTest } from './local-dynamo-fixture.js';

let server: LocalServer;
let fixture: Awaited<ReturnType<typeof createTestTable>>;
let state: IndexState;

beforeAll(async () => {
  server = await startDynamoForTest();
  fixture = await createTestTable('index-state-test');
  state = createDynamoIndexState({ table: fixture.table, now: () => new Date('2026-11-20T10:00:00Z') });
});
afterAll(async () => {
  fixture?.raw.destroy();
  await server?.close();
});

const launch = { channel: 'C0LAUNCH', name: 'launch', kind: 'public' as const, addedBy: 'U0ADMIN' };

describe('index state', () => {
  it('begins a channel as backfilling at generation 1 with empty progress, and lists it', async () => {
    const begun = await state.begin(launch);
    expect(begun).toMatchObject({
      ...launch,
      status: 'backfilling',
      generation: 1,
      pages: 0,
      messagesScanned: 0,
      addedAt: '2026-11-20T10:00:00.000Z',
    });
    expect(begun.cursor).toBeUndefined();
    expect(await state.get('C0LAUNCH')).toEqual(begun);
    expect((await state.list()).map((c) => c.channel)).toContain('C0LAUNCH');
  });

  it('stores the backfill cursor so a restarted worker resumes from it', async () => {
    const current = await state.begin({ ...launch, channel: 'C0RESUME' });
    expect(await state.save({ ...current, cursor: 'bmV4dDox', pages: 3, messagesScanned: 450 })).toBe(true);

    const reread = await createDynamoIndexState({ table: fixture.table }).get('C0RESUME');
    expect(reread).toMatchObject({
      cursor: 'bmV4dDox',
      pages: 3,
      messagesScanned: 450,
      status: 'backfilling',
    });
  });

  it('refuses progress from a backfill whose generation was replaced by a rebuild or removed', async () => {
    const first = await state.begin({ ...launch, channel: 'C0REBUILD' });
    const second = await state.begin({ ...launch, channel: 'C0REBUILD' });
    expect(second.generation).toBe(first.generation + 1);

    expect(await state.save({ ...first, pages: 9 })).toBe(false);
    expect((await state.get('C0REBUILD'))?.pages).toBe(0);

    await state.remove('C0REBUILD');
    expect(await state.save({ ...second, pages: 1 })).toBe(false);
    expect(await state.get('C0REBUILD')).toBeUndefined();
  });

  it('records live syncs only for channels that are indexed', async () => {
    await state.begin({ ...launch, channel: 'C0TOUCH' });
    await state.touch('C0TOUCH', '2026-11-21T08:00:00.000Z');
    await state.touch('C0NOTINDEXED', '2026-11-21T08:00:00.000Z');

    expect((await state.get('C0TOUCH'))?.lastSyncAt).toBe('2026-11-21T08:00:00.000Z');
    expect(await state.get('C0NOTINDEXED')).toBeUndefined();
  });

  it('keeps deleted-message markers per channel, with an expiry for DynamoDB TTL', async () => {
    await state.addTombstones('C0LAUNCH', ['1700000001.000100', '1700000002.000200']);
    await state.addTombstones('C0OTHER', ['1700000003.000300']);

    expect(await state.tombstones('C0LAUNCH')).toEqual(new Set(['1700000001.000100', '1700000002.000200']));
    const raw = await fixture.raw.send(
      new QueryCommand({
        TableName: 'index-state-test',
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': { S: 'RAG#DELETED#C0OTHER' } },
      }),
    );
    expect(Number(raw.Items?.[0]?.expiresAt?.N)).toBe(
      Date.parse('2026-11-20T10:00:00Z') / 1000 + 30 * 86_400,
    );
  });
});
