import type { Customer, Order } from './order-types.js';

/**
 * A small, deterministic shop for local mode and tests. Dates are relative to `now`, so order 1042 is
 * always inside the return window when seeded and order 1045 always outside it.
 */
export function demoShop(now: Date): { customers: Customer[]; orders: Order[] } {
  const daysAgo = (days: number, hour = 10) => {
    const at = new Date(now.getTime() - days * 86_400_000);
    at.setUTCHours(hour, 0, 0, 0);
    return at.toISOString();
  };
  const daysAhead = (days: number) => daysAgo(-days, 18).slice(0, 10);

  const customers: Customer[] = [
    { customerId: 'C-1001', name: 'Alice Martin', email: 'alice@example.com' },
    { customerId: 'C-1002', name: 'Bob Chen', email: 'bob@example.com' },
  ];

  const orders: Order[] = [
    {
      orderId: '1042',
      customerId: 'C-1001',
      status: 'delivered',
      currency: 'USD',
      placedAt: daysAgo(9),
      items: [
        { sku: 'HP-200', name: 'Wireless Headphones', quantity: 1, unitPriceCents: 12_999, returnable: true },
        { sku: 'CB-010', name: 'USB-C Cable (2 m)', quantity: 2, unitPriceCents: 1_499, returnable: true },
      ],
      shippingAddress: '12 Harbour Street, Portland, OR 97201, USA',
      carrier: 'UPS',
      trackingNumber: '1Z999AA10123456784',
      shippedAt: daysAgo(8),
      deliveredAt: daysAgo(6, 15),
      trackingEvents: [
        { at: daysAgo(8), description: 'Picked up by UPS in Reno, NV' },
        { at: daysAgo(7), description: 'In transit: Sacramento, CA' },
        { at: daysAgo(6, 15), description: 'Delivered, left at front door' },
      ],
    },
    {
      orderId: '1043',
      customerId: 'C-1001',
      status: 'shipped',
      currency: 'USD',
      placedAt: daysAgo(3),
      items: [
        { sku: 'RS-410', name: 'Trail Running Shoes', quantity: 1, unitPriceCents: 8_950, returnable: true },
      ],
      shippingAddress: '12 Harbour Street, Portland, OR 97201, USA',
      carrier: 'FedEx',
      trackingNumber: '7489 2210 3391',
      shippedAt: daysAgo(2),
      estimatedDelivery: daysAhead(2),
      trackingEvents: [
        { at: daysAgo(2), description: 'Picked up by FedEx in Memphis, TN' },
        { at: daysAgo(1), description: 'Departed FedEx hub, Denver, CO' },
      ],
    },
    {
      orderId: '1044',
      customerId: 'C-1001',
      status: 'processing',
      currency: 'USD',
      placedAt: daysAgo(0, 8),
      items: [
        { sku: 'KB-75', name: 'Mechanical Keyboard', quantity: 1, unitPriceCents: 10_900, returnable: true },
        { sku: 'MP-02', name: 'Desk Mat', quantity: 1, unitPriceCents: 2_400, returnable: true },
      ],
      shippingAddress: '12 Harbour Street, Portland, OR 97201, USA',
      estimatedDelivery: daysAhead(5),
      trackingEvents: [{ at: daysAgo(0, 8), description: 'Order received, being packed' }],
    },
    {
      orderId: '1045',
      customerId: 'C-1002',
      status: 'delivered',
      currency: 'USD',
      placedAt: daysAgo(50),
      items: [{ sku: 'LM-300', name: 'Desk Lamp', quantity: 1, unitPriceCents: 4_500, returnable: true }],
      shippingAddress: '88 Elm Avenue, Austin, TX 78701, USA',
      carrier: 'USPS',
      trackingNumber: '9400 1000 0000 0000 0000 45',
      shippedAt: daysAgo(48),
      deliveredAt: daysAgo(45),
      trackingEvents: [{ at: daysAgo(45), description: 'Delivered to mailbox' }],
    },
    {
      orderId: '1046',
      customerId: 'C-1002',
      status: 'delivered',
      currency: 'USD',
      placedAt: daysAgo(7),
      items: [
        { sku: 'CG-900', name: 'Burr Coffee Grinder', quantity: 1, unitPriceCents: 15_900, returnable: true },
        { sku: 'GC-050', name: 'Gift Card ($50)', quantity: 1, unitPriceCents: 5_000, returnable: false },
      ],
      shippingAddress: '88 Elm Avenue, Austin, TX 78701, USA',
      carrier: 'UPS',
      trackingNumber: '1Z999AA10123456799',
      shippedAt: daysAgo(6),
      deliveredAt: daysAgo(3),
      trackingEvents: [{ at: daysAgo(3), description: 'Delivered, signed by B. CHEN' }],
    },
    {
      orderId: '1047',
      customerId: 'C-1002',
      status: 'cancelled',
      currency: 'USD',
      placedAt: daysAgo(12),
      items: [
        { sku: 'TB-01', name: 'Travel Backpack', quantity: 1, unitPriceCents: 7_900, returnable: true },
      ],
      shippingAddress: '88 Elm Avenue, Austin, TX 78701, USA',
      cancelledAt: daysAgo(11),
      cancelReason: 'Ordered by mistake',
      trackingEvents: [{ at: daysAgo(11), description: 'Cancelled before shipping' }],
    },
  ];

  return { customers, orders };
}
