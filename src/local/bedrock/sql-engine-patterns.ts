/**
 * The local stand-in's text-to-SQL: a fixed list of recognisable questions about the demo shop schema,
 * each with a hand-written query. It is honest, not clever: anything else gets "I don't know".
 */
export type LocalDialect = 'sqlite' | 'postgres-like' | 'mysql-like' | 'trino-like';

export interface QuestionPattern {
  /** Matched against the lower-cased question. */
  match: RegExp;
  tables: readonly string[];
  explain: string;
  sql: (d: LocalDialect, n: number) => string;
}

export function localDialect(dialect: string): LocalDialect {
  if (dialect === 'sqlite') return 'sqlite';
  if (dialect === 'mysql') return 'mysql-like';
  if (dialect === 'athena' || dialect === 'trino') return 'trino-like';
  return 'postgres-like';
}

const month = (d: LocalDialect, column: string) =>
  d === 'sqlite'
    ? `strftime('%Y-%m', ${column})`
    : d === 'mysql-like'
      ? `DATE_FORMAT(${column}, '%Y-%m')`
      : d === 'trino-like'
        ? `date_format(${column}, '%Y-%m')`
        : `TO_CHAR(${column}, 'YYYY-MM')`;

const year = (d: LocalDialect, column: string) =>
  d === 'sqlite' ? `strftime('%Y', ${column})` : `CAST(EXTRACT(YEAR FROM ${column}) AS VARCHAR(4))`;

const revenue = 'ROUND(SUM(oi.quantity * oi.unit_price), 2)';
const notCancelled = "o.status <> 'cancelled'";

const countries: Record<string, string> = {
  germany: 'DE',
  france: 'FR',
  japan: 'JP',
  brazil: 'BR',
  india: 'IN',
  canada: 'CA',
  'united states': 'US',
  usa: 'US',
  'the us': 'US',
  america: 'US',
  'united kingdom': 'GB',
  uk: 'GB',
  britain: 'GB',
};

/** A country named in the question, as the ISO code the demo stores. */
export function countryIn(question: string): { name: string; code: string } | undefined {
  for (const [name, code] of Object.entries(countries)) {
    if (new RegExp(`\\b${name}\\b`).test(question)) return { name, code };
  }
  return undefined;
}

