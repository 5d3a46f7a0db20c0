import { WebClient } from '@slack/web-api';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type SlackEmulator, startSlackEmulator } from '../../src/local/slack/slack-emulator.js';
import { hasChromium, launchChromium, screenshot } from '../helpers/browser.js';

const botToken = 'xoxb-browser-test';

describe.skipIf(!hasChromium)('playground in Chromium', () => {
  let browser: Browser;
  let emulator: SlackEmulator;
  let client: WebClient;
  let page: Page;

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  beforeEach(async () => {
    emulator = await startSlackEmulator({ signingSecret: 's', botToken });
    client = new WebClient(botToken, { slackApiUrl: emulator.apiUrl, retryConfig: { retries: 0 } });
    page = await browser.newPage();
    await page.goto(emulator.url);
    await page.locator('[data-testid="channel-item"][aria-current="page"]').waitFor();
  });

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') await screenshot(page, `playground-${context.task.name}`);
    await page.close();
    await emulator.close();
  });

  it('sends what alice types, with @Strata as a mention and HTML shown as text', async () => {
    await page.getByTestId('composer-input').fill('@Strata is <b>this</b> bold?');
    await page.getByTestId('composer-input').press('Enter');

    const text = page.locator('#messages [data-testid="message-text"]').first();
    await expect.poll(() => text.textContent()).toBe('@strata is <b>this</b> bold?');
    expect(await text.locator('b').count()).toBe(0);
    const [stored] = emulator.workspace.messages('C0GENERAL');
    expect(stored?.message).toMatchObject({
      user: 'U0ALICE',
      text: '<@U0STRATA> is &lt;b&gt;this&lt;/b&gt; bold?',
    });
  });

  it('renders mrkdwn from the bot: bold, links, mentions and the APP badge', async () => {
    await client.chat.postMessage({
      channel: 'C0GENERAL',
      text: '*Done* — see <https://aws.amazon.com/bedrock|Bedrock> and ask <@U0BOB>',
    });
    const message = page.locator('#messages [data-testid="message"]').first();
    await message.waitFor();
    await expect.poll(() => message.getByTestId('app-badge').count()).toBe(1);
    expect(await message.locator('strong').textContent()).toBe('Done');
    expect(await message.locator('a').getAttribute('href')).toBe('https://aws.amazon.com/bedrock');
    expect(await message.getByTestId('message-text').textContent()).toContain('ask @bob');
  });

  it('shows a streamed reply growing in the thread pane, after the assistant status', async () => {
    const { ts: parentTs } = await emulator.postAsUser({
      user: 'U0ALICE',
      channel: 'C0GENERAL',
      text: 'explain',
    });
    await client.assistant.threads.setStatus({
      channel_id: 'C0GENERAL',
      thread_ts: parentTs,
      status: 'is thinking…',
    });
    await page.locator(`[data-ts="${parentTs}"]`).getByTestId('reply-button').click();
    const pane = page.getByTestId('thread-pane');
    await expect.poll(() => pane.getByTestId('thread-status').textContent()).toBe('Strata is thinking…');

    const { ts } = await client.chat.startStream({
      channel: 'C0GENERAL',
      thread_ts: parentTs,
      markdown_text: 'First',
    });
    const reply = pane.locator(`[data-ts="${ts}"] [data-testid="message-text"]`);
    await expect.poll(() => reply.textContent()).toBe('First');
    expect(await pane.getByTestId('thread-status').textContent()).toBe('');

    await client.chat.appendStream({ channel: 'C0GENERAL', ts: ts ?? '', markdown_text: ', **then more**' });
    await expect.poll(() => reply.textContent()).toBe('First, then more');
    expect(await reply.locator('strong').textContent()).toBe('then more');
    await expect
      .poll(() => page.locator('#messages').getByTestId('replies-button').textContent())
      .toBe('1 reply');
  });

  it('hides the private channel after switching to a non-member', async () => {
    await expect.poll(() => page.locator('[data-channel="G0LEADERS"]').count()).toBe(1);
    await page.getByTestId('user-select').selectOption('U0BOB');
    await expect.poll(() => page.locator('[data-channel="G0LEADERS"]').count()).toBe(0);
    await page.locator('[data-channel="D0BOB"]').click();
    expect(await page.getByTestId('channel-title').textContent()).toBe('Strata');
  });
});
