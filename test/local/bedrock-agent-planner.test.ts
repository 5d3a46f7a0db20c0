import { describe, expect, it } from 'vitest';
import { planFor } from '../../src/local/bedrock-agent/agent-planner.js';

const call = (text: string, memory = {}) => {
  const plan = planFor(text, memory);
  return plan.kind === 'call' ? { fn: plan.function, params: plan.params } : { reply: plan.text };
};

describe('the local agent planner', () => {
  it('maps everyday requests onto the shop functions', () => {
    expect(call('where is order 1042?')).toEqual({ fn: 'getOrderStatus', params: { orderId: '1042' } });
    expect(call('Has #1043 shipped yet?')).toEqual({ fn: 'getOrderStatus', params: { orderId: '1043' } });
    expect(call('what is in order 1044')).toEqual({ fn: 'getOrder', params: { orderId: '1044' } });
    expect(call('show the orders for alice@example.com')).toEqual({
      fn: 'listCustomerOrders',
      params: { customer: 'alice@example.com' },
    });
    expect(call("what's your return policy?")).toEqual({ fn: 'getReturnPolicy', params: {} });
    expect(call('I want to return the headphones from order 1042 because they hurt')).toEqual({
      fn: 'createReturn',
      params: { orderId: '1042', item: 'headphones', reason: 'they hurt' },
    });
    expect(call('please cancel order 1044')).toEqual({ fn: 'cancelOrder', params: { orderId: '1044' } });
    expect(call('change the shipping address of order 1044 to 5 Pine Road, Salem, OR 97301')).toEqual({
      fn: 'updateShippingAddress',
      params: { orderId: '1044', address: '5 Pine Road, Salem, OR 97301' },
    });
    expect(call('can I talk to a person?')).toMatchObject({ fn: 'escalateToHuman' });
  });

  it('uses the order from earlier in the session, and asks when there is none', () => {
    expect(call('when will it arrive?', { lastOrderId: '1043' })).toEqual({
      fn: 'getOrderStatus',
      params: { orderId: '1043' },
    });
    expect(call('cancel it')).toMatchObject({ reply: expect.stringContaining('Which order do you mean?') });
    expect(call('change the address of order 1044')).toMatchObject({
      reply: expect.stringContaining('What is the new shipping address for order 1044?'),
    });
  });

  it('says plainly that it is a local rule-based stand-in when nothing matches', () => {
    const plan = planFor('tell me a joke', {});
    expect(plan.kind).toBe('reply');
    expect(plan.rationale).toMatch(/^Local rule-based planner/);
    expect(plan.kind === 'reply' ? plan.text : '').toContain('deterministic rules, no model');
  });
});
