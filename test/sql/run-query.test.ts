import { describe, expect, it } from 'vitest';
import { StrataError } from '../../src/errors.js';
import { createQueryRunner } from '../../src/sql/sample/run-query.js';
import { createSampleDatabase } from '../../src/sql/sample/sample-database.js';

const sample = createSampleDatabase();

describe('the sample database', () => {
  it('is seeded deterministically: the same rows on every build', () => {
    expect(sample.counts()).toEqual({
      customers: 150,
      products: 40,
      orders: 800,
      order_items: 2008,
      returns: 125,
    });
    expect(Buffer.from(createSampleDatabase().bytes()).equals(Buffer.from(sample.bytes()))).toBe(true);
  });
});

describe('read-only execution', () => {
  const runner = createQueryRunner({ timeoutMs: 5000, maxRows: 1000 });

  it('returns columns and rows of a SELECT', async () => {
    const result = await runner.run(
      sample.bytes(),
      'SELECT status, COUNT(*) AS n FROM orders GROUP BY status ORDER BY status',
    );
    expect(result.columns).toEqual(['status', 'n']);
    expect(result.rows).toEqual([
      ['cancelled', 35],
      ['delivered', 740],
      ['pending', 7],
      ['shipped', 18],
    ]);
    expect(result.truncated).toBe(false);
  });

  it('refuses statements that write, even if they reached it', async () => {
    await expect(runner.run(sample.bytes(), 'DELETE FROM orders')).rejects.toMatchObject({
      userMessage: 'Only read-only queries run on the sample database.',
    });
    const after = await runner.run(sample.bytes(), 'SELECT COUNT(*) FROM orders');
    expect(after.rows).toEqual([[800]]);
  });

  it('refuses more than one statement', async () => {
    await expect(runner.run(sample.bytes(), 'SELECT 1; SELECT 2')).rejects.toBeInstanceOf(StrataError);
  });

  it("explains SQLite's refusal in the error people see", async () => {
    await expect(
      runner.run(sample.bytes(), "SELECT date_trunc('month', ordered_at) FROM orders"),
    ).rejects.toMatchObject({
      userMessage: 'The SQLite sample database could not run the query: no such function: date_trunc',
    });
  });

  it('stops at the row cap and says the result was cut', async () => {
    const capped = createQueryRunner({ timeoutMs: 5000, maxRows: 25 });
    const result = await capped.run(sample.bytes(), 'SELECT id FROM order_items ORDER BY id');
    expect(result.rows).toHaveLength(25);
    expect(result.rows.at(-1)).toEqual([25]);
    expect(result.truncated).toBe(true);
  });

  it('stops a query that runs past the timeout, and keeps working afterwards', async () => {
    const quick = createQueryRunner({ timeoutMs: 300, maxRows: 10 });
    await expect(
      quick.run(
        sample.bytes(),
        'WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r) SELECT COUNT(*) FROM r',
      ),
    ).rejects.toMatchObject({ userMessage: expect.stringContaining('ran longer than 0.3 s') });
    expect((await quick.run(sample.bytes(), 'SELECT COUNT(*) FROM customers')).rows).toEqual([[150]]);
  });
});
