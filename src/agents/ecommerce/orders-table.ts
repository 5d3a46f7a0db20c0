import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { boolean, Entity, item, list, map, number, string, Table } from 'dynamodb-toolbox';

/**
 * The orders table: its own DynamoDB table (the shop's data, not Strata's), with the same pk/sk key
 * names so `ensureTable` can create it locally. Items:
 *   CUSTOMER#<id> / PROFILE       the customer
 *   EMAIL#<email> / CUSTOMER      email → customer id
 *   CUSTOMER#<id> / ORDER#<id>    the customer's orders (for listing)
 *   ORDER#<id>    / ORDER         the order
 *   ORDER#<id>    / RETURN#<sku>  one return per order item: the key makes return creation idempotent
 */
export function createOrdersTable(options: { documentClient: DynamoDBDocumentClient; tableName: string }) {
  return new Table({
    documentClient: options.documentClient,
    name: options.tableName,
    partitionKey: { name: 'pk', type: 'string' },
    sortKey: { name: 'sk', type: 'string' },
  });
}

export type OrdersTable = ReturnType<typeof createOrdersTable>;

export const orderPartition = (orderId: string) => `ORDER#${orderId}`;
export const customerPartition = (customerId: string) => `CUSTOMER#${customerId}`;
export const RETURN_PREFIX = 'RETURN#';
export const CUSTOMER_ORDER_PREFIX = 'ORDER#';

export function createCustomerEntity(table: OrdersTable) {
  const schema = item({
    customerId: string().key(),
    name: string(),
    email: string(),
  }).and((prev) => ({
    pk: string()
      .key()
      .hidden()
      .link<typeof prev>(({ customerId }) => customerPartition(customerId)),
    sk: string().key().hidden().const('PROFILE'),
  }));
  return new Entity({ name: 'Customer', table, schema, timestamps: false });
}

export function createEmailEntity(table: OrdersTable) {
  const schema = item({
    email: string().key(),
    customerId: string(),
  }).and((prev) => ({
    pk: string()
      .key()
      .hidden()
      .link<typeof prev>(({ email }) => `EMAIL#${email}`),
    sk: string().key().hidden().const('CUSTOMER'),
  }));
  return new Entity({ name: 'CustomerEmail', table, schema, timestamps: false });
}

export function createCustomerOrderEntity(table: OrdersTable) {
  const schema = item({
    customerId: string().key(),
    orderId: string().key(),
    placedAt: string(),
  }).and((prev) => ({
    pk: string()
      .key()
      .hidden()
      .link<typeof prev>(({ customerId }) => customerPartition(customerId)),
    sk: string()
      .key()
      .hidden()
      .link<typeof prev>(({ orderId }) => `${CUSTOMER_ORDER_PREFIX}${orderId}`),
  }));
  return new Entity({ name: 'CustomerOrder', table, schema, timestamps: false });
}

export function createOrderEntity(table: OrdersTable) {
  const schema = item({
    orderId: string().key(),
    customerId: string(),
    status: string().enum('processing', 'shipped', 'delivered', 'cancelled'),
    currency: string(),
    placedAt: string(),
    items: list(
      map({
        sku: string(),
        name: string(),
        quantity: number(),
        unitPriceCents: number(),
        returnable: boolean(),
      }),
    ),
    shippingAddress: string(),
    carrier: string().optional(),
    trackingNumber: string().optional(),
    estimatedDelivery: string().optional(),
    shippedAt: string().optional(),
    deliveredAt: string().optional(),
    cancelledAt: string().optional(),
    cancelReason: string().optional(),
    trackingEvents: list(map({ at: string(), description: string() })),
    updatedBy: string().optional(),
    updatedAt: string().optional(),
  }).and((prev) => ({
    pk: string()
      .key()
      .hidden()
      .link<typeof prev>(({ orderId }) => orderPartition(orderId)),
    sk: string().key().hidden().const('ORDER'),
  }));
  return new Entity({ name: 'Order', table, schema, timestamps: false });
}

export function createReturnEntity(table: OrdersTable) {
  const schema = item({
    orderId: string().key(),
    sku: string().key(),
    returnId: string(),
    itemName: string(),
    quantity: number(),
    reason: string(),
    refundCents: number(),
    status: string().enum('requested'),
    createdAt: string(),
    requestedBy: string().optional(),
  }).and((prev) => ({
    pk: string()
      .key()
      .hidden()
      .link<typeof prev>(({ orderId }) => orderPartition(orderId)),
    sk: string()
      .key()
      .hidden()
      .link<typeof prev>(({ sku }) => `${RETURN_PREFIX}${sku}`),
  }));
  return new Entity({ name: 'Return', table, schema, timestamps: false });
}
