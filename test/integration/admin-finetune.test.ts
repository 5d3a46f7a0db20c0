import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AdminTestStrata, startAdminStrata } from '../admin/admin-strata.js';
import { eventually } from '../helpers/local-strata.js';

const ADMIN = 'U0ADMIN'; // in the emulator's @strata-admins group, which local mode trusts by default
const GENERAL = 'C0GENERAL';
const TITAN = 'amazon.titan-text-express-v1';

let local: AdminTestStrata;

beforeAll(async () => {
  local = await startAdminStrata();
});
afterAll(async () => {
  await local?.close();
});

const jsonl = (...records: unknown[]) =>
  `${records.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n')}\n`;
const goodData = jsonl(
  { prompt: 'How do I reset my password?', completion: 'Open Settings → Security → Reset password.' },
  { prompt: 'Where are invoices?', completion: 'Billing → Invoices, one PDF per month.' },
  { prompt: 'Can I export my data?', completion: 'Yes: Settings → Privacy → Export.' },
);

async function command(user: string, text: string) {
  const before = local.slack.ephemerals(user, GENERAL).length;
  const result = await local.slack.runCommand({ user, channel: GENERAL, command: '/bedrock', text });
  expect(result.status).toBe(200);
  return eventually(async () => local.slack.ephemerals(user, GENERAL).slice(before).at(-1));
}

async function openForm(baseModel: string) {
  const seen = new Set(local.slack.openViews(ADMIN).map((v) => v.id));
  await local.slack.runCommand({
    user: ADMIN,
    channel: GENERAL,
    command: '/bedrock',
    text: `finetune create ${baseModel}`,
  });
  return eventually(async () => {
    const view = local.slack.openViews(ADMIN).at(-1);
    return view && !seen.has(view.id) && JSON.stringify(view.view).includes('"callback_id":"finetune_create"')
      ? view
      : undefined;
  });
}

async function submitForm(
  fileName: string,
  content: string,
  values: Record<string, Record<string, unknown>> = {},
) {
  const { fileId } = await local.slack.uploadFile({
    user: ADMIN,
    channel: GENERAL,
    filename: fileName,
    content,
  });
  const view = await openForm(TITAN);
  return local.slack.submitView({
    user: ADMIN,
    viewId: view.id,
    values: { training_file: { value: { files: [{ id: fileId, name: fileName }] } }, ...values },
  });
}

async function botMessage(includes: string) {
  return eventually(async () => {
    const { messages = [] } = await local.strata.app.client.conversations.history({
      channel: GENERAL,
      limit: 50,
    });
    return messages.find((m) => m.bot_id !== undefined && (m.text ?? '').includes(includes));
  });
}

