import {
  BedrockClient,
  CreateModelCustomizationJobCommand,
  GetFoundationModelCommand,
  GetModelCustomizationJobCommand,
  ListCustomModelsCommand,
  ListFoundationModelsCommand,
  ListModelCustomizationJobsCommand,
  StopModelCustomizationJobCommand,
} from '@aws-sdk/client-bedrock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  LOCAL_FAIL_MARKER,
  type LocalBedrockControl,
  startLocalBedrockControl,
} from '../../src/local/bedrock-control/control-server.js';
import { memoryObjects } from '../../src/local/bedrock-control/s3-objects.js';

const DURATION = 10_000;
let clock = Date.parse('2025-11-20T10:00:00Z');
const storage = memoryObjects();
let local: LocalBedrockControl;
let bedrock: BedrockClient;
let ids = 0;

beforeAll(async () => {
  local = await startLocalBedrockControl({
    storage,
    jobDurationMs: DURATION,
    now: () => clock,
    newId: () => `job${String(++ids).padStart(9, '0')}`,
  });
  process.env.AWS_ENDPOINT_URL_BEDROCK = local.endpoint;
  process.env.AWS_ACCESS_KEY_ID = 'test';
  process.env.AWS_SECRET_ACCESS_KEY = 'test';
  bedrock = new BedrockClient({ region: 'us-east-1', maxAttempts: 1 });
});
afterAll(async () => {
  bedrock?.destroy();
  await local?.close();
});

const TRAIN = 's3://strata-blobs/finetune/train.jsonl';
beforeEach(() => {
  storage.objects.set(TRAIN, '{"prompt":"a","completion":"b"}\n{"prompt":"c","completion":"d"}\n');
});

function createJob(overrides: Record<string, unknown> = {}) {
  return bedrock.send(
    new CreateModelCustomizationJobCommand({
      jobName: `job-${ids + 1}`,
      customModelName: `model-${ids + 1}`,
      roleArn: 'arn:aws:iam::123456789012:role/StrataCustomization',
      baseModelIdentifier: 'amazon.titan-text-express-v1',
      customizationType: 'FINE_TUNING',
      trainingDataConfig: { s3Uri: TRAIN },
      outputDataConfig: { s3Uri: 's3://strata-blobs/finetune/output/' },
      hyperParameters: { epochCount: '2', batchSize: '1' },
      ...overrides,
    }),
  );
}

describe('the local model catalog', () => {
  it('lists foundation models with providers, modalities, streaming, customizations and lifecycle', async () => {
    const { modelSummaries = [] } = await bedrock.send(new ListFoundationModelsCommand({}));
    expect(modelSummaries.length).toBeGreaterThan(20);
    const haiku = modelSummaries.find((m) => m.modelId === 'anthropic.claude-3-haiku-20240307-v1:0');
    expect(haiku).toMatchObject({
      modelArn: 'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0',
      providerName: 'Anthropic',
      inputModalities: ['TEXT', 'IMAGE'],
      outputModalities: ['TEXT'],
      responseStreamingSupported: true,
      customizationsSupported: ['FINE_TUNING'],
      modelLifecycle: { status: 'ACTIVE' },
    });
    expect(modelSummaries.some((m) => m.modelLifecycle?.status === 'LEGACY')).toBe(true);
  });

  it('filters by provider, customization type and output modality', async () => {
    const byProvider = await bedrock.send(new ListFoundationModelsCommand({ byProvider: 'meta' }));
    expect(byProvider.modelSummaries?.every((m) => m.providerName === 'Meta')).toBe(true);
    const cpt = await bedrock.send(
      new ListFoundationModelsCommand({ byCustomizationType: 'CONTINUED_PRE_TRAINING' }),
    );
    expect(cpt.modelSummaries?.map((m) => m.modelId).sort()).toEqual([
      'amazon.titan-text-express-v1',
      'amazon.titan-text-lite-v1',
    ]);
    const embeddings = await bedrock.send(new ListFoundationModelsCommand({ byOutputModality: 'EMBEDDING' }));
    expect(embeddings.modelSummaries?.every((m) => m.outputModalities?.includes('EMBEDDING'))).toBe(true);
  });

  it('answers GetFoundationModel for an id and 404 ResourceNotFoundException for an unknown one', async () => {
    const { modelDetails } = await bedrock.send(
      new GetFoundationModelCommand({ modelIdentifier: 'amazon.nova-lite-v1:0' }),
    );
    expect(modelDetails?.modelName).toBe('Nova Lite');
    const missing = await bedrock
      .send(new GetFoundationModelCommand({ modelIdentifier: 'acme.nothing-v1' }))
      .catch((e: unknown) => e);
    expect(missing).toMatchObject({ name: 'ResourceNotFoundException', $metadata: { httpStatusCode: 404 } });
  });

  it('rejects an unknown enum value with ValidationException', async () => {
    const error = await bedrock
      .send(new ListFoundationModelsCommand({ byOutputModality: 'SMELL' as 'TEXT' }))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ValidationException', $metadata: { httpStatusCode: 400 } });
  });
});

