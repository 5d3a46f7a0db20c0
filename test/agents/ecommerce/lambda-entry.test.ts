import { readFileSync } from 'node:fs';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoShop } from '../../../src/agents/ecommerce/orders-seed.js';
import { createDynamoOrdersStore, createOrdersTable } from '../../../src/agents/ecommerce/orders-store.js';
import type { LocalServer } from '../../../src/local/dynamo-server.js';
import { ensureTable } from '../../../src/store/ensure-table.js';
import { createDocumentClient, createDynamoClient } from '../../../src/store/table.js';
import { REGION, startDynamoForTest } from '../../store/local-dynamo-fixture.js';

let server: LocalServer;

beforeAll(async () => {
  server = await startDynamoForTest();
  const tableName = 'deployed-orders';
  await ensureTable({ client: createDynamoClient({ region: REGION }), tableName });
  await createDynamoOrdersStore({
    table: createOrdersTable({ documentClient: createDocumentClient({ region: REGION }), tableName }),
  }).seed(demoShop(new Date()));
  // What the CDK stack sets on the function.
  process.env.STRATA_ORDERS_TABLE_NAME = tableName;
  process.env.LOG_LEVEL = 'silent';
});
afterAll(async () => {
  await server?.close();
});

describe('the deployed OrderManagement Lambda entry point', () => {
  it('reads its table from STRATA_ORDERS_TABLE_NAME and answers a Bedrock Agents event', async () => {
    const { handler } = await import('../../../src/agents/ecommerce/lambda.js');
    const event = JSON.parse(
      readFileSync(new URL('./fixtures/get-order-status.event.json', import.meta.url), 'utf8'),
    ) as unknown;

    const response = await handler(event, { functionName: 'orders', awsRequestId: 'req-1' } as Context);

    expect(response.response.functionResponse.responseState).toBeUndefined();
    expect(JSON.parse(response.response.functionResponse.responseBody.TEXT.body)).toMatchObject({
      status: 'found',
      orderId: '1042',
      orderStatus: 'delivered',
    });
  });
});
