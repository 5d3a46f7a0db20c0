/** The ecommerce agent's domain: customers, orders and returns. Money is in minor units (cents). */

export type OrderStatus = 'processing' | 'shipped' | 'delivered' | 'cancelled';

export interface Customer {
  customerId: string;
  name: string;
  email: string;
}

export interface OrderItem {
  sku: string;
  name: string;
  quantity: number;
  unitPriceCents: number;
  /** Gift cards, perishables and the like cannot be returned. */
  returnable: boolean;
}

export interface TrackingEvent {
  at: string;
  description: string;
}

export interface Order {
  orderId: string;
  customerId: string;
  status: OrderStatus;
  currency: string;
  placedAt: string;
  items: OrderItem[];
  shippingAddress: string;
  carrier?: string;
  trackingNumber?: string;
  estimatedDelivery?: string;
  shippedAt?: string;
  deliveredAt?: string;
  cancelledAt?: string;
  cancelReason?: string;
  trackingEvents: TrackingEvent[];
  /** Who last changed the order through the agent (a Slack user id), and when. */
  updatedBy?: string;
  updatedAt?: string;
}

export interface ReturnRecord {
  returnId: string;
  orderId: string;
  sku: string;
  itemName: string;
  quantity: number;
  reason: string;
  refundCents: number;
  status: 'requested';
  createdAt: string;
  requestedBy?: string;
}

export const RETURN_WINDOW_DAYS = 30;
