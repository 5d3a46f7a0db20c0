import { z } from 'zod';

/**
 * The local agent's answers: templates over what the functions returned, in place of the model's
 * wording. Each answer is marked as coming from the local stand-in.
 */

export const LOCAL_MARK = '\n\n_Local stand-in agent: rule-based planner, real order functions._';

const str = z.string().optional().nullable();
const answerSchema = z.looseObject({
  status: z.string().optional(),
  message: str,
  reason: str,
  error: z
    .looseObject({
      code: str,
      message: str,
      hint: z.looseObject({ items: z.array(z.string()).optional() }).optional(),
    })
    .optional(),
});

const statusSchema = z.looseObject({
  orderId: z.string(),
  orderStatus: z.string(),
  carrier: str,
  trackingNumber: str,
  deliveredAt: str,
  estimatedDelivery: str,
  latestEvent: z.object({ description: z.string() }).nullable().optional(),
});
const orderSchema = z.looseObject({
  order: z.looseObject({
    orderId: z.string(),
    status: z.string(),
    placedAt: z.string(),
    items: z.array(
      z.looseObject({ sku: z.string(), name: z.string(), quantity: z.number(), price: z.string() }),
    ),
    total: z.string(),
    shippingAddress: z.string(),
    returns: z.array(z.looseObject({ item: z.string(), returnId: z.string() })),
  }),
});
const listSchema = z.looseObject({
  customer: z.looseObject({ name: z.string(), email: z.string() }),
  orders: z.array(
    z.looseObject({ orderId: z.string(), status: z.string(), items: z.array(z.string()), total: z.string() }),
  ),
});
const policySchema = z.looseObject({ rules: z.array(z.string()) });
const returnSchema = z.looseObject({
  return: z.looseObject({
    returnId: z.string(),
    orderId: z.string(),
    item: z.string(),
    quantity: z.number(),
    refund: z.string(),
    instructions: z.string().optional(),
  }),
});

const day = (iso: string | null | undefined) => (iso ? iso.slice(0, 10) : 'an unknown date');

/** The answer to a function result. `state` is the Lambda's responseState (FAILURE / REPROMPT). */
export function answerFor(
  fn: string,
  body: string,
  state: 'FAILURE' | 'REPROMPT' | undefined,
  purpose: 'answer' | 'ask-item',
): string {
  const json = parse(body);
  const base = answerSchema.safeParse(json);
  const a = base.success ? base.data : {};
  if (a.error) {
    const items = a.error.hint?.items;
    const lead = state === 'FAILURE' ? 'That did not work' : 'I need something else for that';
    return `${lead}: ${a.error.message ?? 'the order system rejected the request'}.${items ? ` The order has: ${items.join(', ')}.` : ''}`;
  }
  if (a.status === 'not_found' || a.status === 'rejected') return a.message ?? 'That is not possible.';
  if (a.status === 'denied') return 'Okay, I did not do that. Nothing was changed.';

  switch (fn) {
    case 'getOrderStatus': {
      const s = statusSchema.safeParse(json);
      if (!s.success) break;
      const { orderId, orderStatus, carrier, trackingNumber } = s.data;
      const tracking = carrier
        ? ` with ${carrier}${trackingNumber ? ` (tracking ${trackingNumber})` : ''}`
        : '';
      const latest = s.data.latestEvent ? ` Latest update: ${s.data.latestEvent.description}.` : '';
      if (orderStatus === 'delivered')
        return `Order ${orderId} was delivered on ${day(s.data.deliveredAt)}${tracking}.${latest}`;
      if (orderStatus === 'shipped') {
        return `Order ${orderId} is on its way${tracking}.${latest} Expected delivery: ${day(s.data.estimatedDelivery)}.`;
      }
      if (orderStatus === 'processing') {
        return `Order ${orderId} is being prepared and has not shipped yet. Expected delivery: ${day(s.data.estimatedDelivery)}.`;
      }
      return `Order ${orderId} was cancelled.${latest}`;
    }
    case 'getOrder': {
      const o = orderSchema.safeParse(json);
      if (!o.success) break;
      const order = o.data.order;
      const items = order.items.map((i) => `• ${i.name} (${i.sku}) × ${i.quantity}: ${i.price}`).join('\n');
      if (purpose === 'ask-item') {
        return `Which item of order ${order.orderId} should be returned? It has:\n${items}\nSay for example "return the ${order.items[0]?.name.toLowerCase() ?? 'item'} from order ${order.orderId}".`;
      }
      const returns =
        order.returns.length > 0
          ? `\nReturns: ${order.returns.map((r) => `${r.item} (${r.returnId})`).join(', ')}.`
          : '';
      return `Order ${order.orderId} is ${order.status} (placed ${day(order.placedAt)}):\n${items}\nTotal: ${order.total}. Ships to ${order.shippingAddress}.${returns}`;
    }
    case 'listCustomerOrders': {
      const l = listSchema.safeParse(json);
      if (!l.success) break;
      const { customer, orders } = l.data;
      const lines = orders
        .map((o) => `• ${o.orderId}: ${o.status}, ${o.items.join(', ')} (${o.total})`)
        .join('\n');
      return `${customer.name} (${customer.email}) has ${orders.length} order${orders.length === 1 ? '' : 's'}:\n${lines}`;
    }
    case 'getReturnPolicy': {
      const p = policySchema.safeParse(json);
      if (!p.success) break;
      return `Our return policy:\n${p.data.rules.map((r) => `• ${r}`).join('\n')}`;
    }
    case 'createReturn': {
      const r = returnSchema.safeParse(json);
      if (!r.success) break;
      const ret = r.data.return;
      if (a.status === 'already_exists') {
        return `A return for ${ret.item} from order ${ret.orderId} already exists (${ret.returnId}), so nothing new was created.`;
      }
      return `Done: return ${ret.returnId} is created for ${ret.quantity} × ${ret.item} from order ${ret.orderId}. Refund: ${ret.refund}. ${ret.instructions ?? ''}`.trim();
    }
    case 'updateShippingAddress':
      if (a.status === 'unchanged') return 'That is already the shipping address, so nothing changed.';
      return `Done: the order will now ship to ${field(json, 'shippingAddress') ?? 'the new address'}.`;
    case 'cancelOrder':
      if (a.status === 'already_cancelled') return 'That order was already cancelled, so nothing changed.';
      return `Done: order ${field(json, 'orderId') ?? ''} is cancelled. The payment will be refunded in full.`;
    case 'escalateToHuman': {
      const ticket = field(json, 'ticket');
      return `I've asked a person from the support team to take over${ticket ? ` (${ticket})` : ''}. They will reply in this thread.`;
    }
  }
  return `The ${fn} function answered: ${body.slice(0, 500)}`;
}

function field(json: unknown, key: string): string | undefined {
  const parsed = z.record(z.string(), z.unknown()).safeParse(json);
  const value = parsed.success ? parsed.data[key] : undefined;
  return typeof value === 'string' ? value : undefined;
}

function parse(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return { message: body };
  }
}
