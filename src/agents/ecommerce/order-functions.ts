import { z } from 'zod';
import { type Order, type OrderItem, RETURN_WINDOW_DAYS, type ReturnRecord } from './order-types.js';
import type { OrdersStore } from './orders-store.js';

/** What every order function gets besides its parameters. */
export interface OrderFunctionContext {
  store: OrdersStore;
  now: () => Date;
  /** Slack user id of the person who asked, from the agent's session attributes. */
  requestedBy: string | undefined;
}

/** A business answer the agent explains (not found, rejected by a rule); not an error. */
type Answer = Record<string, unknown> & { status: string };

/** Thrown for a parameter that is present and well-formed but does not fit the order (unknown item). */
export class ParameterProblem extends Error {
  constructor(
    readonly parameter: string,
    problem: string,
    readonly hint?: unknown,
  ) {
    super(problem);
    this.name = 'ParameterProblem';
  }
}

const orderId = z
  .string()
  .trim()
  .regex(/^#?\d{3,10}$/, 'must be an order number such as 1042')
  .transform((v) => v.replace(/^#/, ''));
const text = (max: number) => z.string().trim().min(1).max(max);

const money = (cents: number, currency: string) =>
  new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(cents / 100);

const notFound = (id: string): Answer => ({ status: 'not_found', message: `There is no order ${id}.` });

function orderView(order: Order, returns: ReturnRecord[]) {
  const total = order.items.reduce((sum, i) => sum + i.unitPriceCents * i.quantity, 0);
  return {
    orderId: order.orderId,
    customerId: order.customerId,
    status: order.status,
    placedAt: order.placedAt,
    items: order.items.map((i) => ({
      sku: i.sku,
      name: i.name,
      quantity: i.quantity,
      price: money(i.unitPriceCents, order.currency),
      returnable: i.returnable,
    })),
    total: money(total, order.currency),
    shippingAddress: order.shippingAddress,
    ...(order.cancelledAt ? { cancelledAt: order.cancelledAt, cancelReason: order.cancelReason } : {}),
    returns: returns.map((r) => ({
      returnId: r.returnId,
      sku: r.sku,
      item: r.itemName,
      quantity: r.quantity,
    })),
  };
}

function findItem(order: Order, wanted: string): OrderItem {
  const needle = wanted.toLowerCase();
  const bySku = order.items.find((i) => i.sku.toLowerCase() === needle);
  if (bySku) return bySku;
  const words = needle.split(/[^a-z0-9]+/).filter((w) => w.length > 2);
  const matches = order.items.filter((i) => {
    const name = i.name.toLowerCase();
    return name.includes(needle) || words.some((w) => name.includes(w.replace(/s$/, '')));
  });
  const items = order.items.map((i) => `${i.name} (${i.sku})`);
  if (matches.length === 1 && matches[0]) return matches[0];
  if (matches.length > 1) {
    throw new ParameterProblem('item', `"${wanted}" matches several items of order ${order.orderId}`, {
      items,
    });
  }
  throw new ParameterProblem('item', `order ${order.orderId} has no item matching "${wanted}"`, { items });
}

/** The outcome of one call: an answer, or the parameters that were missing or malformed. */
export type OrderCall =
  | { ok: true; answer: Answer }
  | { ok: false; issues: Array<{ parameter: string; problem: string }>; hint?: unknown };

interface OrderFunction {
  call(raw: Record<string, string>, ctx: OrderFunctionContext): Promise<OrderCall>;
}

function define<S extends z.ZodType<Record<string, unknown>>>(
  schema: S,
  run: (params: z.infer<S>, ctx: OrderFunctionContext) => Promise<Answer>,
): OrderFunction {
  return {
    async call(raw, ctx) {
      const parsed = schema.safeParse(raw);
      if (!parsed.success) {
        return {
          ok: false,
          issues: parsed.error.issues.map((i) => ({
            parameter: i.path.join('.') || 'parameters',
            problem: i.code === 'invalid_type' && i.input === undefined ? 'is required' : i.message,
          })),
        };
      }
      try {
        return { ok: true, answer: await run(parsed.data, ctx) };
      } catch (error) {
        if (!(error instanceof ParameterProblem)) throw error;
        return {
          ok: false,
          issues: [{ parameter: error.parameter, problem: error.message }],
          ...(error.hint === undefined ? {} : { hint: error.hint }),
        };
      }
    },
  };
}

export const orderFunctions: Record<string, OrderFunction | undefined> = {
  getOrder: define(z.object({ orderId }), async ({ orderId }, { store }) => {
    const order = await store.getOrder(orderId);
    if (!order) return notFound(orderId);
    return { status: 'found', order: orderView(order, await store.listReturns(orderId)) };
  }),

  getOrderStatus: define(z.object({ orderId }), async ({ orderId }, { store }) => {
    const order = await store.getOrder(orderId);
    if (!order) return notFound(orderId);
    return {
      status: 'found',
      orderId,
      orderStatus: order.status,
      carrier: order.carrier ?? null,
      trackingNumber: order.trackingNumber ?? null,
      shippedAt: order.shippedAt ?? null,
      deliveredAt: order.deliveredAt ?? null,
      estimatedDelivery: order.status === 'delivered' ? null : (order.estimatedDelivery ?? null),
      latestEvent: order.trackingEvents.at(-1) ?? null,
    };
  }),

  listCustomerOrders: define(z.object({ customer: text(254) }), async ({ customer }, { store }) => {
    const found = customer.includes('@')
      ? await store.findCustomerByEmail(customer)
      : await store.getCustomer(customer.toUpperCase());
    if (!found) return { status: 'not_found', message: `No customer matches "${customer}".` };
    const orders = await store.listOrders(found.customerId);
    return {
      status: 'found',
      customer: found,
      orders: orders.map((o) => ({
        orderId: o.orderId,
        status: o.status,
        placedAt: o.placedAt,
        items: o.items.map((i) => i.name),
        total: money(
          o.items.reduce((sum, i) => sum + i.unitPriceCents * i.quantity, 0),
          o.currency,
        ),
      })),
    };
  }),

  getReturnPolicy: define(z.object({}), async (_params, _ctx) => {
    return {
      status: 'found',
      windowDays: RETURN_WINDOW_DAYS,
      rules: [
        `Delivered items can be returned within ${RETURN_WINDOW_DAYS} days of delivery.`,
        'Gift cards and items marked non-returnable cannot be returned.',
        'The refund goes to the original payment method once the item arrives back.',
        'Orders that have not shipped can be cancelled instead of returned.',
      ],
    };
  }),

  createReturn: define(
    z.object({
      orderId,
      item: text(120),
      quantity: z.coerce.number().int().min(1).max(100).optional(),
      reason: text(500).optional(),
    }),
    async ({ orderId, item, quantity, reason }, { store, now, requestedBy }) => {
      const order = await store.getOrder(orderId);
      if (!order) return notFound(orderId);
      const line = findItem(order, item);
      const reject = (code: string, message: string, extra: Record<string, unknown> = {}): Answer => ({
        status: 'rejected',
        reason: code,
        message,
        ...extra,
      });
      if (order.status === 'cancelled') return reject('order_cancelled', `Order ${orderId} was cancelled.`);
      if (order.status !== 'delivered' || !order.deliveredAt) {
        return reject(
          'not_delivered',
          `Order ${orderId} has not been delivered yet (status: ${order.status}).`,
        );
      }
      if (!line.returnable) return reject('not_returnable', `${line.name} cannot be returned.`);
      const windowEnds = new Date(Date.parse(order.deliveredAt) + RETURN_WINDOW_DAYS * 86_400_000);
      if (now() > windowEnds) {
        return reject(
          'outside_return_window',
          `${line.name} was delivered on ${order.deliveredAt.slice(0, 10)}; the ${RETURN_WINDOW_DAYS}-day return window ended on ${windowEnds.toISOString().slice(0, 10)}.`,
          { deliveredAt: order.deliveredAt, windowEndedAt: windowEnds.toISOString() },
        );
      }
      const count = quantity ?? line.quantity;
      if (count > line.quantity) {
        throw new ParameterProblem('quantity', `order ${orderId} has only ${line.quantity} × ${line.name}`);
      }
      const { created, record } = await store.createReturnOnce({
        returnId: `R-${orderId}-${line.sku}`,
        orderId,
        sku: line.sku,
        itemName: line.name,
        quantity: count,
        reason: reason ?? 'not given',
        refundCents: line.unitPriceCents * count,
        status: 'requested',
        createdAt: now().toISOString(),
        ...(requestedBy ? { requestedBy } : {}),
      });
      return {
        status: created ? 'created' : 'already_exists',
        return: {
          returnId: record.returnId,
          orderId,
          item: record.itemName,
          sku: record.sku,
          quantity: record.quantity,
          refund: money(record.refundCents, order.currency),
          createdAt: record.createdAt,
          instructions: 'A prepaid return label has been emailed to the customer.',
        },
      };
    },
  ),

  updateShippingAddress: define(
    z.object({
      orderId,
      address: text(300).refine((v) => v.includes(' ') && /\d/.test(v), 'must be a full postal address'),
    }),
    async ({ orderId, address }, { store, now, requestedBy }) => {
      const order = await store.getOrder(orderId);
      if (!order) return notFound(orderId);
      if (order.shippingAddress === address)
        return { status: 'unchanged', orderId, shippingAddress: address };
      const outcome = await store.updateShippingAddress(orderId, address, {
        by: requestedBy,
        at: now().toISOString(),
      });
      if (outcome === 'not_open') {
        return {
          status: 'rejected',
          reason: 'already_shipped',
          message: `Order ${orderId} is ${order.status}; the address can only change before it ships.`,
        };
      }
      return { status: 'updated', orderId, previousAddress: order.shippingAddress, shippingAddress: address };
    },
  ),

  cancelOrder: define(
    z.object({ orderId, reason: text(500).optional() }),
    async ({ orderId, reason }, { store, now, requestedBy }) => {
      const order = await store.getOrder(orderId);
      if (!order) return notFound(orderId);
      if (order.status === 'cancelled')
        return { status: 'already_cancelled', orderId, cancelledAt: order.cancelledAt };
      const outcome = await store.cancelOrder(orderId, reason ?? 'not given', {
        by: requestedBy,
        at: now().toISOString(),
      });
      if (outcome === 'not_open') {
        return {
          status: 'rejected',
          reason: 'already_shipped',
          message: `Order ${orderId} is ${order.status}; only orders that have not shipped can be cancelled. A return is possible after delivery.`,
        };
      }
      return { status: 'cancelled', orderId };
    },
  ),
};
