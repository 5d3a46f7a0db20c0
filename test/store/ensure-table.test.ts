import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalServer } from '../../src/local/dynamo-server.js';
import { ensureTable } from '../../src/store/ensure-table.js';
import { REGION, startDynamoForTest } from './local-dynamo-fixture.js';

let server: LocalServer;
let client: DynamoDBClient;

beforeAll(async () => {
  server = await startDynamoForTest();
  client = new DynamoDBClient({ region: REGION });
});

afterAll(async () => {
  client?.destroy();
  await server?.close();
});

describe('ensureTable', () => {
  it('creates an active pay-per-request table keyed by pk and sk', async () => {
    const result = await ensureTable({ client, tableName: 'strata-ensure' });

    expect(result).toEqual({ created: true, ttl: 'unsupported' });
    const { Table } = await client.send(new DescribeTableCommand({ TableName: 'strata-ensure' }));
    expect(Table?.TableStatus).toBe('ACTIVE');
    expect(Table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
    expect(Table?.KeySchema).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
  });

  it('leaves an existing table alone when called again', async () => {
    await ensureTable({ client, tableName: 'strata-twice' });
    const before = await client.send(new DescribeTableCommand({ TableName: 'strata-twice' }));

    const again = await ensureTable({ client, tableName: 'strata-twice' });

    expect(again).toEqual({ created: false, ttl: 'unsupported' });
    const after = await client.send(new DescribeTableCommand({ TableName: 'strata-twice' }));
    expect(after.Table?.CreationDateTime).toEqual(before.Table?.CreationDateTime);
    expect(after.Table?.TableStatus).toBe('ACTIVE');
  });

  it('creates the table once when two processes ensure it at the same time', async () => {
    const results = await Promise.all([
      ensureTable({ client, tableName: 'strata-race' }),
      ensureTable({ client, tableName: 'strata-race' }),
    ]);

    expect(results.map((r) => r.created).sort()).toEqual([false, true]);
    const { Table } = await client.send(new DescribeTableCommand({ TableName: 'strata-race' }));
    expect(Table?.TableStatus).toBe('ACTIVE');
  });
});
