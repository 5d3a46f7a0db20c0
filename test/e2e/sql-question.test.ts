import { describe, expect, it } from 'vitest';
import { hasChromium } from '../helpers/browser.js';
import {
  clickButton,
  fileIn,
  messageWith,
  openThread,
  runSlashCommand,
  saveShot,
  usePlayground,
} from './helpers.js';

describe.runIf(hasChromium)('/sql in the playground', () => {
  const playground = usePlayground('e2e-sql-question');

  it('puts query.sql in a thread with a preview, and Run on sample adds result.csv with a table', async () => {
    const alice = await playground.open();
    const { page } = alice;

    await runSlashCommand(page, '/sql how many orders per customer?');
    await messageWith(page, 'how many orders per customer?').waitFor({ timeout: 10_000 });
    const thread = await openThread(page, 'how many orders per customer?');

    const query = fileIn(thread, 'query.sql');
    await query.waitFor({ timeout: 10_000 });
    const sql = await query.getByTestId('file-preview').textContent();
    expect(sql).toMatch(/^SELECT c\.id, c\.name, COUNT\(o\.id\) AS order_count\nFROM customers c/);

    const card = thread
      .getByTestId('message')
      .filter({ has: page.getByRole('button', { name: 'Run on sample' }) });
    await clickButton(card, 'Run on sample');

    const result = fileIn(thread, 'result.csv');
    await result.waitFor({ timeout: 10_000 });
    const table = result.getByTestId('file-preview-table');
    expect(await table.locator('th').allTextContents()).toEqual(['id', 'name', 'order_count']);
    const rows = table.locator('tbody tr');
    expect(await rows.count()).toBeGreaterThan(3);
    expect(await rows.first().locator('td').count()).toBe(3);
    expect(Number(await rows.first().locator('td').nth(2).textContent())).toBeGreaterThan(0);
    const summary = messageWith(page, 'Result on the sample database', 'thread');
    expect(await summary.textContent()).toMatch(/more than \d+ rows|\d+ rows/);
    await saveShot(page, 'sql-question');
  });
});
