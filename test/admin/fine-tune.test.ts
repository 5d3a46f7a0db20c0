import { describe, expect, it } from 'vitest';
import type { AuditEntry, AuditLog } from '../../src/access/audit-log.js';
import { createFineTuneService } from '../../src/admin/fine-tune.js';
import type { FineTuneForm } from '../../src/admin/fine-tune-form.js';
import type { FoundationModel, ModelCatalog } from '../../src/bedrock/catalog.js';
import type {
  CreateJobInput,
  CustomizationClient,
  CustomizationJob,
} from '../../src/bedrock/customization.js';
import { StrataError } from '../../src/errors.js';
import type { BlobStore } from '../../src/store/blob-store.js';

const titan: FoundationModel = {
  modelId: 'amazon.titan-text-express-v1',
  modelArn: 'arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-text-express-v1',
  name: 'Titan Text G1 - Express',
  provider: 'Amazon',
  inputModalities: ['TEXT'],
  outputModalities: ['TEXT'],
  streaming: true,
  customizations: ['FINE_TUNING', 'CONTINUED_PRE_TRAINING'],
  inferenceTypes: ['ON_DEMAND'],
  lifecycle: 'ACTIVE',
};
const sonnet: FoundationModel = {
  ...titan,
  modelId: 'anthropic.claude-3-5-sonnet-20241022-v2:0',
  name: 'Claude 3.5 Sonnet v2',
  customizations: [],
};

function setup(
  options: {
    files?: Record<string, string>;
    objects?: Record<string, string>;
    job?: Partial<CustomizationJob>;
    roleArn?: string | null;
  } = {},
) {
  const created: CreateJobInput[] = [];
  const uploads: Array<{ key: string; body: string }> = [];
  const audits: AuditEntry[] = [];
  const catalog = {
    find: async (id: string) => [titan, sonnet].find((m) => m.modelId === id),
  } as unknown as ModelCatalog;
  const customization = {
    createJob: async (input: CreateJobInput) => {
      created.push(input);
      return {
        jobArn: `arn:aws:bedrock:us-east-1:123456789012:model-customization-job/${titan.modelId}/abc123`,
      };
    },
    getJob: async (id: string) => {
      if (id !== 'known' && !id.startsWith('arn:')) throw new StrataError('model_not_found', 'nope');
      return {
        arn: 'arn:job/abc123',
        name: 'known',
        status: 'InProgress',
        ...options.job,
      } as CustomizationJob;
    },
    listJobs: async () => [
      { arn: 'arn:aws:bedrock:us-east-1:123456789012:model-customization-job/m/abc123', name: 'known' },
    ],
    stopJob: async () => undefined,
  } as unknown as CustomizationClient;
  const blobs: BlobStore = {
    put: async (key, body) => void uploads.push({ key, body: Buffer.from(body).toString() }),
    get: async (key) =>
      options.objects?.[key] === undefined
        ? undefined
        : { body: Buffer.from(options.objects[key] ?? ''), contentType: 'application/jsonl' },
  };
  const audit: AuditLog = { record: async (e) => void audits.push(e), latest: async () => [] };
  const service = createFineTuneService({
    catalog,
    customization,
    blobs,
    bucket: 'strata-blobs',
    roleArn:
      options.roleArn === null ? undefined : (options.roleArn ?? 'arn:aws:iam::123456789012:role/Custom'),
    fetchSlackFile: async (fileId) => ({
      name: `${fileId}.jsonl`,
      bytes: Buffer.from(options.files?.[fileId] ?? ''),
    }),
    maxFileBytes: 1_000_000,
    audit,
    now: () => new Date('2025-11-20T10:00:00Z'),
  });
  return { service, created, uploads, audits };
}

const form = (overrides: Partial<FineTuneForm> = {}): FineTuneForm => ({
  channel: 'C0GENERAL',
  baseModelId: titan.modelId,
  customization: 'FINE_TUNING',
  training: { kind: 'slack-file', fileId: 'F1', name: 'train.jsonl' },
  hyperParameters: { epochCount: '2' },
  outputUri: 's3://strata-blobs/finetune/output/',
  customModelName: 'support',
  ...overrides,
});
const good = '{"prompt":"a","completion":"b"}\n';
const at = new Date('2025-11-20T10:00:00Z');