describe('local model customization jobs', () => {
  it('move InProgress through the phases to Completed on the clock and write output to storage', async () => {
    const { jobArn } = await createJob();
    expect(jobArn).toMatch(
      /^arn:aws:bedrock:us-east-1:123456789012:model-customization-job\/amazon\.titan-text-express-v1\//,
    );

    const started = await bedrock.send(new GetModelCustomizationJobCommand({ jobIdentifier: jobArn }));
    expect(started.status).toBe('InProgress');
    expect(started.statusDetails?.validationDetails?.status).toBe('InProgress');
    expect(started.statusDetails?.trainingDetails?.status).toBe('NotStarted');
    expect(started.creationTime).toBeInstanceOf(Date);

    clock += DURATION / 2;
    const training = await bedrock.send(new GetModelCustomizationJobCommand({ jobIdentifier: jobArn }));
    expect(training.statusDetails?.trainingDetails?.status).toBe('InProgress');
    expect(training.outputModelArn).toBeUndefined();

    clock += DURATION;
    const done = await bedrock.send(new GetModelCustomizationJobCommand({ jobIdentifier: started.jobName }));
    expect(done).toMatchObject({
      status: 'Completed',
      outputModelArn: expect.stringContaining(':custom-model/amazon.titan-text-express-v1/'),
      trainingMetrics: { trainingLoss: expect.any(Number) },
      hyperParameters: { epochCount: '2', batchSize: '1' },
    });
    expect(done.endTime?.getTime()).toBe((started.creationTime?.getTime() ?? 0) + DURATION);
    const id = jobArn?.split('/').at(-1);
    expect(
      storage.objects.get(
        `s3://strata-blobs/finetune/output/model-customization-job-${id}/training_artifacts/step_wise_training_metrics.csv`,
      ),
    ).toMatch(/^step_number,epoch_number,training_loss\n1,0,/);

    const { modelSummaries = [] } = await bedrock.send(new ListCustomModelsCommand({}));
    expect(modelSummaries.find((m) => m.modelArn === done.outputModelArn)).toMatchObject({
      modelName: done.outputModelName,
      baseModelName: 'Titan Text G1 - Express',
      modelStatus: 'Active',
    });
  });

  it('fail in training when the data carries the failure marker, with a failure message', async () => {
    storage.objects.set(TRAIN, `{"prompt":"a","completion":"${LOCAL_FAIL_MARKER}"}\n`);
    const { jobArn } = await createJob();
    clock += DURATION;
    const job = await bedrock.send(new GetModelCustomizationJobCommand({ jobIdentifier: jobArn }));
    expect(job.status).toBe('Failed');
    expect(job.failureMessage).toMatch(/loss diverged/);
    expect(job.statusDetails?.trainingDetails?.status).toBe('Failed');
  });

  it('fail validation when the training data does not exist', async () => {
    const { jobArn } = await createJob({ trainingDataConfig: { s3Uri: 's3://strata-blobs/missing.jsonl' } });
    clock += DURATION;
    const job = await bedrock.send(new GetModelCustomizationJobCommand({ jobIdentifier: jobArn }));
    expect(job).toMatchObject({
      status: 'Failed',
      statusDetails: { validationDetails: { status: 'Failed' } },
    });
    expect(job.failureMessage).toContain('s3://strata-blobs/missing.jsonl');
  });

  it('stop: InProgress → Stopping → Stopped; stopping a finished job is a ValidationException', async () => {
    const { jobArn } = await createJob();
    await bedrock.send(new StopModelCustomizationJobCommand({ jobIdentifier: jobArn }));
    const stopping = await bedrock.send(new GetModelCustomizationJobCommand({ jobIdentifier: jobArn }));
    expect(stopping.status).toBe('Stopping');
    clock += DURATION;
    const stopped = await bedrock.send(new GetModelCustomizationJobCommand({ jobIdentifier: jobArn }));
    expect(stopped.status).toBe('Stopped');
    const again = await bedrock
      .send(new StopModelCustomizationJobCommand({ jobIdentifier: jobArn }))
      .catch((e: unknown) => e);
    expect(again).toMatchObject({ name: 'ValidationException', message: expect.stringContaining('Stopped') });
  });

  it('lists jobs newest first, filtered by status, with paging', async () => {
    await createJob();
    await createJob();
    const all = await bedrock.send(new ListModelCustomizationJobsCommand({ sortOrder: 'Descending' }));
    const summaries = all.modelCustomizationJobSummaries ?? [];
    expect(summaries.length).toBeGreaterThanOrEqual(6);
    const times = summaries.map((s) => s.creationTime?.getTime() ?? 0);
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    const page = await bedrock.send(new ListModelCustomizationJobsCommand({ maxResults: 2 }));
    expect(page.modelCustomizationJobSummaries).toHaveLength(2);
    const next = await bedrock.send(
      new ListModelCustomizationJobsCommand({ maxResults: 2, nextToken: page.nextToken }),
    );
    expect(next.modelCustomizationJobSummaries?.[0]?.jobArn).toBe(summaries[2]?.jobArn);
    const running = await bedrock.send(new ListModelCustomizationJobsCommand({ statusEquals: 'InProgress' }));
    expect(running.modelCustomizationJobSummaries?.every((s) => s.status === 'InProgress')).toBe(true);
  });

  it('refuses bad requests with the status and error type Bedrock uses', async () => {
    const cases: Array<[Record<string, unknown>, string, RegExp]> = [
      [
        { baseModelIdentifier: 'anthropic.claude-3-5-haiku-20241022-v1:0' },
        'ValidationException',
        /does not support/,
      ],
      [{ baseModelIdentifier: 'acme.unknown' }, 'ValidationException', /base model identifier is invalid/],
      [{ roleArn: 'not-an-arn' }, 'ValidationException', /roleArn/],
      [
        {
          customizationType: 'CONTINUED_PRE_TRAINING',
          baseModelIdentifier: 'meta.llama3-1-8b-instruct-v1:0',
        },
        'ValidationException',
        /CONTINUED_PRE_TRAINING/,
      ],
      [{ hyperParameters: { epochCount: 'two' } }, 'ValidationException', /epochCount/],
    ];
    for (const [overrides, name, message] of cases) {
      const error = await createJob(overrides).catch((e: unknown) => e);
      expect(error).toMatchObject({ name, $metadata: { httpStatusCode: 400 } });
      expect((error as Error).message).toMatch(message);
    }
    await createJob({ jobName: 'unique-name', customModelName: 'unique-model' });
    const duplicate = await createJob({ jobName: 'unique-name', customModelName: 'other' }).catch(
      (e: unknown) => e,
    );
    expect(duplicate).toMatchObject({ name: 'ConflictException' });
  });

  it('returns the same job for a repeated clientRequestToken instead of creating two', async () => {
    const first = await createJob({
      clientRequestToken: 'token-1',
      jobName: 'idem-a',
      customModelName: 'idem-a',
    });
    const second = await createJob({
      clientRequestToken: 'token-1',
      jobName: 'idem-b',
      customModelName: 'idem-b',
    });
    expect(second.jobArn).toBe(first.jobArn);
  });

  it('answers 404 ResourceNotFoundException for an unknown job', async () => {
    const error = await bedrock
      .send(new GetModelCustomizationJobCommand({ jobIdentifier: 'no-such-job' }))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ResourceNotFoundException', $metadata: { httpStatusCode: 404 } });
    expect(local.requests.at(-1)?.path).toBe('/model-customization-jobs/no-such-job');
  });
});
