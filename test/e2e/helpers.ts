import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { launchChromium, screenshot } from '../helpers/browser.js';
import { startTestStrata, type TestStrata, type TestStrataOptions } from '../helpers/local-strata.js';

/** Drives the playground like a person: pick who you are, a channel, type, click, fill modals. */

export type Pane = 'channel' | 'thread';

export interface PlaygroundSession {
  page: Page;
  context: BrowserContext;
  close(): Promise<void>;
}

/** Opens the playground as `user` in its own browser context (each person has their own page). */
export async function openPlayground(
  browser: Browser,
  url: string,
  user = 'U0ALICE',
): Promise<PlaygroundSession> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  await context.addInitScript((id) => localStorage.setItem('strata.user', id), user);
  const page = await context.newPage();
  await page.goto(url);
  await page.locator('[data-testid="channel-item"][aria-current="page"]').waitFor();
  await expect.poll(() => page.getByTestId('user-select').inputValue()).toBe(user);
  return { page, context, close: () => context.close() };
}

export interface PlaygroundFixture {
  readonly browser: Browser;
  readonly local: TestStrata;
  /** Opens the playground as `user`; the session is closed after the test, with a screenshot if it failed. */
  open(user?: string): Promise<PlaygroundSession>;
}

/** For a describe block: one Strata and one browser for its tests, one playground session per test. */
export function usePlayground(
  shotPrefix: string,
  env: Record<string, string> = {},
  options: TestStrataOptions = {},
): PlaygroundFixture {
  let browser: Browser | undefined;
  let local: TestStrata | undefined;
  let session: PlaygroundSession | undefined;
  beforeAll(async () => {
    [browser, local] = await Promise.all([launchChromium(), startTestStrata(env, options)]);
  });
  afterAll(async () => {
    await browser?.close();
    await local?.close();
  });
  afterEach(async (context) => {
    await screenshotOnFailure(context, session?.page, shotPrefix);
    await session?.close();
    session = undefined;
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the playground fixture has not started');
    return value;
  };
  return {
    get browser() {
      return started(browser);
    },
    get local() {
      return started(local);
    },
    async open(user) {
      session = await openPlayground(started(browser), started(local).url, user);
      return session;
    },
  };
}

/** Saves a screenshot under test-results/ when the test failed (vitest's afterEach context). */
export async function screenshotOnFailure(
  context: { task: { name: string; result?: { state?: string } } },
  page: Page | undefined,
  prefix: string,
): Promise<void> {
  if (!page || context.task.result?.state !== 'fail') return;
  const name = `${prefix}-${context.task.name}`.replace(/[^\w-]+/g, '-').slice(0, 120);
  await screenshot(page, name).catch(() => undefined);
}

export async function pickChannel(page: Page, name: string): Promise<void> {
  await page.locator('[data-testid="channel-item"]', { hasText: name }).first().click();
  await expect.poll(() => page.getByTestId('channel-title').textContent()).toContain(name);
}

function composer(page: Page, pane: Pane): Locator {
  return page.getByTestId(pane === 'thread' ? 'thread-input' : 'composer-input');
}

/** Types into the composer and presses Enter (slash commands go to the app, never into the channel). */
export async function send(page: Page, text: string, pane: Pane = 'channel'): Promise<void> {
  const input = composer(page, pane);
  await input.fill(text);
  await input.press('Enter');
  await expect.poll(() => input.inputValue()).toBe('');
}

export const runSlashCommand = send;

/** A message in the channel list whose text contains `text`. */
export function messageWith(page: Page, text: string, pane: Pane = 'channel'): Locator {
  const list = page.getByTestId(pane === 'thread' ? 'thread-messages' : 'messages');
  return list.getByTestId('message').filter({ hasText: text }).last();
}

/** Opens the thread of the channel message containing `text`. */
export async function openThread(page: Page, text: string): Promise<Locator> {
  const message = messageWith(page, text);
  await message.hover();
  await message.getByTestId('reply-button').click();
  const pane = page.getByTestId('thread-pane');
  await pane.waitFor();
  return pane;
}

/** The last message written by Strata in a pane. */
export function lastBotMessage(page: Page, pane: Pane = 'thread'): Locator {
  const list = page.getByTestId(pane === 'thread' ? 'thread-messages' : 'messages');
  return list
    .getByTestId('message')
    .filter({ has: page.getByTestId('app-badge') })
    .last();
}

/** A message body's text without its buttons (Stop, Regenerate…), as a reader takes it in. */
export function readableText(body: Locator): Promise<string> {
  return body.evaluate((el) => {
    const clone = el.cloneNode(true) as HTMLElement;
    clone.querySelectorAll('button, .block-actions').forEach((control) => {
      control.remove();
    });
    return clone.textContent ?? '';
  });
}

function isFinal(text: string, streaming: boolean): boolean {
  return !streaming && text.trim() !== '' && !text.includes('▍') && !text.includes('Thinking…');
}

/** Waits until Strata's last message in the pane is final (no cursor, not thinking, not streaming); its text. */
export async function waitForFinalBotMessage(
  page: Page,
  pane: Pane = 'thread',
  timeoutMs = 15_000,
): Promise<string> {
  const message = lastBotMessage(page, pane);
  let text = '';
  await expect
    .poll(
      async () => {
        if ((await message.count()) === 0) return false;
        text = await readableText(message.getByTestId('message-text'));
        const streaming = (await message.getAttribute('class'))?.includes('streaming') ?? false;
        return isFinal(text, streaming);
      },
      { timeout: timeoutMs, interval: 50 },
    )
    .toBe(true);
  return text;
}

/**
 * Records every text Strata's messages in the pane show, as the page draws them (a MutationObserver),
 * so a test can see a reply grow. Returns a function reading the distinct texts so far, in order.
 */
export async function recordBotTexts(page: Page, pane: Pane = 'thread'): Promise<() => Promise<string[]>> {
  const listId = pane === 'thread' ? 'thread-messages' : 'messages';
  await page.evaluate((id) => {
    const list = document.getElementById(id);
    const seen: string[] = [];
    (window as unknown as { __botTexts: string[] }).__botTexts = seen;
    const record = () => {
      const messages = list ? Array.from(list.querySelectorAll('[data-testid="message"]')) : [];
      const bots = messages.filter((m) => m.querySelector('[data-testid="app-badge"]'));
      const body = bots.at(-1)?.querySelector('[data-testid="message-text"]')?.cloneNode(true) as
        | HTMLElement
        | undefined;
      body?.querySelectorAll('button, .block-actions').forEach((control) => {
        control.remove();
      });
      const text = body?.textContent ?? '';
      if (text !== '' && seen.at(-1) !== text) seen.push(text);
    };
    if (list)
      new MutationObserver(record).observe(list, { childList: true, subtree: true, characterData: true });
  }, listId);
  return () => page.evaluate(() => [...(window as unknown as { __botTexts: string[] }).__botTexts]);
}

/** A button is settled when its request is over: gone (its message or modal was replaced) or enabled again. */
async function settled(button: Locator): Promise<boolean> {
  if ((await button.count()) === 0) return true;
  return button
    .evaluate((el) => !(el as HTMLButtonElement).disabled, undefined, { timeout: 200 })
    .catch(() => true);
}

/** Clicks a Block Kit button by its label in a message, and waits until the app has answered. */
export async function clickButton(message: Locator, label: string): Promise<void> {
  const button = message.getByRole('button', { name: label, exact: true });
  await button.click();
  await expect.poll(() => settled(button)).toBe(true);
}

export type ModalValue = string | string[] | boolean;

/**
 * Fills the open modal by input label: text and number inputs get text, selects and radio buttons an
 * option label, checkboxes a list of option labels.
 */
export async function fillModal(page: Page, values: Record<string, ModalValue>): Promise<void> {
  const modal = page.getByTestId('modal');
  await modal.waitFor();
  for (const [label, value] of Object.entries(values)) {
    const input = modal.getByTestId('modal-input').filter({ has: page.locator('label', { hasText: label }) });
    const select = input.locator('select');
    const group = input.locator('.choices');
    if ((await select.count()) > 0) await select.selectOption({ label: String(value) });
    else if ((await group.count()) > 0) {
      for (const option of [value].flat()) await group.getByLabel(String(option), { exact: true }).check();
    } else await input.locator('input, textarea').first().fill(String(value));
  }
}

/** Presses the modal's submit button and waits for the request to finish. */
export async function submitModal(page: Page): Promise<void> {
  const submit = page.getByTestId('modal-submit');
  await submit.click();
  await expect.poll(() => settled(submit)).toBe(true);
}

/** Attaches a file with the composer's button (the file chooser), then sends it with an optional message. */
export async function uploadFile(
  page: Page,
  file: { name: string; mimeType: string; buffer: Buffer },
  message = '',
  pane: Pane = 'channel',
): Promise<void> {
  const form = page.getByTestId(pane === 'thread' ? 'thread-composer' : 'composer');
  const chooser = page.waitForEvent('filechooser');
  await form.getByRole('button', { name: /Attach a file/ }).click();
  await (await chooser).setFiles(file);
  await expect.poll(() => form.getByTestId('pending-file').textContent()).toContain(file.name);
  await send(page, message, pane);
  await expect.poll(() => form.getByTestId('pending-file').count()).toBe(0);
}

/** Saves the page's end state under $STRATA_E2E_SHOTS (when set) for people to look at. */
export async function saveShot(page: Page, name: string): Promise<void> {
  const dir = process.env.STRATA_E2E_SHOTS;
  if (!dir) return;
  await mkdir(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`) });
  // Long threads scroll: their start too.
  const thread = page.getByTestId('thread-messages');
  if (await thread.isVisible()) {
    await thread.evaluate((el) => el.scrollTo(0, 0));
    await page.screenshot({ path: join(dir, `${name}-thread-start.png`) });
  }
}

/** A shared file, by name, anywhere inside `scope` (a pane or a message). */
export function fileIn(scope: Locator, name: string): Locator {
  return scope.getByTestId('file').filter({ hasText: name }).last();
}

export interface ShownImage {
  src: string;
  width: number;
  height: number;
}

/** Waits until `scope` shows at least `count` shared images the browser has loaded (not broken); all of them. */
export async function imagesShown(scope: Locator, count: number, timeoutMs = 15_000): Promise<ShownImage[]> {
  const images = scope.getByTestId('file-thumbnail');
  let shown: ShownImage[] = [];
  await expect
    .poll(
      async () => {
        shown = await images.evaluateAll((all) =>
          (all as HTMLImageElement[])
            .filter((img) => img.complete && img.naturalWidth > 0)
            .map((img) => ({
              src: img.getAttribute('src') ?? '',
              width: img.naturalWidth,
              height: img.naturalHeight,
            })),
        );
        return shown.length;
      },
      { timeout: timeoutMs, interval: 100 },
    )
    .toBeGreaterThanOrEqual(count);
  return shown;
}

/** Acts as someone else with the "You are" switcher; the page reloads that person's workspace. */
export async function switchUser(page: Page, user: string): Promise<void> {
  await page.getByTestId('user-select').selectOption(user);
  await page.locator(`[data-testid="user-select"][data-loaded="${user}"]`).waitFor();
  await page.locator('[data-testid="channel-item"][aria-current="page"]').waitFor();
}

/** The newest message only the viewer can see (an ephemeral) containing `text`, once it arrives. */
export async function ephemeralWith(page: Page, text: string, timeoutMs = 10_000): Promise<Locator> {
  const message = page
    .getByTestId('messages')
    .getByTestId('message')
    .filter({ has: page.getByTestId('ephemeral-note') })
    .filter({ hasText: text })
    .last();
  await message.waitFor({ timeout: timeoutMs });
  return message;
}

/** Runs `/ask` from the current channel; Strata answers in the asker's DM. Opens that thread; the final answer. */
export async function askInDm(page: Page, question: string, timeoutMs = 15_000): Promise<Locator> {
  await runSlashCommand(page, `/ask ${question}`);
  await pickChannel(page, 'Strata');
  await messageWith(page, question).waitFor({ timeout: timeoutMs });
  await openThread(page, question);
  await waitForFinalBotMessage(page, 'thread', timeoutMs);
  return lastBotMessage(page, 'thread');
}
