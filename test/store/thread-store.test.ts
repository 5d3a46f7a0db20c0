import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StrataError } from '../../src/errors.js';
import type { LocalServer } from '../../src/local/dynamo-server.js';
import { createDocumentClient, createStrataTable } from '../../src/store/table.js';
import { createDynamoThreadStore, type ThreadTurn } from '../../src/store/thread-store.js';
import { createTestTable, REGION, startDynamoForTest } from './local-dynamo-fixture.js';

let server: LocalServer;
let fixture: Awaited<ReturnType<typeof createTestTable>>;

beforeAll(async () => {
  server = await startDynamoForTest();
  fixture = await createTestTable('threads-test');
});

afterAll(async () => {
  fixture?.raw.destroy();
  await server?.close();
});

function turn(
  channel: string,
  threadTs: string,
  ts: string,
  overrides: Partial<ThreadTurn> = {},
): ThreadTurn {
  return { channel, threadTs, ts, role: 'user', text: `message ${ts}`, user: 'U123', ...overrides };
}

describe('thread store', () => {
  it('returns every turn of a thread oldest first, whatever order they were appended in', async () => {
    const store = createDynamoThreadStore({ table: fixture.table });
    const question = turn('C1', '1700000000.000100', '1700000000.000100', { text: 'What is Bedrock?' });
    const answer = turn('C1', '1700000000.000100', '1700000001.000200', {
      role: 'assistant',
      text: 'A managed service for foundation models.',
      user: undefined,
      model: 'anthropic.claude-3-haiku',
    });
    const followUp = turn('C1', '1700000000.000100', '1700000002.000300', { text: 'Which regions?' });

    await store.append(answer);
    await store.append(followUp);
    await store.append(question);

    expect(await store.list('C1', '1700000000.000100', 10)).toEqual([
      {
        channel: 'C1',
        threadTs: '1700000000.000100',
        ts: '1700000000.000100',
        role: 'user',
        text: 'What is Bedrock?',
        user: 'U123',
      },
      {
        channel: 'C1',
        threadTs: '1700000000.000100',
        ts: '1700000001.000200',
        role: 'assistant',
        text: 'A managed service for foundation models.',
        model: 'anthropic.claude-3-haiku',
      },
      {
        channel: 'C1',
        threadTs: '1700000000.000100',
        ts: '1700000002.000300',
        role: 'user',
        text: 'Which regions?',
        user: 'U123',
      },
    ]);
  });

  it('lists only the last N turns, oldest first', async () => {
    const store = createDynamoThreadStore({ table: fixture.table });
    for (let i = 1; i <= 7; i++) {
      await store.append(turn('C2', '1700000100.000000', `17000001${i}0.000000`));
    }

    const last3 = await store.list('C2', '1700000100.000000', 3);

    expect(last3.map((t) => t.text)).toEqual([
      'message 1700000150.000000',
      'message 1700000160.000000',
      'message 1700000170.000000',
    ]);
  });

  it('keeps threads apart, including threads with the same ts in another channel', async () => {
    const store = createDynamoThreadStore({ table: fixture.table });
    await store.append(turn('C3', '1700000200.000000', '1700000200.000000', { text: 'in C3' }));
    await store.append(turn('C4', '1700000200.000000', '1700000200.000000', { text: 'in C4' }));
    await store.append(turn('C3', '1700000299.000000', '1700000299.000000', { text: 'other C3 thread' }));

    const turns = await store.list('C3', '1700000200.000000', 10);

    expect(turns.map((t) => t.text)).toEqual(['in C3']);
  });

  it('returns an empty list for a thread with no turns or a limit of zero', async () => {
    const store = createDynamoThreadStore({ table: fixture.table });
    await store.append(turn('C5', '1700000300.000000', '1700000300.000000'));

    expect(await store.list('C5', '1700000399.000000', 10)).toEqual([]);
    expect(await store.list('C5', '1700000300.000000', 0)).toEqual([]);
  });

  it('stores the turn under its thread partition with a TTL when one is configured', async () => {
    const now = new Date('2025-03-01T00:00:00.000Z');
    const store = createDynamoThreadStore({ table: fixture.table, ttlSeconds: 600, now: () => now });
    await store.append(
      turn('C6', '1700000400.000000', '1700000401.000000', { text: 'kept for ten minutes' }),
    );

    const { Item } = await fixture.raw.send(
      new GetItemCommand({
        TableName: 'threads-test',
        Key: { pk: { S: 'THREAD#C6#1700000400.000000' }, sk: { S: 'TURN#1700000401.000000' } },
        ConsistentRead: true,
      }),
    );

    expect(Item).toEqual({
      pk: { S: 'THREAD#C6#1700000400.000000' },
      sk: { S: 'TURN#1700000401.000000' },
      _et: { S: 'ThreadTurn' },
      channel: { S: 'C6' },
      threadTs: { S: '1700000400.000000' },
      ts: { S: '1700000401.000000' },
      role: { S: 'user' },
      text: { S: 'kept for ten minutes' },
      user: { S: 'U123' },
      expiresAt: { N: String(now.getTime() / 1000 + 600) },
    });
  });

  it('fails with a retryable store_unavailable error when the table cannot be reached', async () => {
    const table = createStrataTable({
      documentClient: createDocumentClient({ region: REGION }),
      tableName: 'no-such-table',
    });
    const store = createDynamoThreadStore({ table });

    await expect(store.append(turn('C7', '1.0', '1.0'))).rejects.toMatchObject({
      code: 'store_unavailable',
      retryable: true,
    });
    await expect(store.list('C7', '1.0', 5)).rejects.toBeInstanceOf(StrataError);
  });
});
