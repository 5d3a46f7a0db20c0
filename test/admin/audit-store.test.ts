import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalServer } from '../../src/local/dynamo-server.js';
import { type AuditStore, createDynamoAuditStore } from '../../src/store/audit-store.js';
import { createTestTable, startDynamoForTest } from '../store/local-dynamo-fixture.js';

let server: LocalServer;
let store: AuditStore;

beforeAll(async () => {
  server = await startDynamoForTest();
  const { table } = await createTestTable('audit-test');
  let n = 0;
  store = createDynamoAuditStore({ table, newId: () => `id${++n}` });
});
afterAll(async () => {
  await server?.close();
});

describe('the audit store', () => {
  it('returns the newest records first, across month partitions', async () => {
    const at = [
      '2025-09-30T23:00:00Z',
      '2025-10-15T12:00:00Z',
      '2025-11-01T00:00:01Z',
      '2025-11-20T09:00:00Z',
    ];
    for (const [i, time] of at.entries()) {
      await store.append({
        at: new Date(time),
        actor: 'U0ADMIN',
        action: `action-${i}`,
        channel: 'C0GENERAL',
        parameters: { n: i },
        outcome: 'ok',
      });
    }
    const latest = await store.latest(3, { now: new Date('2025-11-25T00:00:00Z') });
    expect(latest.map((r) => r.action)).toEqual(['action-3', 'action-2', 'action-1']);
    expect(latest[0]).toMatchObject({
      actor: 'U0ADMIN',
      channel: 'C0GENERAL',
      parameters: { n: 3 },
      outcome: 'ok',
    });
    const all = await store.latest(10, { now: new Date('2025-11-25T00:00:00Z') });
    expect(all.map((r) => r.action)).toEqual(['action-3', 'action-2', 'action-1', 'action-0']);
  });

  it('keeps refusals with their reason', async () => {
    await store.append({
      at: new Date('2025-11-21T10:00:00Z'),
      actor: 'U0BOB',
      action: 'bedrock finetune',
      parameters: { args: 'list' },
      outcome: 'denied',
      detail: 'not an admin',
    });
    const [newest] = await store.latest(1, { now: new Date('2025-11-25T00:00:00Z') });
    expect(newest).toMatchObject({ actor: 'U0BOB', outcome: 'denied', detail: 'not an admin' });
  });
});
