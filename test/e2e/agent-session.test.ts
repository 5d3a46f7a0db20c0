import { describe, expect, it } from 'vitest';
import { hasChromium } from '../helpers/browser.js';
import { storedReturns } from '../helpers/local-shop.js';
import {
  clickButton,
  messageWith,
  openThread,
  runSlashCommand,
  saveShot,
  send,
  usePlayground,
} from './helpers.js';

describe.runIf(hasChromium)('/agent in the playground', () => {
  const playground = usePlayground('e2e-agent-session');

  it('answers about an order, then asks to confirm a return and creates it when Confirm is clicked', async () => {
    const alice = await playground.open();
    const { page } = alice;

    await runSlashCommand(page, '/agent where is order 1042?');
    await messageWith(page, 'asked the agent').waitFor({ timeout: 10_000 });
    const thread = await openThread(page, 'asked the agent');
    const answer = messageWith(page, 'Order 1042 was delivered on', 'thread');
    await answer.waitFor({ timeout: 10_000 });
    expect(await answer.textContent()).toMatch(/with UPS \(tracking 1Z999AA10123456784\)/);
    await thread.getByRole('button', { name: 'End session' }).waitFor();

    await send(page, 'I want to return the headphones from order 1042', 'thread');
    const card = messageWith(page, 'Create a return', 'thread');
    await card.waitFor({ timeout: 10_000 });
    expect(await card.textContent()).toContain('Item: headphones');
    expect(await storedReturns('1042')).toHaveLength(0);

    await clickButton(card, 'Confirm');
    const done = messageWith(page, 'Done: return R-1042-HP-200 is created', 'thread');
    await done.waitFor({ timeout: 10_000 });
    await expect.poll(() => card.textContent()).toContain('Confirmed by @alice.');
    expect(await card.getByRole('button', { name: 'Confirm' }).count()).toBe(0);
    expect(await storedReturns('1042')).toHaveLength(1);
    await saveShot(page, 'agent-session');
  });
});
