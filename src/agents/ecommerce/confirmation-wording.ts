import type { ActionWording, Wording } from '../action-wording.js';
import { HANDOFF_ACTION_GROUP, ORDERS_ACTION_GROUP } from './ecommerce-agent.js';

/** The ecommerce agent's changes in the words a support person uses. */
export const ecommerceWording: Wording = (actionGroup, fn, params) => {
  const detail = (label: string, value: string | undefined) => (value ? [{ label, value }] : []);
  const order = detail('Order', params.orderId);
  if (actionGroup === ORDERS_ACTION_GROUP) {
    switch (fn) {
      case 'createReturn':
        return words('Create a return', [
          ...order,
          ...detail('Item', params.item),
          { label: 'Quantity', value: params.quantity ?? 'all of that item' },
          ...detail('Reason', params.reason),
        ]);
      case 'updateShippingAddress':
        return words('Change the shipping address', [...order, ...detail('New address', params.address)]);
      case 'cancelOrder':
        return words('Cancel the order', [...order, ...detail('Reason', params.reason)]);
    }
  }
  if (actionGroup === HANDOFF_ACTION_GROUP && fn === 'escalateToHuman') {
    return words('Hand this conversation to a person on the support team', [
      ...order,
      ...detail('Summary', params.summary),
    ]);
  }
  return undefined;
};

function words(title: string, details: ActionWording['details']): ActionWording {
  return { title, details };
}
