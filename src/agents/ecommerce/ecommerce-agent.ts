import type { AgentDefinition } from '../agent-definition.js';
import { RETURN_WINDOW_DAYS } from './order-types.js';

export const ORDERS_ACTION_GROUP = 'OrderManagement';
export const HANDOFF_ACTION_GROUP = 'HumanHandoff';
/** Key of the Lambda handler that serves the OrderManagement action group (see lambda.ts). */
export const ORDERS_LAMBDA = 'orders';

const orderId = {
  type: 'string',
  description: 'The order number, e.g. 1042.',
  required: true,
} as const;

/**
 * The ecommerce orders/returns agent. Read-only functions run directly; functions that change an
 * order require the user's confirmation (Bedrock returns control to Strata, which asks in Slack).
 */
export const ecommerceAgent: AgentDefinition = {
  agentName: 'strata-ecommerce-orders',
  description: 'Answers questions about orders and handles returns, address changes and cancellations.',
  foundationModel: 'us.anthropic.claude-3-5-haiku-20241022-v1:0',
  idleSessionTTLInSeconds: 600,
  instruction: [
    "You are the order-support agent of an online shop, working for the shop's support team in Slack.",
    'Answer questions about orders, shipping and returns using only the OrderManagement functions; never invent order data.',
    'Ask for the order number (or the customer email) when it is missing.',
    `Returns are possible for delivered, returnable items within ${RETURN_WINDOW_DAYS} days of delivery.`,
    'Shipping addresses can be changed and orders cancelled only before they ship.',
    "When a function answers with status 'rejected' or 'not_found', explain the reason plainly and suggest what is possible instead.",
    'When a function reports invalid parameters, ask the user for the missing or corrected value.',
    'If the user denies a confirmation, acknowledge it and do not retry the action.',
    'Offer a handoff to a person (HumanHandoff) when the request is outside these functions.',
    'Keep answers short and use the order number, item names and amounts.',
  ].join(' '),
  actionGroups: [
    {
      actionGroupName: ORDERS_ACTION_GROUP,
      description: 'Look up orders and returns, and change orders on behalf of customers.',
      executor: { lambda: ORDERS_LAMBDA },
      functionSchema: {
        functions: [
          {
            name: 'getOrder',
            description: 'Get an order: items, amounts, status, shipping address and any returns.',
            parameters: { orderId },
            requireConfirmation: 'DISABLED',
          },
          {
            name: 'listCustomerOrders',
            description: "List a customer's orders, newest first.",
            parameters: {
              customer: {
                type: 'string',
                description: 'The customer id (e.g. C-1001) or email address.',
                required: true,
              },
            },
            requireConfirmation: 'DISABLED',
          },
          {
            name: 'getOrderStatus',
            description:
              'Get the shipping status and tracking of an order: carrier, tracking number, ETA, events.',
            parameters: { orderId },
            requireConfirmation: 'DISABLED',
          },
          {
            name: 'getReturnPolicy',
            description: "Get the shop's return policy.",
            parameters: {},
            requireConfirmation: 'DISABLED',
          },
          {
            name: 'createReturn',
            description:
              'Create a return for one item of a delivered order. Checks the return window and whether the item can be returned.',
            parameters: {
              orderId,
              item: {
                type: 'string',
                description: 'The item to return: its SKU or (part of) its name, e.g. "headphones".',
                required: true,
              },
              quantity: {
                type: 'integer',
                description: 'How many to return (default: all of that item).',
                required: false,
              },
              reason: { type: 'string', description: 'Why the customer returns it.', required: false },
            },
            requireConfirmation: 'ENABLED',
          },
          {
            name: 'updateShippingAddress',
            description: 'Change the shipping address of an order that has not shipped yet.',
            parameters: {
              orderId,
              address: {
                type: 'string',
                description: 'The full new address on one line: street, city, region, postal code, country.',
                required: true,
              },
            },
            requireConfirmation: 'ENABLED',
          },
          {
            name: 'cancelOrder',
            description: 'Cancel an order that has not shipped yet.',
            parameters: {
              orderId,
              reason: { type: 'string', description: 'Why the order is cancelled.', required: false },
            },
            requireConfirmation: 'ENABLED',
          },
        ],
      },
    },
    {
      actionGroupName: HANDOFF_ACTION_GROUP,
      description: 'Hand the conversation to a person on the support team. Strata runs this in Slack.',
      executor: { customControl: 'RETURN_CONTROL' },
      functionSchema: {
        functions: [
          {
            name: 'escalateToHuman',
            description: 'Ask a person from the support team to take over this conversation.',
            parameters: {
              summary: {
                type: 'string',
                description: 'One or two sentences: what the customer needs and what was tried.',
                required: true,
              },
              orderId: { ...orderId, required: false },
            },
            requireConfirmation: 'ENABLED',
          },
        ],
      },
    },
  ],
};
