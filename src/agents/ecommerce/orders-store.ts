import {
  GetItemCommand,
  isConditionCheckFailed,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
} from 'dynamodb-toolbox';
import { storeUnavailable } from '../../store/store-error.js';
import type { Customer, Order, ReturnRecord } from './order-types.js';
import {
  CUSTOMER_ORDER_PREFIX,
  createCustomerEntity,
  createCustomerOrderEntity,
  createEmailEntity,
  createOrderEntity,
  createReturnEntity,
  customerPartition,
  type OrdersTable,
  orderPartition,
  RETURN_PREFIX,
} from './orders-table.js';

export { createOrdersTable, type OrdersTable } from './orders-table.js';

export interface OrderChange {
  /** Slack user id of the person who asked (from the agent's session attributes), if known. */
  by: string | undefined;
  at: string;
}

/** The shop's orders. Every write is conditional, so a retried or doubled call changes nothing twice. */
export interface OrdersStore {
  getOrder(orderId: string): Promise<Order | undefined>;
  getCustomer(customerId: string): Promise<Customer | undefined>;
  findCustomerByEmail(email: string): Promise<Customer | undefined>;
  /** The customer's orders, newest first. */
  listOrders(customerId: string): Promise<Order[]>;
  listReturns(orderId: string): Promise<ReturnRecord[]>;
  /** Creates the return unless one exists for the same order item; then returns that one. */
  createReturnOnce(record: ReturnRecord): Promise<{ created: boolean; record: ReturnRecord }>;
  /** Changes the address only while the order has not shipped. */
  updateShippingAddress(
    orderId: string,
    address: string,
    change: OrderChange,
  ): Promise<'updated' | 'not_open'>;
  /** Cancels only while the order has not shipped. */
  cancelOrder(orderId: string, reason: string, change: OrderChange): Promise<'cancelled' | 'not_open'>;
  /** Writes customers and orders that are missing; existing items (and changes to them) are kept. */
  seed(data: { customers: Customer[]; orders: Order[] }): Promise<{ written: number }>;
}

export function createDynamoOrdersStore(options: { table: OrdersTable }): OrdersStore {
  const { table } = options;
  const customers = createCustomerEntity(table);
  const emails = createEmailEntity(table);
  const customerOrders = createCustomerOrderEntity(table);
  const orders = createOrderEntity(table);
  const returns = createReturnEntity(table);

  const guard = async <T>(operation: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      throw storeUnavailable(operation, error);
    }
  };

  const getOrder = (orderId: string) =>
    guard('get order', async () => {
      const { Item } = await orders
        .build(GetItemCommand)
        .key({ orderId })
        .options({ consistent: true })
        .send();
      return Item === undefined ? undefined : toOrder(Item);
    });

  const getCustomer = (customerId: string) =>
    guard('get customer', async () => {
      const { Item } = await customers.build(GetItemCommand).key({ customerId }).send();
      return Item;
    });

  /** Runs a conditional write; false when its condition did not hold (nothing was written). */
  const conditional = async (write: () => Promise<unknown>): Promise<boolean> => {
    try {
      await write();
      return true;
    } catch (error) {
      if (isConditionCheckFailed(error)) return false;
      throw error;
    }
  };
  const missing = { attr: 'pk', exists: false } as const;

  return {
    getOrder,
    getCustomer,

    findCustomerByEmail: (email) =>
      guard('find customer by email', async () => {
        const { Item } = await emails.build(GetItemCommand).key({ email: email.toLowerCase() }).send();
        return Item === undefined ? undefined : getCustomer(Item.customerId);
      }),

    listOrders: (customerId) =>
      guard('list orders', async () => {
        const { Items = [] } = await table
          .build(QueryCommand)
          .entities(customerOrders)
          .query({ partition: customerPartition(customerId), range: { beginsWith: CUSTOMER_ORDER_PREFIX } })
          .send();
        const found = await Promise.all(Items.map((link) => getOrder(link.orderId)));
        return found
          .filter((o): o is Order => o !== undefined)
          .sort((a, b) => b.placedAt.localeCompare(a.placedAt));
      }),

    listReturns: (orderId) =>
      guard('list returns', async () => {
        const { Items = [] } = await table
          .build(QueryCommand)
          .entities(returns)
          .query({ partition: orderPartition(orderId), range: { beginsWith: RETURN_PREFIX } })
          .options({ consistent: true })
          .send();
        return Items.map(toReturn);
      }),

    createReturnOnce: (record) =>
      guard('create return', async () => {
        const created = await conditional(() =>
          returns.build(PutItemCommand).item(record).options({ condition: missing }).send(),
        );
        if (created) return { created, record };
        const { Item } = await returns
          .build(GetItemCommand)
          .key({ orderId: record.orderId, sku: record.sku })
          .options({ consistent: true })
          .send();
        return { created, record: Item === undefined ? record : toReturn(Item) };
      }),

    updateShippingAddress: (orderId, address, change) =>
      guard('update shipping address', async () => {
        const updated = await conditional(() =>
          orders
            .build(UpdateItemCommand)
            .item({ orderId, shippingAddress: address, updatedAt: change.at, updatedBy: change.by })
            .options({
              condition: {
                and: [
                  { attr: 'pk', exists: true },
                  { attr: 'status', eq: 'processing' },
                ],
              },
            })
            .send(),
        );
        return updated ? 'updated' : 'not_open';
      }),

    cancelOrder: (orderId, reason, change) =>
      guard('cancel order', async () => {
        const cancelled = await conditional(() =>
          orders
            .build(UpdateItemCommand)
            .item({
              orderId,
              status: 'cancelled',
              cancelledAt: change.at,
              cancelReason: reason,
              updatedAt: change.at,
              updatedBy: change.by,
            })
            .options({
              condition: {
                and: [
                  { attr: 'pk', exists: true },
                  { attr: 'status', eq: 'processing' },
                ],
              },
            })
            .send(),
        );
        return cancelled ? 'cancelled' : 'not_open';
      }),

    seed: (data) =>
      guard('seed orders', async () => {
        let written = 0;
        const count = (wrote: boolean) => {
          if (wrote) written += 1;
        };
        for (const customer of data.customers) {
          count(
            await conditional(() =>
              customers.build(PutItemCommand).item(customer).options({ condition: missing }).send(),
            ),
          );
          count(
            await conditional(() =>
              emails
                .build(PutItemCommand)
                .item({ email: customer.email.toLowerCase(), customerId: customer.customerId })
                .options({ condition: missing })
                .send(),
            ),
          );
        }
        for (const order of data.orders) {
          count(
            await conditional(() =>
              orders.build(PutItemCommand).item(order).options({ condition: missing }).send(),
            ),
          );
          count(
            await conditional(() =>
              customerOrders
                .build(PutItemCommand)
                .item({ customerId: order.customerId, orderId: order.orderId, placedAt: order.placedAt })
                .options({ condition: missing })
                .send(),
            ),
          );
        }
        return { written };
      }),
  };
}

function toOrder(stored: Order): Order {
  const { items, trackingEvents, ...rest } = stored;
  return {
    ...rest,
    items: items.map((i) => ({ ...i })),
    trackingEvents: trackingEvents.map((e) => ({ ...e })),
  };
}

function toReturn(stored: ReturnRecord): ReturnRecord {
  return { ...stored };
}
