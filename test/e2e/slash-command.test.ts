import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchChromium } from '../helpers/browser.js';
import { startTestStrata, type TestStrata } from '../helpers/local-strata.js';
import {
  lastBotMessage,
  messageWith,
  openPlayground,
  type PlaygroundSession,
  runSlashCommand,
  screenshotOnFailure,
  send,
} from './helpers.js';

describe.runIf(hasChromium)('a slash command in the playground', () => {
  let browser: Browser;
  let local: TestStrata;
  let alice: PlaygroundSession | undefined;
  let bob: PlaygroundSession | undefined;

  beforeAll(async () => {
    [browser, local] = await Promise.all([launchChromium(), startTestStrata()]);
  });
  afterAll(async () => {
    await browser?.close();
    await local?.close();
  });
  afterEach(async (context) => {
    await screenshotOnFailure(context, alice?.page, 'e2e-slash-command-alice');
    await screenshotOnFailure(context, bob?.page, 'e2e-slash-command-bob');
    await alice?.close();
    await bob?.close();
  });

  it('shows /bedrock help only to the person who ran it, marked as only visible to them', async () => {
    alice = await openPlayground(browser, local.url, 'U0ALICE');
    bob = await openPlayground(browser, local.url, 'U0BOB');

    await runSlashCommand(alice.page, '/bedrock help');

    const reply = lastBotMessage(alice.page, 'channel');
    await expect.poll(() => reply.textContent(), { timeout: 10_000 }).toContain('/bedrock');
    expect(await reply.getByTestId('ephemeral-note').textContent()).toBe('Only visible to you');

    // Bob's page gets events in order: once he sees a later message, the ephemeral would have arrived.
    await send(alice.page, 'anyone around?');
    await messageWith(bob.page, 'anyone around?').waitFor();
    expect(await bob.page.getByTestId('messages').getByTestId('app-badge').count()).toBe(0);

    const history = await local.strata.app.client.conversations.history({ channel: 'C0GENERAL' });
    expect(history.messages?.map((m) => m.text)).toEqual(['anyone around?']);
  });
});
