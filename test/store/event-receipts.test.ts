import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StrataError } from '../../src/errors.js';
import type { LocalServer } from '../../src/local/dynamo-server.js';
import { createDynamoEventReceipts } from '../../src/store/event-receipts.js';
import { createDocumentClient, createStrataTable } from '../../src/store/table.js';
import { createTestTable, REGION, startDynamoForTest } from './local-dynamo-fixture.js';

const TTL_SECONDS = 3600;
const T0 = new Date('2025-03-01T12:00:00.000Z');
const T0_SECONDS = T0.getTime() / 1000;

let server: LocalServer;
let fixture: Awaited<ReturnType<typeof createTestTable>>;

beforeAll(async () => {
  server = await startDynamoForTest();
  fixture = await createTestTable('receipts-test');
});

afterAll(async () => {
  fixture?.raw.destroy();
  await server?.close();
});

/** Every claim gets a fresh id unless `claimId` pins one (as the SDK's retry of the same put would). */
function receiptsAt(clock: { now: Date }, claimId?: string) {
  return createDynamoEventReceipts({
    table: fixture.table,
    ttlSeconds: TTL_SECONDS,
    now: () => clock.now,
    ...(claimId ? { newClaimId: () => claimId } : {}),
  });
}

describe('event receipts', () => {
  it('claims an event id once and reports every later claim as a duplicate', async () => {
    const receipts = receiptsAt({ now: T0 });

    expect(await receipts.claim('Ev-once')).toBe('claimed');
    expect(await receipts.claim('Ev-once')).toBe('duplicate');
    expect(await receipts.claim('Ev-once')).toBe('duplicate');
  });

  it('takes a failed condition on a receipt the same claim wrote as its own, not as a duplicate', async () => {
    const first = receiptsAt({ now: T0 }, 'claim-a');
    expect(await first.claim('Ev-own')).toBe('claimed');
    // The same claim again is what the SDK's retry of a put whose answer was lost looks like.
    expect(await first.claim('Ev-own')).toBe('claimed');
    expect(await receiptsAt({ now: T0 }, 'claim-b').claim('Ev-own')).toBe('duplicate');
  });

  it('claims a different event id independently', async () => {
    const receipts = receiptsAt({ now: T0 });

    expect(await receipts.claim('Ev-first')).toBe('claimed');
    expect(await receipts.claim('Ev-second')).toBe('claimed');
  });

  it('treats a receipt as a duplicate until it expires, then claims the id again', async () => {
    const clock = { now: T0 };
    const receipts = receiptsAt(clock);
    expect(await receipts.claim('Ev-expiring')).toBe('claimed');

    clock.now = new Date(T0.getTime() + (TTL_SECONDS - 1) * 1000);
    expect(await receipts.claim('Ev-expiring')).toBe('duplicate');

    clock.now = new Date(T0.getTime() + (TTL_SECONDS + 1) * 1000);
    expect(await receipts.claim('Ev-expiring')).toBe('claimed');
    expect(await receipts.claim('Ev-expiring')).toBe('duplicate');
  });

  it('stores the receipt under EVENT#<id> with the time received, the claim and a TTL in epoch seconds', async () => {
    await receiptsAt({ now: T0 }, 'claim-1').claim('Ev-stored');

    const { Item } = await fixture.raw.send(
      new GetItemCommand({
        TableName: 'receipts-test',
        Key: { pk: { S: 'EVENT#Ev-stored' }, sk: { S: 'RECEIPT' } },
        ConsistentRead: true,
      }),
    );

    expect(Item).toEqual({
      pk: { S: 'EVENT#Ev-stored' },
      sk: { S: 'RECEIPT' },
      _et: { S: 'EventReceipt' },
      eventId: { S: 'Ev-stored' },
      receivedAt: { S: '2025-03-01T12:00:00.000Z' },
      expiresAt: { N: String(T0_SECONDS + TTL_SECONDS) },
      claimId: { S: 'claim-1' },
    });
  });

  it('fails with a retryable store_unavailable error when the table cannot be reached', async () => {
    const table = createStrataTable({
      documentClient: createDocumentClient({ region: REGION }),
      tableName: 'no-such-table',
    });
    const receipts = createDynamoEventReceipts({ table, ttlSeconds: TTL_SECONDS });

    const error = await receipts.claim('Ev-lost').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(StrataError);
    expect(error).toMatchObject({ code: 'store_unavailable', retryable: true });
    expect((error as StrataError).cause).toMatchObject({ name: 'ResourceNotFoundException' });
  });
});