describe('fine-tuning from Slack', () => {
  it('validates the JSONL, uploads it, creates the job, lists it, and tells the admin in the thread when it completes', async () => {
    const form = await openForm(TITAN);
    const formJson = JSON.stringify(form.view);
    expect(formJson).toContain('Titan Text G1 - Express');
    for (const key of ['hp_epochCount', 'hp_batchSize', 'hp_learningRate', 'hp_learningRateWarmupSteps'])
      expect(formJson).toContain(key);
    expect(formJson).not.toContain('hp_learningRateMultiplier');

    const submitted = await submitForm('support.jsonl', goodData, {
      hp_epochCount: { value: '3' },
      model_name: { value: 'support-bot' },
    });
    expect(submitted.status).toBe(200);

    const started = await botMessage('started fine-tuning job');
    expect(started.text).toContain(`<@${ADMIN}>`);
    expect(JSON.stringify(started.blocks)).toContain('finetune_stop');
    const create = await eventually(async () =>
      local.bedrockControl.requests.find(
        (r) => r.method === 'POST' && r.path === '/model-customization-jobs',
      ),
    );
    expect(create.body).toMatchObject({
      baseModelIdentifier: TITAN,
      customModelName: 'support-bot',
      customizationType: 'FINE_TUNING',
      roleArn: expect.stringMatching(/^arn:aws:iam::\d{12}:role\//),
      hyperParameters: {
        epochCount: '3',
        batchSize: '1',
        learningRate: '0.00001',
        learningRateWarmupSteps: '5',
      },
      outputDataConfig: { s3Uri: 's3://strata-blobs/finetune/output/' },
    });
    const trainingUri = (create.body as { trainingDataConfig: { s3Uri: string } }).trainingDataConfig.s3Uri;
    const key = trainingUri.replace('s3://strata-blobs/', '');
    const object = await new S3Client({ forcePathStyle: true }).send(
      new GetObjectCommand({ Bucket: 'strata-blobs', Key: key }),
    );
    expect(await object.Body?.transformToString()).toBe(goodData);

    const listed = await command(ADMIN, 'finetune list');
    expect(listed.text).toMatch(/support-bot-\d{8}-\d{6}.* · InProgress · amazon\.titan-text-express-v1/);

    local.clock.advance(700_000);
    const finished = await eventually(async () => {
      const thread = await local.thread(GENERAL, started.ts ?? '');
      return thread.find((m) => m.bot_id !== undefined && m.text.includes('completed in'));
    });
    expect(finished.text).toMatch(
      /<@U0ADMIN> fine-tuning job `support-bot-.*` completed in 10 min.*Custom model `support-bot` is ready \(training loss [\d.]+\)/,
    );
    // The announcement no longer offers to stop a job that has ended.
    const announcement = await botMessage('. It completed after 10 min; details in the thread.');
    expect(announcement.ts).toBe(started.ts);
    expect(JSON.stringify(announcement.blocks)).not.toContain('finetune_stop');

    const status = await command(ADMIN, `finetune status ${(create.body as { jobName: string }).jobName}`);
    expect(status.text).toContain('— Completed');
    expect(status.text).toMatch(/Metrics: training loss [\d.]+/);
    expect(status.text).toMatch(
      /Output model: `support-bot` \(`arn:aws:bedrock:us-east-1:123456789012:custom-model\//,
    );
  });

  it('refuses invalid JSONL with line numbers: nothing uploaded, no job created', async () => {
    const creates = () =>
      local.bedrockControl.requests.filter(
        (r) => r.method === 'POST' && r.path === '/model-customization-jobs',
      ).length;
    const before = creates();
    const bad = jsonl({ prompt: 'ok', completion: 'fine' }, '{"prompt": "cut off', {
      question: 'q',
      answer: 'a',
    });
    await submitForm('broken.jsonl', bad, { model_name: { value: 'broken-model' } });

    const refusal = await eventually(async () =>
      local.slack.ephemerals(ADMIN, GENERAL).find((m) => m.text.includes('broken.jsonl')),
    );
    expect(refusal.text).toContain('No job was created');
    expect(refusal.text).toContain('2 problems');
    expect(refusal.text).toMatch(/line 2: not valid JSON .*truncated/);
    expect(refusal.text).toContain('line 3: unexpected key "question", "answer"');
    expect(creates()).toBe(before);
    const { Contents = [] } = await new S3Client({ forcePathStyle: true }).send(
      new ListObjectsV2Command({ Bucket: 'strata-blobs', Prefix: 'finetune/broken-model' }),
    );
    expect(Contents).toEqual([]);
  });

  it('shows out-of-range hyperparameters next to their fields and keeps the modal open', async () => {
    const answer = await submitForm('ok.jsonl', goodData, {
      hp_epochCount: { value: '50' },
      hp_batchSize: { value: '0.5' },
    });
    expect(JSON.parse(answer.body)).toEqual({
      response_action: 'errors',
      errors: {
        hp_epochCount: 'Epochs must be between 1–10 for Titan Text G1 - Express; got 50.',
        hp_batchSize: 'Batch size must be a whole number (1–64); got 0.5.',
      },
    });
  });

  it('answers an unknown base model and a finished job precisely', async () => {
    await local.slack.runCommand({
      user: ADMIN,
      channel: GENERAL,
      command: '/bedrock',
      text: 'finetune create acme.unknown-v1',
    });
    const modal = await eventually(async () => {
      const view = JSON.stringify(local.slack.openViews(ADMIN).at(-1)?.view ?? {});
      return view.includes('acme.unknown-v1') ? view : undefined;
    });
    expect(modal).toContain('is not a foundation model in this region');

    const jobs = await command(ADMIN, 'finetune list');
    const name = /`(support-bot-[\d-]+)` · Completed/.exec(jobs.text)?.[1];
    expect(name).toBeDefined();
    const stop = await command(ADMIN, `finetune stop ${name}`);
    expect(stop.text).toMatch(/already completed at .* UTC; there is nothing to stop/);
    const unknown = await command(ADMIN, 'finetune status no-such-job');
    expect(unknown.text).toContain('There is no fine-tuning job named `no-such-job`');
  });

  it('deploys the custom model on demand and makes it the channel’s model once it is active', async () => {
    const started = await botMessage('started fine-tuning job `support-bot');
    const finished = await eventually(async () =>
      (await local.thread(GENERAL, started.ts ?? '')).find((m) => m.text.includes('completed in')),
    );
    const click = (actionId: string) =>
      local.slack.clickButton({ user: ADMIN, channel: GENERAL, messageTs: finished.ts, actionId });

    await click('finetune_use_in_channel');
    await eventually(async () =>
      local.slack.ephemerals(ADMIN, GENERAL).find((m) => m.text.includes('cannot answer yet')),
    );

    await click('finetune_deploy');
    await eventually(async () =>
      local.slack.ephemerals(ADMIN, GENERAL).find((m) => m.text.includes('On-demand deployment started')),
    );
    local.clock.advance(200_000);
    await click('finetune_use_in_channel');
    const used = await eventually(async () =>
      local.slack.ephemerals(ADMIN, GENERAL).find((m) => m.text.includes('now answers with')),
    );
    const deployment = /`(arn:aws:bedrock:[^`]+:custom-model-deployment\/[^`]+)`/.exec(used.text)?.[1] ?? '';
    expect(deployment).not.toBe('');

    await local.slack.postAsUser({
      user: 'U0ALICE',
      channel: GENERAL,
      text: '<@U0STRATA> hello custom model',
    });
    const request = await eventually(async () =>
      local.bedrock.requests.find((r) => JSON.stringify(r.body).includes('hello custom model')),
    );
    expect(request.modelId).toBe(deployment);
  });
});

describe('admin commands for someone who is not an admin', () => {
  it('are refused with a clear message and recorded in the audit log', async () => {
    const refusal = await command('U0BOB', 'finetune list');
    expect(refusal.text).toBe(
      ':lock: `/bedrock finetune` is for Strata admins only. Ask an admin if you need it.',
    );
    const usage = await command('U0BOB', 'usage 7d');
    expect(usage.text).toContain('for Strata admins only');

    const audit = await command(ADMIN, 'audit 50');
    expect(audit.text).toMatch(
      /:no_entry: .* <@U0BOB> \*bedrock finetune\* in <#C0GENERAL> · denied — not a Strata admin `\{"args":"list"\}`/,
    );
    expect(audit.text).toMatch(/<@U0BOB> \*bedrock usage\*.* denied/);
    expect(audit.text).toMatch(/<@U0ADMIN> \*finetune.create\* in <#C0GENERAL> · ok/);
    expect(audit.text).toMatch(
      /<@U0ADMIN> \*finetune.create\* in <#C0GENERAL> · invalid — 2 data problems; nothing uploaded/,
    );
  });

  it('cannot press an admin button on a job message', async () => {
    const started = await botMessage('started fine-tuning job');
    const finished = (await local.thread(GENERAL, started.ts ?? '')).find((m) =>
      m.text.includes('completed in'),
    );
    await local.slack.clickButton({
      user: 'U0ALICE',
      channel: GENERAL,
      messageTs: finished?.ts ?? '',
      actionId: 'finetune_deploy',
    });
    await eventually(async () =>
      local.slack
        .ephemerals('U0ALICE', GENERAL)
        .find((m) => m.text.includes('Only Strata admins can do that')),
    );
    const audit = await command(ADMIN, 'audit 5');
    expect(audit.text).toMatch(/<@U0ALICE> \*finetune.deploy\* in <#C0GENERAL> · denied/);
  });
});
