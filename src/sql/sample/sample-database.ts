import Database from 'better-sqlite3';
import { DEMO_DDL } from '../schema/demo-schema.js';
import { SEED, seedRows } from './seed-data.js';

/**
 * The demo's sample database, built in memory from the demo DDL and the deterministic seed, then
 * serialized. Each query process opens a private read-only copy of these bytes; nothing touches disk.
 */
export interface SampleDatabase {
  /** SQLite database file bytes (never modified). */
  bytes(): Uint8Array;
  /** Row counts per table, for the help text and tests. */
  counts(): Record<string, number>;
}

export function createSampleDatabase(seed = SEED): SampleDatabase {
  let built: { bytes: Uint8Array; counts: Record<string, number> } | undefined;
  const build = () => {
    built ??= buildSample(seed);
    return built;
  };
  return { bytes: () => build().bytes, counts: () => build().counts };
}

function buildSample(seed: number): { bytes: Uint8Array; counts: Record<string, number> } {
  const db = new Database(':memory:');
  try {
    db.exec(DEMO_DDL);
    const rows = seedRows(seed);
    const insert = (table: string, columns: number, values: ReadonlyArray<ReadonlyArray<unknown>>) => {
      const statement = db.prepare(`INSERT INTO ${table} VALUES (${Array(columns).fill('?').join(', ')})`);
      for (const row of values) statement.run(...row);
    };
    db.transaction(() => {
      insert('customers', 7, rows.customers);
      insert('products', 5, rows.products);
      insert('orders', 5, rows.orders);
      insert('order_items', 5, rows.orderItems);
      insert('returns', 5, rows.returns);
    })();
    const counts = {
      customers: rows.customers.length,
      products: rows.products.length,
      orders: rows.orders.length,
      order_items: rows.orderItems.length,
      returns: rows.returns.length,
    };
    return { bytes: new Uint8Array(db.serialize()), counts };
  } finally {
    db.close();
  }
}