describe('the fine-tune service', () => {
  it('uploads valid data under a job-named key and creates the job with an idempotency token', async () => {
    const { service, created, uploads, audits } = setup({ files: { F1: good } });
    const outcome = await service.start(form(), 'U0ADMIN', at);
    expect(outcome).toMatchObject({ ok: true, jobName: 'support-20251120-100000' });
    expect(uploads).toEqual([{ key: 'finetune/support-20251120-100000/training.jsonl', body: good }]);
    expect(created[0]).toMatchObject({
      jobName: 'support-20251120-100000',
      trainingDataUri: 's3://strata-blobs/finetune/support-20251120-100000/training.jsonl',
      roleArn: 'arn:aws:iam::123456789012:role/Custom',
      tags: { 'strata:requested-by': 'U0ADMIN' },
      clientRequestToken: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    const again = setup({ files: { F1: good } });
    await again.service.start(form(), 'U0ADMIN', at);
    expect(again.created[0]?.clientRequestToken).toBe(created[0]?.clientRequestToken);
    expect(audits).toEqual([expect.objectContaining({ action: 'finetune.create', outcome: 'ok' })]);
  });

  it('creates nothing and uploads nothing when any file has problems', async () => {
    const { service, created, uploads, audits } = setup({ files: { F1: good, F2: '{"prompt": "x"}\n' } });
    const outcome = await service.start(
      form({ validation: { kind: 'slack-file', fileId: 'F2', name: 'v.jsonl' } }),
      'U0ADMIN',
      at,
    );
    expect(outcome.ok).toBe(false);
    expect(outcome.checks.map((c) => [c.label, c.report?.problemCount])).toEqual([
      ['training', 0],
      ['validation', 1],
    ]);
    expect(created).toEqual([]);
    expect(uploads).toEqual([]);
    expect(audits[0]).toMatchObject({ outcome: 'invalid', detail: '1 data problems; nothing uploaded' });
  });

  it('checks data already in Strata’s bucket, and leaves other buckets to Bedrock', async () => {
    const inBucket = setup({ objects: { 'data/train.jsonl': '{"bad json' } });
    const refused = await inBucket.service.start(
      form({ training: { kind: 's3', uri: 's3://strata-blobs/data/train.jsonl' } }),
      'U0ADMIN',
      at,
    );
    expect(refused.ok).toBe(false);
    const elsewhere = setup();
    const started = await elsewhere.service.start(
      form({ training: { kind: 's3', uri: 's3://other-bucket/train.jsonl' } }),
      'U0ADMIN',
      at,
    );
    expect(started).toMatchObject({
      ok: true,
      checks: [{ source: 's3://other-bucket/train.jsonl', report: undefined }],
    });
    expect(elsewhere.uploads).toEqual([]);
    expect(elsewhere.created[0]?.trainingDataUri).toBe('s3://other-bucket/train.jsonl');
    const missing = setup();
    await expect(
      missing.service.start(
        form({ training: { kind: 's3', uri: 's3://strata-blobs/none.jsonl' } }),
        'U0ADMIN',
        at,
      ),
    ).rejects.toMatchObject({
      userMessage: 'There is no object at s3://strata-blobs/none.jsonl. Check the URI.',
    });
  });

  it('names unknown and non-customizable base models, and a missing role', async () => {
    const { service } = setup({ files: { F1: good } });
    await expect(service.plan('acme.x', 'FINE_TUNING')).rejects.toMatchObject({
      userMessage: expect.stringContaining('`acme.x` is not a foundation model'),
    });
    await expect(service.plan(sonnet.modelId, 'FINE_TUNING')).rejects.toMatchObject({
      userMessage: expect.stringContaining('does not support fine-tuning (supported: none)'),
    });
    const noRole = setup({ files: { F1: good }, roleArn: null });
    await expect(noRole.service.start(form(), 'U0ADMIN', at)).rejects.toMatchObject({
      userMessage: expect.stringContaining('STRATA_FINETUNE_ROLE_ARN'),
    });
  });

  it('finds jobs by name or by the id at the end of the ARN, and refuses to stop a finished one', async () => {
    const { service } = setup({ job: { status: 'Completed', endedAt: new Date('2025-11-20T11:30:00Z') } });
    expect((await service.status('abc123')).name).toBe('known');
    await expect(service.status('nothing')).rejects.toMatchObject({
      userMessage: expect.stringContaining('There is no fine-tuning job named `nothing`'),
    });
    await expect(service.stop('known')).rejects.toMatchObject({
      userMessage:
        'Fine-tuning job `known` is already completed at 2025-11-20 11:30 UTC; there is nothing to stop.',
    });
  });
});
