import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FINETUNE_WATCH_JOB } from '../../src/admin/finetune-watch-job.js';
import { createServices } from '../../src/app.js';
import { handler as workerHandler } from '../../src/cloud/lambda-worker.js';
import { loadConfigWithSlackCredentials } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { type AdminTestStrata, startAdminStrata } from '../admin/admin-strata.js';
import { eventually } from '../helpers/local-strata.js';
import { type ApiGatewayStandIn, startApiGatewayStandIn } from './helpers/api-gateway-stand-in.js';
import { type FakeSecretsManager, startFakeSecretsManager } from './helpers/fake-secrets-manager.js';
import { type FakeSqs, startFakeSqs } from './helpers/fake-sqs.js';
import { buildIngressBundle, type IngressBundle } from './helpers/ingress-bundle.js';

const ADMIN = 'U0ADMIN';
const GENERAL = 'C0GENERAL';
const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:strata/slack-AbCdEf';
const FINETUNE_JOB_MS = 600_000;

let local: AdminTestStrata;
let sqs: FakeSqs;
let secretsManager: FakeSecretsManager;
let ingress: IngressBundle;
let api: ApiGatewayStandIn;
const vectors = mkdtempSync(join(tmpdir(), 'strata-lambda-vectors-'));
/** Uses of a native stand-in anywhere in the ingress, even where an error was caught. */
const nativeUses: string[] = [];
const onWarning = (warning: Error & { code?: string }) => {
  if (warning.code === 'STRATA_NATIVE_UNAVAILABLE') nativeUses.push(warning.stack ?? warning.message);
};

beforeAll(async () => {
  // The stand-ins of local mode; its own server keeps running but no longer receives Slack's requests,
  // and its fine-tune timer is too slow to fire here.
  local = await startAdminStrata({
    LOCAL_FINETUNE_JOB_MS: String(FINETUNE_JOB_MS),
    STRATA_FINETUNE_POLL_MS: '3600000',
  });
  sqs = await startFakeSqs();
  secretsManager = await startFakeSecretsManager();
  secretsManager.put(SECRET_ARN, JSON.stringify(local.credentials));
  // What the stack sets on both functions, pointed at the stand-ins.
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_SQS: sqs.endpoint,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: secretsManager.endpoint,
    STRATA_QUEUE_URL: sqs.queueUrl,
    STRATA_SLACK_SECRET_ARN: SECRET_ARN,
    STRATA_ADMIN_USERS: ADMIN,
    STRATA_VECTOR_URI: vectors,
    STRATA_RAG_CHANNELS_ANYWHERE: 'true',
    SLACK_API_URL: local.slack.apiUrl,
    LOG_LEVEL: 'silent',
    POWERTOOLS_METRICS_DISABLED: 'true',
  });
  process.on('warning', onWarning);
  ingress = await buildIngressBundle(process.cwd());
  api = await startApiGatewayStandIn(ingress.handler);
  local.slack.setEventsUrl(api.url);
}, 120_000);

afterAll(async () => {
  process.off('warning', onWarning);
  await api?.close();
  ingress?.remove();
  await secretsManager?.close();
  await sqs?.close();
  await local?.close();
  rmSync(vectors, { recursive: true, force: true });
});

/** The queue as Lambda's event source mapping would feed it, until no job (nor follow-up) is left. */
async function runWorker(): Promise<void> {
  for (let round = 0; round < 5; round += 1) {
    const batch = sqs.drain();
    if (batch.Records.length === 0) return;
    expect((await workerHandler(batch)).batchItemFailures).toEqual([]);
  }
  throw new Error('jobs kept coming after 5 rounds');
}

/** Types `/bedrock <text>` in #general through API Gateway → ingress → SQS → worker; returns what the person saw. */
async function bedrock(text: string, user = ADMIN) {
  const seen = local.slack.ephemerals(user, GENERAL).length;
  const sent = sqs.sent.length;
  const posted = await local.slack.runCommand({ user, channel: GENERAL, command: '/bedrock', text });
  expect(posted.status).toBe(200);
  await runWorker();
  const queued = sqs.sent.slice(sent).map((m) => JSON.parse(m.body) as { kind: string; name?: string });
  const reply = await eventually(async () => local.slack.ephemerals(user, GENERAL).slice(seen).at(-1));
  return { queued: queued.map((j) => (j.name ? `${j.kind}:${j.name}` : j.kind)), reply: reply.text };
}

