import { QueryCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalServer } from '../../src/local/dynamo-server.js';
import {
  createDynamoUsageStore,
  daysBetween,
  type UsageRecord,
  type UsageStore,
} from '../../src/store/usage-store.js';
import { createTestTable, startDynamoForTest } from '../store/local-dynamo-fixture.js';

let server: LocalServer;
let store: UsageStore;
let raw: Awaited<ReturnType<typeof createTestTable>>['raw'];

const call = (at: string, overrides: Partial<UsageRecord> = {}): UsageRecord => ({
  at: new Date(at),
  user: 'U0ALICE',
  channel: 'C0GENERAL',
  feature: 'chat',
  modelId: 'anthropic.claude-3-haiku-20240307-v1:0',
  inputTokens: 100,
  outputTokens: 40,
  latencyMs: 800,
  outcome: 'ok',
  imagesGenerated: 0,
  ...overrides,
});

beforeAll(async () => {
  server = await startDynamoForTest();
  const created = await createTestTable('usage-test');
  raw = created.raw;
  store = createDynamoUsageStore({ table: created.table });
  await store.record(call('2025-11-18T23:59:00Z'));
  await store.record(call('2025-11-19T08:00:00Z', { user: 'U0BOB', inputTokens: 10, outputTokens: 5 }));
  await store.record(call('2025-11-19T09:00:00Z', { channel: 'C0RANDOM', modelId: 'amazon.nova-lite-v1:0' }));
  await store.record(call('2025-11-20T10:00:00Z', { outcome: 'throttled', errorCode: 'model_throttled' }));
});
afterAll(async () => {
  await server?.close();
});

describe('the usage store', () => {
  it('lists every call in a time window across day partitions, oldest first', async () => {
    const records = await store.list({
      from: new Date('2025-11-18T00:00:00Z'),
      to: new Date('2025-11-20T23:59:59Z'),
    });
    expect(records.map((r) => r.at.toISOString())).toEqual([
      '2025-11-18T23:59:00.000Z',
      '2025-11-19T08:00:00.000Z',
      '2025-11-19T09:00:00.000Z',
      '2025-11-20T10:00:00.000Z',
    ]);
    expect(records[3]).toMatchObject({ outcome: 'throttled', errorCode: 'model_throttled' });
  });

  it('respects the exact window edges inside a day', async () => {
    const records = await store.list({
      from: new Date('2025-11-19T08:30:00Z'),
      to: new Date('2025-11-19T12:00:00Z'),
    });
    expect(records).toHaveLength(1);
    expect(records[0]?.channel).toBe('C0RANDOM');
  });

  it('answers by user, by channel and by model', async () => {
    const window = { from: new Date('2025-11-18T00:00:00Z'), to: new Date('2025-11-21T00:00:00Z') };
    expect(await store.list({ ...window, user: 'U0BOB' })).toHaveLength(1);
    expect(await store.list({ ...window, channel: 'C0RANDOM' })).toHaveLength(1);
    expect(await store.list({ ...window, modelId: 'amazon.nova-lite-v1:0' })).toHaveLength(1);
    expect(await store.list({ ...window, user: 'U0ALICE', channel: 'C0GENERAL' })).toHaveLength(2);
  });

  it('keeps daily token totals per user and per channel for budgets', async () => {
    expect(await store.dailyTotals({ kind: 'user', id: 'U0ALICE' }, '2025-11-18', '2025-11-20')).toEqual([
      { day: '2025-11-18', inputTokens: 100, outputTokens: 40, invocations: 1 },
      { day: '2025-11-19', inputTokens: 100, outputTokens: 40, invocations: 1 },
      { day: '2025-11-20', inputTokens: 100, outputTokens: 40, invocations: 1 },
    ]);
    const general = await store.dailyTotals({ kind: 'channel', id: 'C0GENERAL' }, '2025-11-19', '2025-11-19');
    expect(general).toEqual([{ day: '2025-11-19', inputTokens: 10, outputTokens: 5, invocations: 1 }]);
  });

  it('stores each call with a TTL so old usage expires', async () => {
    const { Items = [] } = await raw.send(
      new QueryCommand({
        TableName: 'usage-test',
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': { S: 'USAGE#2025-11-20' } },
      }),
    );
    expect(Number(Items[0]?.expiresAt?.N)).toBeGreaterThan(Date.parse('2026-11-20') / 1000);
  });
});

describe('daysBetween', () => {
  it('lists the UTC days a window touches', () => {
    expect(daysBetween(new Date('2025-02-27T22:00:00Z'), new Date('2025-03-01T01:00:00Z'))).toEqual([
      '2025-02-27',
      '2025-02-28',
      '2025-03-01',
    ]);
  });
});
