import { describe, expect, it } from 'vitest';
import { hasChromium } from '../helpers/browser.js';
import { messageWith, uploadFile, usePlayground } from './helpers.js';

const sql = [
  'SELECT region,',
  '       SUM(total) AS revenue',
  'FROM orders',
  "WHERE created_at >= DATE '2026-07-01'",
  'GROUP BY region',
  'ORDER BY revenue DESC;',
].join('\n');

describe.runIf(hasChromium)('sharing a file in the playground', () => {
  const playground = usePlayground('e2e-file-upload');

  it('shows an uploaded .sql file with a preview of its first lines and a working download link', async () => {
    const alice = await playground.open();
    const { page } = alice;

    await uploadFile(
      page,
      { name: 'orders.sql', mimeType: 'text/plain', buffer: Buffer.from(sql) },
      'can you check this query?',
    );

    const message = messageWith(page, 'can you check this query?');
    const file = message.getByTestId('file');
    await expect.poll(() => file.locator('.file-title').textContent()).toBe('orders.sql');
    expect(await file.getByTestId('file-preview').textContent()).toBe(sql);
    const href = (await file.getByTestId('file-download').getAttribute('href')) ?? '';
    const downloaded = await page.evaluate(async (url) => (await fetch(url)).text(), href);
    expect(downloaded).toBe(sql);
  });

  it('attaches a file dropped onto the channel', async () => {
    const alice = await playground.open();
    const { page } = alice;

    await page.evaluate(() => {
      const transfer = new DataTransfer();
      transfer.items.add(new File(['prompt,completion\nhi,hello\n'], 'train.csv', { type: 'text/csv' }));
      const target = document.getElementById('messages');
      for (const type of ['dragenter', 'dragover', 'drop']) {
        target?.dispatchEvent(
          new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: transfer }),
        );
      }
    });
    await expect.poll(() => page.getByTestId('pending-file').textContent()).toContain('train.csv');
    await page.getByTestId('composer-input').press('Enter');

    const file = page.getByTestId('messages').getByTestId('file').filter({ hasText: 'train.csv' });
    const table = file.getByTestId('file-preview-table');
    await expect.poll(() => table.locator('th').allTextContents()).toEqual(['prompt', 'completion']);
    expect(await table.locator('tbody td').allTextContents()).toEqual(['hi', 'hello']);
  });
});