async function opensModal(text: string): Promise<{ queued: string[]; view: string }> {
  const before = new Set(local.slack.openViews(ADMIN).map((v) => v.id));
  const sent = sqs.sent.length;
  const posted = await local.slack.runCommand({ user: ADMIN, channel: GENERAL, command: '/bedrock', text });
  expect(posted.status).toBe(200);
  const view = await eventually(async () => {
    const opened = local.slack.openViews(ADMIN).at(-1);
    return opened && !before.has(opened.id) ? JSON.stringify(opened.view) : undefined;
  });
  return { queued: sqs.sent.slice(sent).map((m) => JSON.parse(m.body).kind as string), view };
}

describe('every /bedrock subcommand on Lambda: the ingress acks, the worker answers', () => {
  it('answers help and unknown subcommands in the ingress, with nothing queued', async () => {
    expect(await bedrock('help')).toEqual({ queued: [], reply: expect.stringContaining('/bedrock models') });
    expect(await bedrock('frobnicate')).toEqual({
      queued: [],
      reply: expect.stringContaining('Unknown subcommand `frobnicate`'),
    });
  });

  it('refuses admin subcommands to others in the ingress, before anything is queued', async () => {
    expect(await bedrock('audit', 'U0BOB')).toEqual({
      queued: [],
      reply: ':lock: `/bedrock audit` is for Strata admins only. Ask an admin if you need it.',
    });
  });

  it('lists models, audit records, access and budgets from the worker', async () => {
    expect(await bedrock('models amazon')).toEqual({
      queued: ['bedrock-command:models'],
      reply: expect.stringMatching(/^Bedrock models \(Amazon\): \d+ found/),
    });
    expect(await bedrock('audit 5')).toEqual({
      queued: ['bedrock-command:audit'],
      reply: expect.stringContaining('bedrock audit'),
    });
    expect(await bedrock('access')).toEqual({
      queued: ['bedrock-command:access'],
      reply: expect.stringContaining('<#C0GENERAL>'),
    });
    expect(await bedrock(`budget <@U0ALICE>`)).toEqual({
      queued: ['bedrock-command:budget'],
      reply: expect.stringContaining('*Token budget of <@U0ALICE>*'),
    });
  });

  it('draws the usage chart in the worker and posts it to the admin’s DM', async () => {
    // A mention answered through the same path, so there is usage to chart.
    await local.slack.postAsUser({ user: 'U0ALICE', channel: GENERAL, text: '<@U0STRATA> hello' });
    await runWorker();
    const { queued, reply } = await bedrock('usage 7d by model');
    expect(queued).toEqual(['bedrock-command:usage']);
    expect(reply).toMatch(/Usage report sent to your DM with Strata/);
    const chart = await eventually(async () => {
      const { messages = [] } = await local.strata.app.client.conversations.history({ channel: 'D0ADMIN' });
      const replies = await Promise.all(
        messages.map((m) =>
          local.strata.app.client.conversations.replies({ channel: 'D0ADMIN', ts: m.ts ?? '' }),
        ),
      );
      return replies
        .flatMap((r) => r.messages ?? [])
        .flatMap((m) => m.files ?? [])
        .find((f) => f.name === 'strata-usage-7d-by-model.png');
    });
    const png = local.slack.fileContent(chart.id ?? '');
    expect(png?.subarray(1, 4).toString('latin1')).toBe('PNG');
  });

  it('adds, reports and removes a channel of the history index from the worker (LanceDB), backfill included', async () => {
    const added = await bedrock('index add #general');
    expect(added.queued).toEqual(['bedrock-command:index', 'rag-backfill']);
    expect(added.reply).toContain('Indexing <#C0GENERAL>');
    const status = await bedrock('index status');
    expect(status.queued).toEqual(['bedrock-command:index']);
    expect(status.reply).toMatch(/general/);
    expect(await bedrock('index rebuild #random')).toEqual({
      queued: ['bedrock-command:index'],
      reply: expect.stringContaining('is not indexed'),
    });
    expect(await bedrock('index remove #general')).toEqual({
      queued: ['bedrock-command:index'],
      reply: expect.stringContaining('Removed <#C0GENERAL> from the index'),
    });
  });

  it('lists, reports and stops fine-tune jobs from the worker', async () => {
    expect(await bedrock('finetune list')).toEqual({
      queued: ['bedrock-command:finetune'],
      reply: expect.any(String),
    });
    expect(await bedrock('finetune status no-such-job')).toEqual({
      queued: ['bedrock-command:finetune'],
      reply: expect.stringMatching(/no-such-job/),
    });
    expect(await bedrock('finetune')).toEqual({
      queued: ['bedrock-command:finetune'],
      reply: expect.stringContaining('Usage: `/bedrock finetune create'),
    });
  });

  it('opens the settings and fine-tune modals in the ingress, while the trigger is fresh; the worker fills the fine-tune one', async () => {
    expect(await opensModal('settings')).toEqual({
      queued: [],
      view: expect.stringContaining('Temperature'),
    });
    const finetune = await opensModal('finetune create');
    expect(finetune).toEqual({
      queued: ['finetune-modal'],
      view: expect.stringContaining('Loading models and files'),
    });
    // The worker fills the open modal in place; this stack has no customization role, which the modal says.
    await runWorker();
    const filled = JSON.stringify(local.slack.openViews(ADMIN).at(-1)?.view);
    expect(filled).not.toContain('Loading models and files');
    expect(filled).toContain('Fine-tuning is not configured: set STRATA_FINETUNE_ROLE_ARN');
  });

  it('never touched a native package stand-in in the ingress', () => {
    expect(nativeUses).toEqual([]);
  });
});