export const patterns: QuestionPattern[] = [
  {
    match:
      /orders? (per|by|for each|of each) customer|each customer'?s? orders|how many orders (has|did|does) each customer/,
    tables: ['customers', 'orders'],
    explain: 'Counts the orders of every customer, including customers with none, busiest first.',
    sql: () =>
      'SELECT c.id, c.name, COUNT(o.id) AS order_count\nFROM customers c\nLEFT JOIN orders o ON o.customer_id = c.id\nGROUP BY c.id, c.name\nORDER BY order_count DESC, c.id',
  },
  {
    match:
      /(customers|revenue|sales|orders) (per|by) (month|months)|monthly (revenue|sales)|(revenue|sales) (each|every) month/,
    tables: ['orders', 'order_items'],
    explain: 'Adds up the value of all order lines per calendar month, leaving out cancelled orders.',
    sql: (d) =>
      `SELECT ${month(d, 'o.ordered_at')} AS month, ${revenue} AS revenue\nFROM orders o\nJOIN order_items oi ON oi.order_id = o.id\nWHERE ${notCancelled}\nGROUP BY ${month(d, 'o.ordered_at')}\nORDER BY month`,
  },
  {
    match: /(number of |how many )?orders (were placed )?(per|each|every|by) month|monthly orders/,
    tables: ['orders'],
    explain: 'Counts the orders placed in each calendar month.',
    sql: (d) =>
      `SELECT ${month(d, 'ordered_at')} AS month, COUNT(*) AS order_count\nFROM orders\nGROUP BY ${month(d, 'ordered_at')}\nORDER BY month`,
  },
  {
    match: /customers (per|by|in each) country|how many customers (are there )?(in )?(each|per) country/,
    tables: ['customers'],
    explain: 'Counts customers per country code, largest first.',
    sql: () =>
      'SELECT country, COUNT(*) AS customer_count\nFROM customers\nGROUP BY country\nORDER BY customer_count DESC, country',
  },
  {
    match: /(customers|accounts) (per|by) segment|business (vs\.?|versus|or) consumer/,
    tables: ['customers'],
    explain: "Counts customers in each segment ('business' and 'consumer').",
    sql: () =>
      'SELECT segment, COUNT(*) AS customer_count\nFROM customers\nGROUP BY segment\nORDER BY segment',
  },
  {
    match: /(never|not|no) (placed |made )?(an? )?orders?|without (any )?orders/,
    tables: ['customers', 'orders'],
    explain: 'Lists customers who have no order at all.',
    sql: () =>
      'SELECT c.id, c.name, c.email\nFROM customers c\nWHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id)\nORDER BY c.id',
  },
  {
    match: /products? (that )?(were |have )?never (been )?(ordered|sold|bought)|unsold products/,
    tables: ['products', 'order_items'],
    explain: 'Lists products that appear on no order line.',
    sql: () =>
      'SELECT p.id, p.name, p.category\nFROM products p\nWHERE NOT EXISTS (SELECT 1 FROM order_items oi WHERE oi.product_id = p.id)\nORDER BY p.id',
  },
  {
    match: /(top|best[- ]selling|best|highest[- ]grossing) (\d+ )?products?|products? by revenue/,
    tables: ['products', 'order_items', 'orders'],
    explain:
      'Ranks products by the revenue of their order lines (cancelled orders excluded) and keeps the top ones.',
    sql: (_d, n) =>
      `SELECT p.id, p.name, ${revenue} AS revenue\nFROM products p\nJOIN order_items oi ON oi.product_id = p.id\nJOIN orders o ON o.id = oi.order_id\nWHERE ${notCancelled}\nGROUP BY p.id, p.name\nORDER BY revenue DESC\nLIMIT ${n}`,
  },
  {
    match:
      /(top|biggest|best|largest) (\d+ )?customers|customers by (spend|revenue|spending)|who spent the most/,
    tables: ['customers', 'orders', 'order_items'],
    explain: 'Ranks customers by how much they spent on orders that were not cancelled.',
    sql: (_d, n) =>
      `SELECT c.id, c.name, ${revenue} AS total_spent\nFROM customers c\nJOIN orders o ON o.customer_id = c.id\nJOIN order_items oi ON oi.order_id = o.id\nWHERE ${notCancelled}\nGROUP BY c.id, c.name\nORDER BY total_spent DESC\nLIMIT ${n}`,
  },
  {
    match: /(revenue|sales) (per|by) (product )?category|category revenue/,
    tables: ['products', 'order_items', 'orders'],
    explain: 'Adds up order-line revenue per product category, cancelled orders excluded.',
    sql: () =>
      `SELECT p.category, ${revenue} AS revenue\nFROM order_items oi\nJOIN products p ON p.id = oi.product_id\nJOIN orders o ON o.id = oi.order_id\nWHERE ${notCancelled}\nGROUP BY p.category\nORDER BY revenue DESC`,
  },
  {
    match: /(revenue|sales) (per|by|in each) (shipping )?country/,
    tables: ['orders', 'order_items'],
    explain: 'Adds up order revenue per shipping country, cancelled orders excluded.',
    sql: () =>
      `SELECT o.shipping_country, ${revenue} AS revenue\nFROM orders o\nJOIN order_items oi ON oi.order_id = o.id\nWHERE ${notCancelled}\nGROUP BY o.shipping_country\nORDER BY revenue DESC`,
  },
  {
    match: /average order (value|size|amount)|aov\b/,
    tables: ['orders', 'order_items'],
    explain: 'Computes each order’s value, then averages it over all orders that were not cancelled.',
    sql: () =>
      `SELECT ROUND(AVG(order_value), 2) AS average_order_value\nFROM (\n  SELECT o.id, SUM(oi.quantity * oi.unit_price) AS order_value\n  FROM orders o\n  JOIN order_items oi ON oi.order_id = o.id\n  WHERE ${notCancelled}\n  GROUP BY o.id\n) AS per_order`,
  },
  {
    match: /total (revenue|sales)|how much (revenue|money) (did we|have we)|overall revenue/,
    tables: ['orders', 'order_items'],
    explain: 'Adds up the value of every order line of orders that were not cancelled.',
    sql: () =>
      `SELECT ${revenue} AS revenue\nFROM orders o\nJOIN order_items oi ON oi.order_id = o.id\nWHERE ${notCancelled}`,
  },
  {
    match:
      /orders? (per|by) status|status of (the )?orders|how many orders (are|were) (pending|shipped|delivered|cancelled)/,
    tables: ['orders'],
    explain: 'Counts orders in each status.',
    sql: () =>
      'SELECT status, COUNT(*) AS order_count\nFROM orders\nGROUP BY status\nORDER BY order_count DESC',
  },
  {
    match: /returns? (per|by) reason|why (do|did) (people|customers) return|return reasons/,
    tables: ['returns'],
    explain: 'Counts returns and refunded amounts per reason.',
    sql: () =>
      'SELECT reason, COUNT(*) AS return_count, ROUND(SUM(refund_amount), 2) AS refunded\nFROM returns\nGROUP BY reason\nORDER BY return_count DESC',
  },
  {
    match: /most returned products?|products? (with the )?most returns/,
    tables: ['returns', 'order_items', 'products'],
    explain: 'Counts returns per product through the returned order lines, most returned first.',
    sql: (_d, n) =>
      `SELECT p.id, p.name, COUNT(r.id) AS return_count\nFROM returns r\nJOIN order_items oi ON oi.id = r.order_item_id\nJOIN products p ON p.id = oi.product_id\nGROUP BY p.id, p.name\nORDER BY return_count DESC, p.id\nLIMIT ${n}`,
  },
  {
    match: /return rate/,
    tables: ['products', 'order_items', 'returns'],
    explain: 'Divides returned order lines by all order lines, per product category.',
    sql: () =>
      'SELECT p.category,\n  ROUND(1.0 * COUNT(r.id) / COUNT(oi.id), 4) AS return_rate\nFROM order_items oi\nJOIN products p ON p.id = oi.product_id\nLEFT JOIN returns r ON r.order_item_id = oi.id\nGROUP BY p.category\nORDER BY return_rate DESC',
  },
  {
    match: /total refunds?|how much (was|did we|have we) refund|refunded in total/,
    tables: ['returns'],
    explain: 'Adds up every refund.',
    sql: () =>
      'SELECT ROUND(SUM(refund_amount), 2) AS total_refunded, COUNT(*) AS return_count\nFROM returns',
  },
  {
    match: /(most expensive|priciest) (\d+ )?products?/,
    tables: ['products'],
    explain: 'Lists the products with the highest price.',
    sql: (_d, n) => `SELECT id, name, category, price\nFROM products\nORDER BY price DESC, id\nLIMIT ${n}`,
  },
  {
    match: /(cheapest|least expensive) (\d+ )?products?/,
    tables: ['products'],
    explain: 'Lists the products with the lowest price.',
    sql: (_d, n) => `SELECT id, name, category, price\nFROM products\nORDER BY price ASC, id\nLIMIT ${n}`,
  },
  {
    match: /average (product )?price (per|by|in each) category/,
    tables: ['products'],
    explain: 'Averages product prices within each category.',
    sql: () =>
      'SELECT category, ROUND(AVG(price), 2) AS average_price, COUNT(*) AS product_count\nFROM products\nGROUP BY category\nORDER BY category',
  },
  {
    match: /(inactive|discontinued) products?/,
    tables: ['products'],
    explain: 'Lists products marked inactive.',
    sql: () => 'SELECT id, name, category, price\nFROM products\nWHERE active = 0\nORDER BY id',
  },
  {
    match: /(units|quantity|items) sold (per|by|for each) product|how many (units|items) of each product/,
    tables: ['products', 'order_items', 'orders'],
    explain: 'Adds up the quantities ordered per product, cancelled orders excluded.',
    sql: () =>
      `SELECT p.id, p.name, SUM(oi.quantity) AS units_sold\nFROM products p\nJOIN order_items oi ON oi.product_id = p.id\nJOIN orders o ON o.id = oi.order_id\nWHERE ${notCancelled}\nGROUP BY p.id, p.name\nORDER BY units_sold DESC, p.id`,
  },
  {
    match: /(average|avg) (number of )?(items|lines|products) per order|basket size/,
    tables: ['order_items'],
    explain: 'Counts the lines of each order, then averages over all orders.',
    sql: () =>
      'SELECT ROUND(AVG(line_count), 2) AS average_items_per_order\nFROM (\n  SELECT order_id, COUNT(*) AS line_count\n  FROM order_items\n  GROUP BY order_id\n) AS per_order',
  },
  {
    match: /(new )?(customers|sign-?ups) (who )?(signed up )?(per|each|by) month|sign-?ups? per month/,
    tables: ['customers'],
    explain: 'Counts customers by the month they signed up.',
    sql: (d) =>
      `SELECT ${month(d, 'signed_up_at')} AS month, COUNT(*) AS new_customers\nFROM customers\nGROUP BY ${month(d, 'signed_up_at')}\nORDER BY month`,
  },
  {
    match: /repeat customers|customers with (more than one|multiple|several) orders|returning customers/,
    tables: ['orders'],
    explain: 'Counts customers with two or more orders.',
    sql: () =>
      'SELECT COUNT(*) AS repeat_customers\nFROM (\n  SELECT customer_id\n  FROM orders\n  GROUP BY customer_id\n  HAVING COUNT(*) > 1\n) AS repeaters',
  },
  {
    match: /(latest|most recent|newest|last) (\d+ )?orders/,
    tables: ['orders', 'customers'],
    explain: 'Lists the most recently placed orders with the customer’s name.',
    sql: (_d, n) =>
      `SELECT o.id, o.ordered_at, o.status, c.name AS customer\nFROM orders o\nJOIN customers c ON c.id = o.customer_id\nORDER BY o.ordered_at DESC\nLIMIT ${n}`,
  },
  {
    match: /(pending|open|unshipped) orders/,
    tables: ['orders', 'customers'],
    explain: 'Lists orders still pending, oldest first.',
    sql: () =>
      "SELECT o.id, o.ordered_at, c.name AS customer\nFROM orders o\nJOIN customers c ON c.id = o.customer_id\nWHERE o.status = 'pending'\nORDER BY o.ordered_at",
  },
  {
    match: /cancell?ed orders|cancellation/,
    tables: ['orders'],
    explain: 'Counts cancelled orders and their share of all orders.',
    sql: () =>
      "SELECT SUM(CASE WHEN status = 'cancelled' THEN 1 ELSE 0 END) AS cancelled_orders,\n  ROUND(1.0 * SUM(CASE WHEN status = 'cancelled' THEN 1 ELSE 0 END) / COUNT(*), 4) AS cancelled_share\nFROM orders",
  },
  {
    match: /orders? (per|by|in each) year|orders in (20\d\d)/,
    tables: ['orders'],
    explain: 'Counts orders per calendar year.',
    sql: (d) =>
      `SELECT ${year(d, 'ordered_at')} AS year, COUNT(*) AS order_count\nFROM orders\nGROUP BY ${year(d, 'ordered_at')}\nORDER BY year`,
  },
  {
    match: /how many (products|items in the catalog)|number of products|products (per|by|in each) category/,
    tables: ['products'],
    explain: 'Counts products per category.',
    sql: () =>
      'SELECT category, COUNT(*) AS product_count\nFROM products\nGROUP BY category\nORDER BY category',
  },
  {
    match: /how many orders|number of orders|count (of )?(the )?orders|total orders/,
    tables: ['orders'],
    explain: 'Counts all orders.',
    sql: () => 'SELECT COUNT(*) AS order_count\nFROM orders',
  },
  {
    match: /how many customers|number of customers|count (of )?(the )?customers/,
    tables: ['customers'],
    explain: 'Counts all customers.',
    sql: () => 'SELECT COUNT(*) AS customer_count\nFROM customers',
  },
];
