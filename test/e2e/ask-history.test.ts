import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CHANNELS } from '../../src/rag/demo/demo-history.js';
import { hasChromium, launchChromium } from '../helpers/browser.js';
import { eventually, startTestStrata, type TestStrata } from '../helpers/local-strata.js';
import {
  askInDm,
  messageWith,
  openPlayground,
  type PlaygroundSession,
  saveShot,
  screenshotOnFailure,
  switchUser,
} from './helpers.js';

/** The demo workspace's first start: its channels are backfilled in the background; wait for all of them. */
async function demoIndexed(local: TestStrata): Promise<void> {
  await eventually(
    async () => local.logs.filter((l) => l.includes('"backfill done"')).length >= DEMO_CHANNELS.length,
    { timeoutMs: 60_000, intervalMs: 100 },
  );
}

describe.runIf(hasChromium)('/ask in the playground', () => {
  let browser: Browser;
  let local: TestStrata;
  let session: PlaygroundSession | undefined;

  beforeAll(async () => {
    [browser, local] = await Promise.all([launchChromium(), startTestStrata({}, { demo: true })]);
    await demoIndexed(local);
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await local?.close();
  });
  afterEach(async (context) => {
    await screenshotOnFailure(context, session?.page, 'e2e-ask-history');
    await session?.close();
  });

  it('answers with numbered citation links, and a citation opens the cited message', async () => {
    session = await openPlayground(browser, local.url, 'U0BOB');
    const { page } = session;

    const answer = await askInDm(page, 'what did we decide about the Q3 launch date?');
    expect(await answer.textContent()).toContain('September 16');
    expect(await answer.textContent()).toMatch(/Sources\s*\d+\. #launch · /);
    const decision = answer.locator('a[href*="/archives/C0LAUNCH/"]').first();
    expect(await decision.textContent()).toMatch(/^#launch · Dana Admin · \w{3} \d{1,2}, \d{4}$/);
    await saveShot(page, 'ask-answer');
    await decision.click();

    await expect.poll(() => page.getByTestId('channel-title').textContent()).toContain('launch');
    const cited = page.locator('[data-testid="message"].highlight').first();
    await cited.waitFor();
    expect(await cited.textContent()).toContain('Decision: the Q3 launch date is Tuesday, September 16');
    expect(await cited.isVisible()).toBe(true);
    expect(new URL(page.url()).pathname).toMatch(/^\/archives\/C0LAUNCH\/p\d{16}$/);
    await saveShot(page, 'ask-citation');
  });

  it('keeps #leadership out of the answer for someone not in it, and uses it for a member', async () => {
    session = await openPlayground(browser, local.url, 'U0BOB');
    const { page } = session;
    const question = 'what budget did the board approve for the Q3 launch?';

    const forBob = await askInDm(page, question);
    const bobSees = (await forBob.textContent()) ?? '';
    expect(bobSees).not.toContain('#leadership');
    expect(bobSees).not.toContain('$1.2M');
    expect(await forBob.locator('a[href*="/archives/G0LEADERS/"]').count()).toBe(0);
    // Bob still gets an answer, from the public channels he can read.
    expect(await forBob.locator('a[href*="/archives/C0"]').count()).toBeGreaterThanOrEqual(1);
    await saveShot(page, 'ask-non-member');

    await switchUser(page, 'U0ALICE');
    const forAlice = await askInDm(page, question);
    expect(await forAlice.textContent()).toContain('#leadership');
    const leadershipLink = forAlice.locator('a[href*="/archives/G0LEADERS/"]').first();
    expect(await leadershipLink.count()).toBe(1);
    await saveShot(page, 'ask-member');

    // Alice's link, opened by Bob, shows him nothing of #leadership.
    const href = new URL((await leadershipLink.getAttribute('href')) ?? '');
    await page.goto(`${local.url}${href.pathname}${href.search}`);
    await page.locator('[data-testid="user-select"][data-loaded="U0BOB"]').waitFor();
    await messageWith(page, 'you are not a member of').waitFor();
    expect(await page.getByTestId('channel-list').textContent()).not.toContain('leadership');
    expect(await page.locator('body').textContent()).not.toContain('$1.2M');
    await saveShot(page, 'ask-permalink-non-member');
  });
});
