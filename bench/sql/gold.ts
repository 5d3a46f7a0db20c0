/** Questions over the demo schema with gold SQLite queries; execution accuracy compares result sets on the sample DB. */
export interface GoldQuestion {
  question: string;
  sql: string;
}

const revenue = 'SUM(oi.quantity * oi.unit_price)';

export const GOLD: GoldQuestion[] = [
  { question: 'How many customers do we have?', sql: 'SELECT COUNT(*) FROM customers' },
  { question: 'How many orders were placed in total?', sql: 'SELECT COUNT(*) FROM orders' },
  {
    question: 'How many orders per customer?',
    sql: 'SELECT c.id, COUNT(o.id) FROM customers c LEFT JOIN orders o ON o.customer_id = c.id GROUP BY c.id',
  },
  {
    question: 'How many customers are there in each country?',
    sql: 'SELECT country, COUNT(*) FROM customers GROUP BY country',
  },
  {
    question: 'How many customers are in each segment?',
    sql: 'SELECT segment, COUNT(*) FROM customers GROUP BY segment',
  },
  {
    question: 'How many orders are in each status?',
    sql: 'SELECT status, COUNT(*) FROM orders GROUP BY status',
  },
  {
    question: 'What is the total revenue, excluding cancelled orders?',
    sql: `SELECT ROUND(${revenue}, 2) FROM orders o JOIN order_items oi ON oi.order_id = o.id WHERE o.status <> 'cancelled'`,
  },
  {
    question: 'Show monthly revenue, excluding cancelled orders',
    sql: `SELECT strftime('%Y-%m', o.ordered_at), ROUND(${revenue}, 2) FROM orders o JOIN order_items oi ON oi.order_id = o.id WHERE o.status <> 'cancelled' GROUP BY 1`,
  },
  {
    question: 'How many orders were placed each month?',
    sql: "SELECT strftime('%Y-%m', ordered_at), COUNT(*) FROM orders GROUP BY 1",
  },
  {
    question: 'What are the top 5 products by revenue (excluding cancelled orders)?',
    sql: `SELECT p.id, ROUND(${revenue}, 2) AS r FROM products p JOIN order_items oi ON oi.product_id = p.id JOIN orders o ON o.id = oi.order_id WHERE o.status <> 'cancelled' GROUP BY p.id ORDER BY r DESC LIMIT 5`,
  },
  {
    question: 'Who are the top 3 customers by spend, excluding cancelled orders?',
    sql: `SELECT c.id, ROUND(${revenue}, 2) AS s FROM customers c JOIN orders o ON o.customer_id = c.id JOIN order_items oi ON oi.order_id = o.id WHERE o.status <> 'cancelled' GROUP BY c.id ORDER BY s DESC LIMIT 3`,
  },
  {
    question: 'What is the revenue by product category, excluding cancelled orders?',
    sql: `SELECT p.category, ROUND(${revenue}, 2) FROM order_items oi JOIN products p ON p.id = oi.product_id JOIN orders o ON o.id = oi.order_id WHERE o.status <> 'cancelled' GROUP BY p.category`,
  },
  {
    question: 'What is the revenue by shipping country, excluding cancelled orders?',
    sql: `SELECT o.shipping_country, ROUND(${revenue}, 2) FROM orders o JOIN order_items oi ON oi.order_id = o.id WHERE o.status <> 'cancelled' GROUP BY o.shipping_country`,
  },
  {
    question: 'What is the average order value, excluding cancelled orders?',
    sql: `SELECT ROUND(AVG(v), 2) FROM (SELECT o.id, ${revenue} AS v FROM orders o JOIN order_items oi ON oi.order_id = o.id WHERE o.status <> 'cancelled' GROUP BY o.id)`,
  },
  {
    question: 'Which customers have never placed an order?',
    sql: 'SELECT c.id FROM customers c WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id)',
  },
  {
    question: 'Which products have never been ordered?',
    sql: 'SELECT p.id FROM products p WHERE p.id NOT IN (SELECT product_id FROM order_items)',
  },
  {
    question: 'How many returns are there per reason?',
    sql: 'SELECT reason, COUNT(*) FROM returns GROUP BY reason',
  },
  { question: 'What is the total amount refunded?', sql: 'SELECT ROUND(SUM(refund_amount), 2) FROM returns' },
  {
    question: 'Which 5 products were returned most often?',
    sql: 'SELECT oi.product_id, COUNT(*) AS n FROM returns r JOIN order_items oi ON oi.id = r.order_item_id GROUP BY oi.product_id ORDER BY n DESC, oi.product_id LIMIT 5',
  },
  {
    question: 'What are the 5 most expensive products?',
    sql: 'SELECT id FROM products ORDER BY price DESC, id LIMIT 5',
  },
  {
    question: 'What are the 3 cheapest products?',
    sql: 'SELECT id FROM products ORDER BY price ASC, id LIMIT 3',
  },
  {
    question: 'What is the average product price in each category?',
    sql: 'SELECT category, ROUND(AVG(price), 2) FROM products GROUP BY category',
  },
  { question: 'List the inactive products', sql: 'SELECT id FROM products WHERE active = 0' },
  {
    question: 'How many units of each product were sold, excluding cancelled orders?',
    sql: "SELECT oi.product_id, SUM(oi.quantity) FROM order_items oi JOIN orders o ON o.id = oi.order_id WHERE o.status <> 'cancelled' GROUP BY oi.product_id",
  },
  {
    question: 'What is the average number of items (order lines) per order?',
    sql: 'SELECT ROUND(AVG(n), 2) FROM (SELECT order_id, COUNT(*) AS n FROM order_items GROUP BY order_id)',
  },
  {
    question: 'How many new customers signed up each month?',
    sql: "SELECT strftime('%Y-%m', signed_up_at), COUNT(*) FROM customers GROUP BY 1",
  },
  {
    question: 'How many customers placed more than one order?',
    sql: 'SELECT COUNT(*) FROM (SELECT customer_id FROM orders GROUP BY customer_id HAVING COUNT(*) > 1)',
  },
  { question: 'List the customers in Germany', sql: "SELECT id FROM customers WHERE country = 'DE'" },
  {
    question: 'How many customers are in Japan?',
    sql: "SELECT COUNT(*) FROM customers WHERE country = 'JP'",
  },
  {
    question: 'How many orders were placed in each year?',
    sql: "SELECT strftime('%Y', ordered_at), COUNT(*) FROM orders GROUP BY 1",
  },
  {
    question: 'How many products are in each category?',
    sql: 'SELECT category, COUNT(*) FROM products GROUP BY category',
  },
  { question: 'Which orders are still pending?', sql: "SELECT id FROM orders WHERE status = 'pending'" },
  {
    question: 'How many business customers ordered something in 2025?',
    sql: "SELECT COUNT(DISTINCT c.id) FROM customers c JOIN orders o ON o.customer_id = c.id WHERE c.segment = 'business' AND o.ordered_at >= '2025-01-01'",
  },
  {
    question: 'Which city has the most customers?',
    sql: 'SELECT city FROM customers GROUP BY city ORDER BY COUNT(*) DESC LIMIT 1',
  },
  {
    question: 'What share of delivered order lines were returned, per category?',
    sql: "SELECT p.category, ROUND(1.0 * COUNT(r.id) / COUNT(oi.id), 4) FROM order_items oi JOIN orders o ON o.id = oi.order_id JOIN products p ON p.id = oi.product_id LEFT JOIN returns r ON r.order_item_id = oi.id WHERE o.status = 'delivered' GROUP BY p.category",
  },
];
