import type { ModalView } from '@slack/types';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { hasChromium } from '../helpers/browser.js';
import { focused, imagesWithoutAlt, pressUntil, unnamedControls } from './accessibility.js';
import {
  ephemeralWith,
  imagesShown,
  lastBotMessage,
  messageWith,
  openThread,
  saveShot,
  send,
  uploadFile,
  usePlayground,
  waitForFinalBotMessage,
} from './helpers.js';

/** The modal's focusable controls, in Tab order, as the test names them. */
async function modalTabStops(page: Page, count: number): Promise<string[]> {
  const stops: string[] = [];
  for (let i = 0; i < count; i += 1) {
    await page.keyboard.press('Tab');
    const f = await focused(page);
    stops.push(f.inModal ? `${f.tag}:${f.label}` : `OUTSIDE ${f.tag}#${f.id}`);
  }
  return stops;
}

async function typeCommand(page: Page, command: string): Promise<void> {
  await page.keyboard.type(command);
  await expect.poll(() => page.getByTestId('command-hint').isVisible()).toBe(true);
  await page.keyboard.press('Enter');
}

describe.runIf(hasChromium)('the playground with only a keyboard, and what screen readers are told', () => {
  const playground = usePlayground('e2e-keyboard');

  it('picks a channel, mentions Strata through the suggestions, sends, and opens the thread, all from the keyboard', async () => {
    const alice = await playground.open();
    const { page } = alice;

    // Tab reaches the channel list once, on the open channel; the arrow keys move inside it.
    expect(await pressUntil(page, 'Tab', (f) => f.testId === 'channel-item', 5)).toBe(true);
    expect((await focused(page)).label).toBe('general');
    await page.keyboard.press('ArrowDown');
    expect((await focused(page)).label).toBe('random');
    await page.keyboard.press('ArrowDown');
    expect((await focused(page)).label).toBe('leadership');
    await saveShot(page, 'keyboard-channel-focus');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('channel-title').textContent()).toContain('leadership');
    expect((await focused(page)).testId).toBe('composer-input');

    // @ opens the people list; the arrow keys move the choice; typing narrows it; Enter takes it.
    await page.keyboard.type('@');
    const options = page.getByTestId('autocomplete-option');
    await expect.poll(() => options.count()).toBeGreaterThan(1);
    const selected = () =>
      page.locator('[data-testid="autocomplete-option"][aria-selected="true"]').textContent();
    expect(await selected()).toContain('Strata');
    await page.keyboard.press('ArrowDown');
    expect(await selected()).toContain('Alice Park');
    const input = page.getByTestId('composer-input');
    expect(await input.getAttribute('aria-activedescendant')).toBe(await options.nth(1).getAttribute('id'));
    await page.keyboard.press('ArrowUp');
    await page.keyboard.type('Str');
    await expect.poll(() => options.allTextContents()).toEqual([expect.stringContaining('Strata')]);
    await saveShot(page, 'keyboard-mention-suggestions');
    await page.keyboard.press('Enter');
    expect(await input.inputValue()).toBe('@Strata ');
    expect(await input.getAttribute('aria-expanded')).toBe('false');

    await page.keyboard.type('what is Amazon Bedrock?');
    await page.keyboard.press('Enter');
    await expect.poll(() => input.inputValue()).toBe('');
    const mine = messageWith(page, 'what is Amazon Bedrock?');
    await mine.waitFor();
    expect(await mine.getByTestId('message-text').textContent()).toMatch(
      /^@strata what is Amazon Bedrock\?$/i,
    );

    // Back from the composer into the message's own buttons: Edit opens the editor, Escape returns to Edit.
    expect(await pressUntil(page, 'Shift+Tab', (f) => f.testId === 'edit-button', 4)).toBe(true);
    await page.keyboard.press('Enter');
    expect((await focused(page)).testId).toBe('edit-input');
    await page.keyboard.press('Escape');
    await expect.poll(async () => (await focused(page)).testId).toBe('edit-button');

    // Then Reply in thread: Enter opens the thread.
    const reply = (f: Awaited<ReturnType<typeof focused>>) =>
      f.testId === 'reply-button' || f.testId === 'replies-button';
    expect(await pressUntil(page, 'Shift+Tab', reply, 6)).toBe(true);
    await saveShot(page, 'keyboard-message-actions');
    await page.keyboard.press('Enter');
    await page.getByTestId('thread-pane').waitFor();
    expect((await focused(page)).testId).toBe('thread-input');
    const answer = await waitForFinalBotMessage(page, 'thread');
    expect(answer.length).toBeGreaterThan(20);

    // Escape in the empty reply box closes the thread and puts the caret back in the channel's composer.
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('thread-pane').isVisible()).toBe(false);
    expect((await focused(page)).testId).toBe('composer-input');
  });

  it('opens /bedrock settings from the composer, keeps Tab inside it, closes with Escape, and saves from the keyboard', async () => {
    const alice = await playground.open();
    const { page } = alice;
    await page.getByTestId('composer-input').focus();

    await typeCommand(page, '/bedrock settings');
    const modal = page.getByTestId('modal');
    await modal.waitFor();
    await expect.poll(async () => (await focused(page)).inModal).toBe(true);
    expect(await modal.getAttribute('role')).toBe('dialog');
    expect(await modal.getAttribute('aria-modal')).toBe('true');
    const titleId = (await modal.getAttribute('aria-labelledby')) ?? '';
    expect(await page.locator(`[id="${titleId}"]`).textContent()).toBe('Strata settings');

    // Tab goes through every field and button, then wraps to the first: never to the page behind.
    const controls = await modal.evaluate(
      (form) =>
        Array.from(form.querySelectorAll('input, select, textarea, button')).filter(
          (el) => !(el as HTMLInputElement).disabled && (el as HTMLElement).offsetParent !== null,
        ).length,
    );
    const first = await focused(page);
    const stops = await modalTabStops(page, controls + 2);
    expect(stops.filter((s) => s.startsWith('OUTSIDE'))).toEqual([]);
    expect(stops).toContain('input:Temperature (optional)');
    expect(stops).toContain('button:Save');
    expect(stops).toContain(`${first.tag}:${first.label}`);
    await page.keyboard.press('Shift+Tab');
    expect((await focused(page)).inModal).toBe(true);
    await saveShot(page, 'keyboard-settings-modal');

    await page.keyboard.press('Escape');
    await expect.poll(() => modal.count()).toBe(0);
    expect((await focused(page)).testId).toBe('composer-input');

    await typeCommand(page, '/bedrock settings');
    await modal.waitFor();
    expect(await pressUntil(page, 'Tab', (f) => f.label.startsWith('Temperature'), 20)).toBe(true);
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('0.4');
    expect(await pressUntil(page, 'Tab', (f) => f.label === 'Save', 20)).toBe(true);
    await saveShot(page, 'keyboard-settings-save-focus');
    await page.keyboard.press('Enter');
    await expect.poll(() => modal.count()).toBe(0);
    expect((await ephemeralWith(page, 'Saved your settings')).textContent()).resolves.toContain(
      'temperature 0.4',
    );
    expect((await focused(page)).testId).toBe('composer-input');
  });

  it('keeps what was typed and where focus was when the app updates the open modal (views.update)', async () => {
    const alice = await playground.open();
    const { page } = alice;
    await page.getByTestId('composer-input').focus();
    await typeCommand(page, '/bedrock settings');
    const modal = page.getByTestId('modal');
    const temperature = modal.getByLabel(/^Temperature/);
    await temperature.waitFor();
    await temperature.focus();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('0.7');

    const [open] = playground.local.slack.openViews('U0ALICE');
    if (!open) throw new Error('no open view');
    // The view as an app sends it back (Slack's own fields such as id, hash and state left out).
    const { type, title, submit, close, callback_id, private_metadata, blocks } = open.view as ModalView;
    await playground.local.strata.app.client.views.update({
      view_id: open.id,
      view: {
        type,
        title,
        ...(submit ? { submit } : {}),
        ...(close ? { close } : {}),
        ...(callback_id ? { callback_id } : {}),
        ...(private_metadata ? { private_metadata } : {}),
        blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'Updated by Strata.' } }, ...blocks],
      },
    });

    await expect.poll(() => modal.textContent()).toContain('Updated by Strata.');
    expect(await temperature.inputValue()).toBe('0.7');
    expect((await focused(page)).label).toMatch(/^Temperature/);
    await page.keyboard.press('Escape');
    await expect.poll(() => modal.count()).toBe(0);
    expect((await focused(page)).testId).toBe('composer-input');
  });

  it('names every control, describes every image, keeps replies in a live log and marks modals as dialogs', async () => {
    const alice = await playground.open();
    const { page } = alice;

    const png = await sharp({
      create: { width: 160, height: 100, channels: 3, background: '#1264a3' },
    })
      .png()
      .toBuffer();
    await uploadFile(page, { name: 'diagram.png', mimeType: 'image/png', buffer: png }, 'the diagram');
    await imagesShown(page.getByTestId('messages'), 1);
    await uploadFile(page, { name: 'q.sql', mimeType: 'text/plain', buffer: Buffer.from('SELECT 1;') });
    // While Strata streams its reply the message is aria-busy (read once, when done); it lives in a log.
    playground.local.bedrock.script({
      chunks: 'Amazon Bedrock is a managed service for foundation models.'.split(/(?<= )/),
      delayMs: 150,
    });
    await page.evaluate(() => {
      const seen: boolean[] = [];
      (window as unknown as { __busy: boolean[] }).__busy = seen;
      const list = document.getElementById('thread-messages');
      if (list)
        new MutationObserver(() => {
          list.querySelectorAll('[data-testid="message"]').forEach((li) => {
            if (li.querySelector('[data-testid="app-badge"]'))
              seen.push(li.getAttribute('aria-busy') === 'true');
          });
        }).observe(list, { childList: true, subtree: true, attributes: true });
    });
    await send(page, '@Strata what is Amazon Bedrock?');
    const thread = await openThread(page, 'what is Amazon Bedrock?');
    await waitForFinalBotMessage(page, 'thread');
    const busy = await page.evaluate(() => (window as unknown as { __busy: boolean[] }).__busy);
    expect(busy).toContain(true);
    const finalReply = lastBotMessage(page, 'thread');
    expect(await finalReply.getAttribute('aria-busy')).toBeNull();
    expect(await finalReply.evaluate((li) => li.closest('[role="log"]')?.getAttribute('aria-label'))).toBe(
      'Thread messages',
    );
    expect(
      await page
        .getByTestId('messages')
        .evaluate((ol) => ol.closest('[role="log"]')?.getAttribute('aria-label')),
    ).toBe('Messages');
    expect(await thread.getByTestId('thread-status').getAttribute('aria-live')).toBe('polite');

    await page.getByTestId('members-toggle').click();
    await page.getByTestId('member-list').getByTestId('member').first().waitFor();
    await page.getByTestId('composer-input').fill('/');
    await page.getByTestId('autocomplete-option').first().waitFor();

    expect(await unnamedControls(page)).toEqual([]);
    expect(await imagesWithoutAlt(page)).toEqual([]);
    expect(await page.getByTestId('file-thumbnail').getAttribute('alt')).toBe('diagram.png');
    await saveShot(page, 'labels-workspace');

    await page.getByTestId('composer-input').fill('');
    await send(page, '/bedrock settings');
    await page.getByTestId('modal').waitFor();
    expect(await unnamedControls(page)).toEqual([]);
    // The page behind the dialog is inert: not focusable, not read.
    expect(await page.locator('.app').evaluate((app) => (app as HTMLElement).inert)).toBe(true);
  });
});
