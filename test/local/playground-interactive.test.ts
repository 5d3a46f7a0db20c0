import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, type BlockButtonAction, HTTPReceiver, LogLevel, type ViewSubmitAction } from '@slack/bolt';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type SlackEmulator, startSlackEmulator } from '../../src/local/slack/slack-emulator.js';
import {
  fillModal,
  lastBotMessage,
  messageWith,
  openPlayground,
  type PlaygroundSession,
  screenshotOnFailure,
  send,
  submitModal,
} from '../e2e/helpers.js';
import { hasChromium, launchChromium } from '../helpers/browser.js';

const botToken = 'xoxb-interactive-browser';
const signingSecret = 'interactive-secret';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const jobView = {
  type: 'modal' as const,
  callback_id: 'job',
  title: { type: 'plain_text' as const, text: 'New job' },
  submit: { type: 'plain_text' as const, text: 'Start' },
  blocks: [
    {
      type: 'input',
      block_id: 'name',
      label: { type: 'plain_text', text: 'Job name' },
      element: { type: 'plain_text_input', action_id: 'value' },
    },
    {
      type: 'input',
      block_id: 'model',
      label: { type: 'plain_text', text: 'Base model' },
      element: {
        type: 'static_select',
        action_id: 'value',
        options: [
          { text: { type: 'plain_text', text: 'Titan Text' }, value: 'titan' },
          { text: { type: 'plain_text', text: 'Llama 3' }, value: 'llama' },
        ],
      },
    },
    {
      type: 'input',
      block_id: 'epochs',
      label: { type: 'plain_text', text: 'Epochs' },
      element: { type: 'number_input', action_id: 'value', is_decimal_allowed: false },
    },
    {
      type: 'input',
      block_id: 'notify',
      optional: true,
      label: { type: 'plain_text', text: 'Notify' },
      element: {
        type: 'checkboxes',
        action_id: 'value',
        options: [{ text: { type: 'plain_text', text: 'DM me when done' }, value: 'dm' }],
      },
    },
  ],
};

