/**
 * The bundled demo: a small ecommerce schema. It parses in every supported dialect, and the sample
 * database (src/sql/sample) is built from exactly this DDL.
 */
export const DEMO_SCHEMA_NAME = 'demo ecommerce schema';

export const DEMO_DDL = `-- Strata demo: an online shop. Money columns are in US dollars.
CREATE TABLE customers (
  id INTEGER PRIMARY KEY,
  name VARCHAR(100) NOT NULL,
  email VARCHAR(200) NOT NULL,
  country VARCHAR(2) NOT NULL,
  city VARCHAR(100) NOT NULL,
  segment VARCHAR(20) NOT NULL,
  signed_up_at DATE NOT NULL
);

CREATE TABLE products (
  id INTEGER PRIMARY KEY,
  name VARCHAR(200) NOT NULL,
  category VARCHAR(50) NOT NULL,
  price DECIMAL(10,2) NOT NULL,
  active INTEGER NOT NULL
);

CREATE TABLE orders (
  id INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers (id),
  ordered_at TIMESTAMP NOT NULL,
  status VARCHAR(20) NOT NULL,
  shipping_country VARCHAR(2) NOT NULL
);

CREATE TABLE order_items (
  id INTEGER PRIMARY KEY,
  order_id INTEGER NOT NULL REFERENCES orders (id),
  product_id INTEGER NOT NULL REFERENCES products (id),
  quantity INTEGER NOT NULL,
  unit_price DECIMAL(10,2) NOT NULL
);

CREATE TABLE returns (
  id INTEGER PRIMARY KEY,
  order_item_id INTEGER NOT NULL REFERENCES order_items (id),
  returned_at TIMESTAMP NOT NULL,
  reason VARCHAR(50) NOT NULL,
  refund_amount DECIMAL(10,2) NOT NULL
);
`;

/** What the values look like, for the prompt: the model writes better filters when it knows them. */
export const DEMO_NOTES = [
  "customers.segment is 'consumer' or 'business'; country and shipping_country are ISO codes (US, DE, FR, GB, JP, BR, IN, CA).",
  "orders.status is 'pending', 'shipped', 'delivered' or 'cancelled'; ordered_at runs from 2024-01-01 to 2025-06-30.",
  'products.category is one of Books, Electronics, Home, Toys, Garden, Sports; products.active is 1 or 0.',
  "returns.reason is 'damaged', 'wrong item', 'not as described' or 'changed mind'.",
  'Order value is SUM(order_items.quantity * order_items.unit_price).',
];
