import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBedrockControlClient } from '../../src/bedrock/control-plane.js';
import { type CustomizationClient, createCustomizationClient } from '../../src/bedrock/customization.js';
import {
  type LocalBedrockControl,
  startLocalBedrockControl,
} from '../../src/local/bedrock-control/control-server.js';
import { memoryObjects } from '../../src/local/bedrock-control/s3-objects.js';

let local: LocalBedrockControl;
let client: CustomizationClient;
let clock = Date.parse('2025-11-20T10:00:00Z');
const storage = memoryObjects({
  's3://strata-blobs/train.jsonl': '{"prompt":"a","completion":"b"}\n',
  's3://strata-blobs/valid.jsonl': '{"prompt":"c","completion":"d"}\n',
});

beforeAll(async () => {
  local = await startLocalBedrockControl({ storage, jobDurationMs: 60_000, now: () => clock });
  process.env.AWS_ENDPOINT_URL_BEDROCK = local.endpoint;
  process.env.AWS_ACCESS_KEY_ID = 'test';
  process.env.AWS_SECRET_ACCESS_KEY = 'test';
  client = createCustomizationClient(createBedrockControlClient({ region: 'us-east-1', maxAttempts: 1 }));
});
afterAll(async () => {
  await local?.close();
});

const input = (name: string) => ({
  jobName: name,
  customModelName: `${name}-model`,
  baseModelId: 'amazon.titan-text-express-v1',
  customizationType: 'FINE_TUNING' as const,
  roleArn: 'arn:aws:iam::123456789012:role/Custom',
  trainingDataUri: 's3://strata-blobs/train.jsonl',
  validationDataUri: 's3://strata-blobs/valid.jsonl',
  outputDataUri: 's3://strata-blobs/out/',
  hyperParameters: { epochCount: '3' },
  tags: { team: 'support' },
});

describe('the customization client', () => {
  it('creates a job and reads it back as a typed job: phases, metrics, data, output model', async () => {
    const { jobArn } = await client.createJob(input('first'));
    expect(local.requests.at(-1)?.body).toMatchObject({
      validationDataConfig: { validators: [{ s3Uri: 's3://strata-blobs/valid.jsonl' }] },
      hyperParameters: { epochCount: '3' },
      jobTags: [{ key: 'team', value: 'support' }],
    });
    const running = await client.getJob(jobArn);
    expect(running).toMatchObject({
      arn: jobArn,
      name: 'first',
      status: 'InProgress',
      phases: { validation: 'InProgress', dataProcessing: 'NotStarted', training: 'NotStarted' },
      customModelName: 'first-model',
      customModelArn: undefined,
      trainingDataUri: 's3://strata-blobs/train.jsonl',
      validationDataUri: 's3://strata-blobs/valid.jsonl',
      outputDataUri: 's3://strata-blobs/out/',
    });
    expect(running.createdAt).toEqual(new Date('2025-11-20T10:00:00Z'));

    clock += 60_000;
    const done = await client.getJob('first');
    expect(done).toMatchObject({
      status: 'Completed',
      trainingLoss: expect.any(Number),
      validationLoss: expect.any(Number),
    });
    expect(done.endedAt).toEqual(new Date('2025-11-20T10:01:00Z'));
    expect((await client.listCustomModels()).map((m) => [m.name, m.status])).toContainEqual([
      'first-model',
      'Active',
    ]);
  });

  it('lists jobs newest first and by status, across pages', async () => {
    for (const name of ['second', 'third', 'fourth']) {
      clock += 1000;
      await client.createJob(input(name));
    }
    const jobs = await client.listJobs({ max: 150 });
    expect(jobs.map((j) => j.name)).toEqual(['fourth', 'third', 'second', 'first']);
    expect((await client.listJobs({ status: 'Completed' })).map((j) => j.name)).toEqual(['first']);
    expect(await client.listJobs({ max: 2 })).toHaveLength(2);
  });

  it('stops a running job, and maps a stop of a finished one to a clear validation error', async () => {
    await client.stopJob('fourth');
    expect((await client.getJob('fourth')).status).toBe('Stopping');
    const error = await client.stopJob('first').catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'model_validation',
      userMessage:
        'Amazon Bedrock rejected the request: The model customization job first is in Completed status and cannot be stopped.',
    });
  });

  it('maps an unknown job to model_not_found', async () => {
    await expect(client.getJob('missing')).rejects.toMatchObject({
      code: 'model_not_found',
      retryable: false,
    });
  });

  it('deploys a custom model on demand; the deployment becomes an invocation target once active', async () => {
    const model = (await client.listCustomModels())[0];
    expect(model).toBeDefined();
    const arn = model?.arn ?? '';
    expect(await client.invocationTargets(arn)).toEqual({ provisioned: [], deployments: [] });
    const { deploymentArn } = await client.deployOnDemand(arn, 'first-on-demand');
    expect((await client.invocationTargets(arn)).deployments).toEqual([
      { arn: deploymentArn, name: 'first-on-demand', status: 'Creating' },
    ]);
    clock += 60_000;
    expect((await client.invocationTargets(arn)).deployments[0]?.status).toBe('Active');
    await expect(
      client.deployOnDemand('arn:aws:bedrock:us-east-1:123456789012:custom-model/x/none', 'x'),
    ).rejects.toMatchObject({ code: 'model_not_found' });
  });
});
