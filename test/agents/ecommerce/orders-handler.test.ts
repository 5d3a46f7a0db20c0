import { readFileSync } from 'node:fs';
import { QueryCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FunctionResponse, functionResponseSchema } from '../../../src/agents/action-group-lambda.js';
import { createOrdersHandler } from '../../../src/agents/ecommerce/orders-handler.js';
import { demoShop } from '../../../src/agents/ecommerce/orders-seed.js';
import { createDynamoOrdersStore, createOrdersTable } from '../../../src/agents/ecommerce/orders-store.js';
import type { LocalServer } from '../../../src/local/dynamo-server.js';
import { ensureTable } from '../../../src/store/ensure-table.js';
import { createDocumentClient, createDynamoClient } from '../../../src/store/table.js';
import { REGION, startDynamoForTest } from '../../store/local-dynamo-fixture.js';

const NOW = new Date('2026-03-10T12:00:00.000Z');
const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}.event.json`, import.meta.url), 'utf8')) as Record<
    string,
    unknown
  >;

let server: LocalServer;
let tables = 0;

beforeAll(async () => {
  server = await startDynamoForTest();
});
afterAll(async () => {
  await server?.close();
});

/** A freshly seeded shop in its own table, and the Lambda handler over it. */
async function freshShop() {
  tables += 1;
  const tableName = `orders-test-${tables}`;
  await ensureTable({ client: createDynamoClient({ region: REGION }), tableName });
  const store = createDynamoOrdersStore({
    table: createOrdersTable({ documentClient: createDocumentClient({ region: REGION }), tableName }),
  });
  await store.seed(demoShop(NOW));
  const handler = createOrdersHandler({ store, now: () => NOW });
  return { tableName, store, handler };
}

function event(fn: string, parameters: Record<string, string>, overrides: Record<string, unknown> = {}) {
  return {
    ...fixture('get-order-status'),
    function: fn,
    parameters: Object.entries(parameters).map(([name, value]) => ({ name, type: 'string', value })),
    ...overrides,
  };
}

function bodyOf(response: FunctionResponse): Record<string, unknown> {
  return JSON.parse(response.response.functionResponse.responseBody.TEXT.body) as Record<string, unknown>;
}

async function returnItems(tableName: string, orderId = '1042') {
  const { Items = [] } = await createDynamoClient({ region: REGION }).send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sk)',
      ExpressionAttributeValues: { ':pk': { S: `ORDER#${orderId}` }, ':sk': { S: 'RETURN#' } },
      ConsistentRead: true,
    }),
  );
  return Items;
}