describe('the scheduled fine-tune watch on Lambda', () => {
  it('posts a finished job in its admin’s thread when the schedule invokes the worker, and only then', async () => {
    const s3 = new S3Client({ forcePathStyle: true, region: 'us-east-1' });
    await s3.send(
      new PutObjectCommand({
        Bucket: 'strata-blobs',
        Key: 'finetune/training/watch.jsonl',
        Body: '{"prompt":"a","completion":"b"}\n',
      }),
    );
    const created = (await local.bedrockControl.plane.createJob({
      jobName: 'watch-me',
      customModelName: 'watched-model',
      roleArn: 'arn:aws:iam::123456789012:role/strata-customization',
      baseModelIdentifier: 'amazon.titan-text-express-v1',
      trainingDataConfig: { s3Uri: 's3://strata-blobs/finetune/training/watch.jsonl' },
      outputDataConfig: { s3Uri: 's3://strata-blobs/finetune/output/' },
    })) as { jobArn: string };
    const { ts } = await local.slack.postAsUser({
      user: ADMIN,
      channel: GENERAL,
      text: 'fine-tune watch-me',
    });
    const credentials = local.credentials;
    const services = createServices(
      loadConfigWithSlackCredentials(credentials),
      { token: credentials.botToken, apiUrl: local.slack.apiUrl },
      createLogger({ level: 'silent' }),
    );
    await services.adminTools.watches.add({
      jobArn: created.jobArn,
      jobName: 'watch-me',
      admin: ADMIN,
      channel: GENERAL,
      threadTs: ts,
      createdAt: new Date(local.clock.now),
    });
    const replies = async () => (await local.thread(GENERAL, ts)).filter((m) => m.bot_id !== undefined);

    await workerHandler(FINETUNE_WATCH_JOB);
    expect(await replies()).toEqual([]);

    local.clock.advance(FINETUNE_JOB_MS + 1000);
    await workerHandler(FINETUNE_WATCH_JOB);
    const posted = await replies();
    expect(posted.map((m) => m.text)).toEqual([
      expect.stringMatching(
        /<@U0ADMIN> fine-tuning job `watch-me` completed .*Custom model `watched-model` is ready/,
      ),
    ]);

    await workerHandler(FINETUNE_WATCH_JOB);
    expect(await replies()).toHaveLength(1);
  });
});