describe.runIf(hasChromium)('interactive playground in Chromium', () => {
  let browser: Browser;
  let dir: string;
  let emulator: SlackEmulator;
  let app: App;
  let alice: PlaygroundSession | undefined;

  beforeAll(async () => {
    browser = await launchChromium();
    dir = await mkdtemp(join(tmpdir(), 'playground-manifest-'));
    await writeFile(
      join(dir, 'manifest.json'),
      JSON.stringify({
        features: {
          slash_commands: [
            { command: '/job', description: 'Start a fine-tuning job', usage_hint: '[name]' },
            { command: '/jobs', description: 'List jobs', usage_hint: '' },
          ],
        },
      }),
    );
  });
  afterAll(async () => {
    await browser?.close();
    await rm(dir, { recursive: true, force: true });
  });

  beforeEach(async () => {
    emulator = await startSlackEmulator({
      signingSecret,
      botToken,
      manifestPath: join(dir, 'manifest.json'),
    });
    app = new App({
      receiver: new HTTPReceiver({ signingSecret, endpoints: '/slack/events', logLevel: LogLevel.ERROR }),
      token: botToken,
      logLevel: LogLevel.ERROR,
      clientOptions: { slackApiUrl: emulator.apiUrl },
    });
    const port = await freePort();
    await app.start(port);
    emulator.setEventsUrl(`http://127.0.0.1:${port}/slack/events`);
  });
  afterEach(async (context) => {
    await screenshotOnFailure(context, alice?.page, 'playground-interactive');
    await alice?.close();
    await app.stop();
    await emulator.close();
  });

  it('offers the manifest commands as you type "/", with their usage hint', async () => {
    alice = await openPlayground(browser, emulator.url);
    const input = alice.page.getByTestId('composer-input');
    await input.fill('/jo');
    const options = alice.page.getByTestId('autocomplete-option');
    await expect.poll(() => options.allTextContents()).toHaveLength(2);
    expect((await options.first().textContent())?.replace(/\s+/g, ' ').trim()).toBe(
      '/job [name] Start a fine-tuning job',
    );
    await input.press('Enter');
    expect(await input.inputValue()).toBe('/job ');
    expect(await alice.page.getByTestId('command-hint').textContent()).toBe(
      '/job [name] — Start a fine-tuning job',
    );
  });

  it('clicks a button: disabled while the app answers, then the message is replaced', async () => {
    app.message('deploy?', async ({ say }) => {
      await say({
        text: 'Deploy?',
        blocks: [
          { type: 'section', text: { type: 'mrkdwn', text: 'Deploy *v2*?' } },
          {
            type: 'actions',
            elements: [
              {
                type: 'button',
                action_id: 'go',
                style: 'primary',
                text: { type: 'plain_text', text: 'Deploy' },
                value: 'v2',
              },
            ],
          },
        ],
      });
    });
    const clicks: BlockButtonAction[] = [];
    let answer = () => {};
    const answered = new Promise<void>((resolve) => {
      answer = resolve;
    });
    app.action<BlockButtonAction>('go', async ({ ack, body, respond }) => {
      await answered;
      await ack();
      clicks.push(body);
      await respond({ replace_original: true, text: `Deploying ${body.actions[0]?.value} :rocket:` });
    });
    alice = await openPlayground(browser, emulator.url);
    const { page } = alice;

    await send(page, 'deploy?');
    const prompt = lastBotMessage(page, 'channel');
    await expect.poll(() => prompt.textContent()).toContain('Deploy v2?');
    const button = prompt.getByRole('button', { name: 'Deploy', exact: true });
    await button.click();
    await expect.poll(() => button.isDisabled()).toBe(true);
    answer();

    await expect.poll(() => messageWith(page, 'Deploying v2').count()).toBe(1);
    expect(await page.getByTestId('messages').getByRole('button', { name: 'Deploy' }).count()).toBe(0);
    expect(clicks[0]?.user.id).toBe('U0ALICE');
  });

  it('opens a modal from a command, shows the app’s validation error, and closes when it is fixed', async () => {
    app.command('/job', async ({ ack, body, client }) => {
      await ack();
      await client.views.open({ trigger_id: body.trigger_id, view: jobView });
    });
    const submitted: ViewSubmitAction['view']['state']['values'][] = [];
    app.view<ViewSubmitAction>('job', async ({ ack, view }) => {
      submitted.push(view.state.values);
      const name = view.state.values.name?.value?.value ?? '';
      if (name.includes(' ')) await ack({ response_action: 'errors', errors: { name: 'No spaces, please' } });
      else await ack();
    });
    alice = await openPlayground(browser, emulator.url);
    const { page } = alice;

    await send(page, '/job');
    await expect.poll(() => page.getByTestId('modal-title').textContent()).toBe('New job');
    await submitModal(page);
    expect(await page.getByTestId('input-error').allTextContents()).toEqual([
      'Please complete this required field.',
      'Please complete this required field.',
      'Please complete this required field.',
      '',
    ]);
    expect(submitted).toEqual([]);

    await fillModal(page, {
      'Job name': 'tone tuning',
      'Base model': 'Llama 3',
      Epochs: '3',
      Notify: ['DM me when done'],
    });
    await submitModal(page);
    await expect.poll(() => page.getByTestId('input-error').first().textContent()).toBe('No spaces, please');

    await fillModal(page, { 'Job name': 'tone-tuning' });
    await submitModal(page);
    await expect.poll(() => page.getByTestId('modal').count()).toBe(0);
    expect(submitted.at(-1)).toEqual({
      name: { value: { type: 'plain_text_input', value: 'tone-tuning' } },
      model: { value: { type: 'static_select', selected_option: jobView.blocks[1]?.element.options?.[1] } },
      epochs: { value: { type: 'number_input', value: '3' } },
      notify: { value: { type: 'checkboxes', selected_options: [jobView.blocks[3]?.element.options?.[0]] } },
    });
  });

  it('lets a person fix their own message in place', async () => {
    alice = await openPlayground(browser, emulator.url);
    const { page } = alice;
    await send(page, 'helo team');
    const message = messageWith(page, 'helo team');
    await message.hover();
    await message.getByTestId('edit-button').click();
    await page.getByTestId('edit-input').fill('hello team');
    await page.getByTestId('save-edit').click();

    await expect.poll(() => messageWith(page, 'hello team').getByTestId('edited').count()).toBe(1);
    expect(emulator.workspace.messages('C0GENERAL').map((m) => m.message.text)).toEqual(['hello team']);
  });
});