describe('the OrderManagement action group Lambda', () => {
  it('answers a real getOrderStatus event in the messageVersion 1.0 response format', async () => {
    const { handler } = await freshShop();

    const response = await handler(fixture('get-order-status'), {});

    expect(functionResponseSchema.parse(response)).toEqual(response);
    expect(response).toMatchObject({
      messageVersion: '1.0',
      response: { actionGroup: 'OrderManagement', function: 'getOrderStatus' },
      sessionAttributes: { slackUser: 'U0ALICE', slackChannel: 'C0GENERAL' },
    });
    expect(response.response.functionResponse.responseState).toBeUndefined();
    expect(bodyOf(response)).toMatchObject({
      status: 'found',
      orderId: '1042',
      orderStatus: 'delivered',
      carrier: 'UPS',
      trackingNumber: '1Z999AA10123456784',
      latestEvent: { description: 'Delivered, left at front door' },
    });
  });

  it('creates a return once: the same event again reports the existing return and stores nothing new', async () => {
    const { handler, tableName } = await freshShop();

    const first = bodyOf(await handler(fixture('create-return'), {}));
    const second = bodyOf(await handler(fixture('create-return'), {}));

    expect(first).toMatchObject({
      status: 'created',
      return: { returnId: 'R-1042-HP-200', item: 'Wireless Headphones', quantity: 1, refund: '$129.99' },
    });
    expect(second).toMatchObject({ status: 'already_exists', return: { returnId: 'R-1042-HP-200' } });
    const stored = await returnItems(tableName);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      sku: { S: 'HP-200' },
      reason: { S: 'too tight' },
      requestedBy: { S: 'U0ALICE' },
      createdAt: { S: NOW.toISOString() },
    });
  });

  it('refuses a return outside the 30-day window, naming the dates, and stores nothing', async () => {
    const { handler, tableName } = await freshShop();

    const body = bodyOf(await handler(event('createReturn', { orderId: '1045', item: 'lamp' }), {}));

    expect(body).toMatchObject({ status: 'rejected', reason: 'outside_return_window' });
    expect(String(body.message)).toMatch(
      /Desk Lamp was delivered on 2026-01-24; the 30-day return window ended on 2026-02-23/,
    );
    expect(await returnItems(tableName, '1045')).toHaveLength(0);
  });

  it('refuses to return a gift card and an order that has not been delivered', async () => {
    const { handler } = await freshShop();

    const giftCard = bodyOf(await handler(event('createReturn', { orderId: '1046', item: 'gift card' }), {}));
    const inTransit = bodyOf(await handler(event('createReturn', { orderId: '1043', item: 'shoes' }), {}));

    expect(giftCard).toMatchObject({ status: 'rejected', reason: 'not_returnable' });
    expect(inTransit).toMatchObject({ status: 'rejected', reason: 'not_delivered' });
  });

  it('answers invalid parameters with REPROMPT and a structured error the agent can explain', async () => {
    const { handler } = await freshShop();

    const badQuantity = await handler(fixture('create-return-bad-quantity'), {});
    const missingOrder = await handler(event('getOrder', {}), {});
    const unknownItem = await handler(event('createReturn', { orderId: '1042', item: 'toaster' }), {});

    expect(badQuantity.response.functionResponse.responseState).toBe('REPROMPT');
    expect(bodyOf(badQuantity)).toMatchObject({
      error: { code: 'invalid_parameters', issues: [{ parameter: 'quantity' }] },
    });
    expect(bodyOf(missingOrder)).toMatchObject({
      error: { code: 'invalid_parameters', message: 'orderId is required' },
    });
    expect(unknownItem.response.functionResponse.responseState).toBe('REPROMPT');
    expect(bodyOf(unknownItem)).toMatchObject({
      error: {
        message: 'item order 1042 has no item matching "toaster"',
        hint: { items: ['Wireless Headphones (HP-200)', 'USB-C Cable (2 m) (CB-010)'] },
      },
    });
  });

  it('changes the shipping address only before the order ships', async () => {
    const { handler, store } = await freshShop();
    const address = '5 Pine Road, Salem, OR 97301, USA';

    const open = bodyOf(await handler(event('updateShippingAddress', { orderId: '1044', address }), {}));
    const shipped = bodyOf(await handler(event('updateShippingAddress', { orderId: '1043', address }), {}));

    expect(open).toMatchObject({ status: 'updated', shippingAddress: address });
    expect(shipped).toMatchObject({ status: 'rejected', reason: 'already_shipped' });
    expect((await store.getOrder('1044'))?.shippingAddress).toBe(address);
    expect((await store.getOrder('1044'))?.updatedBy).toBe('U0ALICE');
    expect((await store.getOrder('1043'))?.shippingAddress).toBe(
      '12 Harbour Street, Portland, OR 97201, USA',
    );
  });

  it('cancels an open order once and refuses to cancel a shipped one', async () => {
    const { handler, store } = await freshShop();

    const first = bodyOf(
      await handler(event('cancelOrder', { orderId: '1044', reason: 'changed mind' }), {}),
    );
    const again = bodyOf(await handler(event('cancelOrder', { orderId: '1044' }), {}));
    const shipped = bodyOf(await handler(event('cancelOrder', { orderId: '1043' }), {}));

    expect(first).toEqual({ status: 'cancelled', orderId: '1044' });
    expect(again).toMatchObject({ status: 'already_cancelled' });
    expect(shipped).toMatchObject({ status: 'rejected', reason: 'already_shipped' });
    expect(await store.getOrder('1044')).toMatchObject({ status: 'cancelled', cancelReason: 'changed mind' });
    expect((await store.getOrder('1043'))?.status).toBe('shipped');
  });

  it("lists a customer's orders by email, newest first, and says when no customer matches", async () => {
    const { handler } = await freshShop();

    const alice = bodyOf(await handler(event('listCustomerOrders', { customer: 'Alice@Example.com' }), {}));
    const nobody = bodyOf(await handler(event('listCustomerOrders', { customer: 'zed@example.com' }), {}));

    expect(alice).toMatchObject({
      status: 'found',
      customer: { customerId: 'C-1001', name: 'Alice Martin' },
    });
    expect((alice.orders as Array<{ orderId: string }>).map((o) => o.orderId)).toEqual([
      '1044',
      '1043',
      '1042',
    ]);
    expect(nobody).toMatchObject({ status: 'not_found' });
  });

  it('reports an unknown function and a non-agent event as FAILURE', async () => {
    const { handler } = await freshShop();

    const unknown = await handler(event('deleteEverything', {}), {});
    const notAnAgentEvent = await handler({ httpMethod: 'GET', path: '/orders' }, {});

    expect(unknown.response.functionResponse.responseState).toBe('FAILURE');
    expect(bodyOf(unknown)).toMatchObject({ error: { code: 'unknown_function' } });
    expect(notAnAgentEvent.response.functionResponse.responseState).toBe('FAILURE');
    expect(bodyOf(notAnAgentEvent)).toMatchObject({ error: { code: 'invalid_event' } });
  });

  it('reports a broken order table as a retryable FAILURE instead of throwing', async () => {
    const store = createDynamoOrdersStore({
      table: createOrdersTable({
        documentClient: createDocumentClient({ region: REGION }),
        tableName: 'no-such-orders',
      }),
    });
    const handler = createOrdersHandler({ store, now: () => NOW });

    const response = await handler(fixture('get-order-status'), {});

    expect(response.response.functionResponse.responseState).toBe('FAILURE');
    expect(bodyOf(response)).toMatchObject({ error: { code: 'temporarily_unavailable' } });
  });
});
