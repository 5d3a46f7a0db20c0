import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { hasChromium } from '../helpers/browser.js';
import { unnamedControls } from './accessibility.js';
import {
  ephemeralWith,
  fillModal,
  messageWith,
  openThread,
  runSlashCommand,
  saveShot,
  submitModal,
  uploadFile,
  usePlayground,
} from './helpers.js';

const DANA = 'U0ADMIN'; // in @strata-admins, which local mode trusts by default
const TITAN = 'Titan Text G1 - Express';

const jsonl = (...lines: unknown[]) =>
  Buffer.from(`${lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n')}\n`);

const goodData = jsonl(
  { prompt: 'How do I reset my password?', completion: 'Open Settings → Security → Reset password.' },
  { prompt: 'Where are invoices?', completion: 'Billing → Invoices, one PDF per month.' },
  { prompt: 'Can I export my data?', completion: 'Yes: Settings → Privacy → Export.' },
);

/**
 * Runs `/bedrock finetune create` and waits for the form a person fills (the modal may first say it is
 * loading, then be updated in place); picks the base model, then the data shared in the channel.
 */
async function fillFineTuneForm(page: Page, file: string, name: string): Promise<void> {
  await runSlashCommand(page, '/bedrock finetune create');
  const modal = page.getByTestId('modal');
  const baseModel = modal.getByLabel('Base model');
  await baseModel.waitFor({ timeout: 10_000 });
  expect(await modal.getByTestId('modal-title').textContent()).toBe('Fine-tune a model');
  // Focus is in the form once it is there, not left on the page behind.
  await expect.poll(() => baseModel.evaluate((el) => el === document.activeElement)).toBe(true);
  await fillModal(page, { 'Base model': TITAN, Customization: 'Fine-tuning (labelled examples)' });
  await saveShot(page, `finetune-choose-model-${name}`);
  await submitModal(page);

  const shared = modal.getByLabel('Training data (shared in the channel)');
  await shared.waitFor({ timeout: 10_000 });
  expect(await modal.textContent()).toContain('amazon.titan-text-express-v1');
  // The view was replaced in place (response_action "update"): focus moved to the new form's first field.
  await expect.poll(() => shared.evaluate((el) => el === document.activeElement)).toBe(true);
  expect(await unnamedControls(page)).toEqual([]);
  await saveShot(page, `finetune-form-top-${name}`);
  await fillModal(page, { 'Training data (shared in the channel)': file, 'Custom model name': name });
  await saveShot(page, `finetune-form-${name}`);
  await submitModal(page);
  await expect.poll(() => modal.count(), { timeout: 10_000 }).toBe(0);
}

describe.runIf(hasChromium)('fine-tuning a model from the playground', () => {
  // Local jobs finish in a few seconds and are checked often, so the journey sees one complete.
  const playground = usePlayground('e2e-finetune-modal', {
    LOCAL_FINETUNE_JOB_MS: '3000',
    STRATA_FINETUNE_POLL_MS: '200',
  });

  it('starts a job from the modal with a file shared in the channel, lists it, and tells the admin in the thread when it completes', async () => {
    const dana = await playground.open(DANA);
    const { page } = dana;
    await uploadFile(
      page,
      { name: 'support.jsonl', mimeType: 'application/jsonl', buffer: goodData },
      'training data',
    );

    await fillFineTuneForm(page, 'support.jsonl', 'support-bot');

    const started = messageWith(page, 'started fine-tuning job');
    await started.waitFor({ timeout: 15_000 });
    const jobName = /fine-tuning job (support-bot-[\w-]+)/.exec(
      (await started.getByTestId('message-text').textContent()) ?? '',
    )?.[1];
    expect(jobName).toBeDefined();
    const created = playground.local.bedrockControl.requests.find(
      (r) => r.method === 'POST' && r.path === '/model-customization-jobs',
    );
    expect(created?.body).toMatchObject({ jobName, customModelName: 'support-bot' });

    await runSlashCommand(page, '/bedrock finetune list');
    const list = await ephemeralWith(page, jobName ?? 'no job');
    expect(await list.textContent()).toContain('amazon.titan-text-express-v1');

    const thread = await openThread(page, 'started fine-tuning job');
    const done = thread.getByTestId('message').filter({ hasText: 'completed in' });
    await done.waitFor({ timeout: 20_000 });
    expect(await done.textContent()).toMatch(
      new RegExp(`@dana fine-tuning job ${jobName} completed in .*Custom model support-bot is ready`),
    );
    // The announcement in the channel no longer offers to stop the job.
    await expect
      .poll(() => started.getByRole('button', { name: 'Stop job' }).count(), { timeout: 10_000 })
      .toBe(0);
    expect(await started.getByTestId('message-text').textContent()).toContain('It completed after');
    await saveShot(page, 'finetune-completed');
  });

  it('refuses a JSONL file with broken lines, naming each line, and creates no job', async () => {
    const dana = await playground.open(DANA);
    const { page } = dana;
    const creates = () =>
      playground.local.bedrockControl.requests.filter(
        (r) => r.method === 'POST' && r.path === '/model-customization-jobs',
      ).length;
    const before = creates();
    const broken = jsonl({ prompt: 'ok', completion: 'fine' }, '{"prompt": "cut off', {
      question: 'q',
      answer: 'a',
    });
    await uploadFile(page, { name: 'broken.jsonl', mimeType: 'application/jsonl', buffer: broken });

    await fillFineTuneForm(page, 'broken.jsonl', 'broken-model');

    const refusal = await ephemeralWith(page, 'No job was created', 15_000);
    const text = (await refusal.textContent()) ?? '';
    expect(text).toContain('broken.jsonl');
    expect(text).toMatch(/line 2: not valid JSON/);
    expect(text).toContain('line 3: unexpected key "question", "answer"');
    expect(creates()).toBe(before);
    await saveShot(page, 'finetune-invalid-jsonl');
  });
});
