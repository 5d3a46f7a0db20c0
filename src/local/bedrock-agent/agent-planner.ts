/**
 * The local agent's planner: deterministic keyword rules over the ecommerce functions, standing in for
 * the model Bedrock would use. It picks one function call (or a question back) per message and says,
 * in its rationale, that it is a local rule.
 */

export interface PlannerMemory {
  lastOrderId?: string;
  lastCustomer?: string;
}

export type Plan =
  | {
      kind: 'call';
      actionGroup: string;
      function: string;
      params: Record<string, string>;
      rationale: string;
      /** `ask-item`: the call only gathers the order's items so the answer can ask which to return. */
      purpose: 'answer' | 'ask-item';
    }
  | { kind: 'reply'; text: string; rationale: string };

const ORDERS = 'OrderManagement';
const HANDOFF = 'HumanHandoff';

const has = (text: string, pattern: RegExp) => pattern.test(text);

export function planFor(input: string, memory: PlannerMemory): Plan {
  const text = input
    .replace(/<@[A-Z0-9]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const lower = text.toLowerCase();
  const orderId = /#?\b(\d{4,6})\b/.exec(text)?.[1] ?? memory.lastOrderId;
  const email = /[\w.+-]+@[\w-]+(\.[\w-]+)+/.exec(text)?.[0];
  const customerId = /\bC-\d{4}\b/i.exec(text)?.[0]?.toUpperCase();
  const reason = /\bbecause\b\s+(.+)$/i.exec(text)?.[1]?.replace(/[.!?]+$/, '');
  const call = (fn: string, params: Record<string, string>, rationale: string, group = ORDERS): Plan => ({
    kind: 'call',
    actionGroup: group,
    function: fn,
    params,
    rationale: `Local rule-based planner: ${rationale}`,
    purpose: 'answer',
  });
  const needOrder = (what: string): Plan => ({
    kind: 'reply',
    text: `Which order do you mean? Tell me the order number (for example 1042) and I'll ${what}.`,
    rationale: 'Local rule-based planner: the request needs an order number and none was given.',
  });

  if (has(lower, /\b(human|person|someone|representative|real agent|talk to|speak to|escalat|hand ?off)/)) {
    return call(
      'escalateToHuman',
      { summary: text.slice(0, 300), ...(orderId ? { orderId } : {}) },
      'the user asks for a person, so I hand the conversation to the support team.',
      HANDOFF,
    );
  }
  if (has(lower, /\bpolic(y|ies)\b|how (long|many days)\b.*\breturn/)) {
    return call('getReturnPolicy', {}, 'the user asks about the return policy.');
  }
  if (has(lower, /\bcancel/)) {
    if (!orderId) return needOrder('cancel it');
    return call(
      'cancelOrder',
      { orderId, ...(reason ? { reason } : {}) },
      `the user wants order ${orderId} cancelled.`,
    );
  }
  if (has(lower, /\baddress\b|\bship (it |them )?to\b|\bdeliver (it |them )?to\b/)) {
    if (!orderId) return needOrder('change its address');
    const address = /\b(?:to|:)\s*(\d.+)$/i
      .exec(text)?.[1]
      ?.replace(/[.!?]+$/, '')
      .trim();
    if (!address) {
      return {
        kind: 'reply',
        text: `What is the new shipping address for order ${orderId}? Give it on one line: street, city, region, postal code, country.`,
        rationale: 'Local rule-based planner: an address change needs the new address.',
      };
    }
    return call(
      'updateShippingAddress',
      { orderId, address },
      `the user wants the address of order ${orderId} changed.`,
    );
  }
  if (has(lower, /\breturn\b|\brefund\b|\bsend (it|them) back\b/)) {
    if (!orderId) return needOrder('start the return');
    const item =
      /\b(?:return|refund|send back)\s+(?:the |my |a |an |these |those |this |that )?(.+?)(?=\s+(?:from|in|of|on|for)\b|\s+because\b|[.?!,]|$)/i
        .exec(text)?.[1]
        ?.trim();
    const generic =
      !item || /^(it|them|something|anything|stuff|one|items?|#?\d+)$/i.test(item) || /^order\b/i.test(item);
    if (generic) {
      return {
        kind: 'call',
        actionGroup: ORDERS,
        function: 'getOrder',
        params: { orderId },
        rationale: `Local rule-based planner: the user wants a return from order ${orderId} but did not say which item, so I look up its items.`,
        purpose: 'ask-item',
      };
    }
    return call(
      'createReturn',
      { orderId, item, ...(reason ? { reason } : {}) },
      `the user wants to return "${item}" from order ${orderId}.`,
    );
  }
  if (email || customerId || has(lower, /\b(list|all|my|their|his|her)\b.*\borders\b|\borders (for|of)\b/)) {
    const customer = email ?? customerId ?? memory.lastCustomer;
    if (!customer) {
      return {
        kind: 'reply',
        text: 'Whose orders should I list? Give me the customer email or id (for example alice@example.com or C-1001).',
        rationale: 'Local rule-based planner: listing orders needs a customer.',
      };
    }
    return call('listCustomerOrders', { customer }, `the user wants the orders of ${customer}.`);
  }
  if (orderId && has(lower, /\b(where|status|track|tracking|arriv|deliver|ship|when|eta|late)/)) {
    return call(
      'getOrderStatus',
      { orderId },
      `the user asks where order ${orderId} is, so I check its shipping status.`,
    );
  }
  if (orderId) {
    return call('getOrder', { orderId }, `the user asks about order ${orderId}, so I look it up.`);
  }
  return {
    kind: 'reply',
    text: [
      "I'm the local stand-in for the orders agent: deterministic rules, no model. I can:",
      '• check where an order is: "where is order 1042?"',
      '• show an order, or list a customer\'s orders: "orders for alice@example.com"',
      '• explain the return policy',
      '• create a return, change an address or cancel an order (after you confirm): "return the headphones from order 1042"',
      '• hand the conversation to a person',
    ].join('\n'),
    rationale: 'Local rule-based planner: no rule matched, so I explain what I can do.',
  };
}
