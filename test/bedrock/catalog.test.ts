import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseModelId, createModelCatalog } from '../../src/bedrock/catalog.js';
import { createBedrockControlClient } from '../../src/bedrock/control-plane.js';
import { StrataError } from '../../src/errors.js';
import {
  type LocalBedrockControl,
  startLocalBedrockControl,
} from '../../src/local/bedrock-control/control-server.js';
import { memoryObjects } from '../../src/local/bedrock-control/s3-objects.js';

let local: LocalBedrockControl;

beforeAll(async () => {
  local = await startLocalBedrockControl({ storage: memoryObjects() });
  process.env.AWS_ENDPOINT_URL_BEDROCK = local.endpoint;
  process.env.AWS_ACCESS_KEY_ID = 'test';
  process.env.AWS_SECRET_ACCESS_KEY = 'test';
});
afterAll(async () => {
  await local?.close();
});

const listCalls = () => local.requests.filter((r) => r.path === '/foundation-models').length;

describe('the model catalog', () => {
  it('reads ListFoundationModels once and serves from the cache until it expires', async () => {
    let now = 0;
    const catalog = createModelCatalog({
      client: createBedrockControlClient({ region: 'us-east-1' }),
      ttlMs: 1000,
      now: () => now,
    });
    const before = listCalls();
    const [a, b] = await Promise.all([catalog.list(), catalog.list()]);
    expect(a).toBe(b);
    expect(listCalls() - before).toBe(1);
    now = 500;
    await catalog.list();
    expect(listCalls() - before).toBe(1);
    now = 1500;
    await catalog.list();
    expect(listCalls() - before).toBe(2);
    catalog.refresh();
    await catalog.list();
    expect(listCalls() - before).toBe(3);
  });

  it('describes each model in Strata’s own terms', async () => {
    const catalog = createModelCatalog({ client: createBedrockControlClient({ region: 'us-east-1' }) });
    expect(await catalog.find('amazon.titan-text-express-v1')).toEqual({
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
    });
  });

  it('finds models by inference profile id and by ARN, for model validation', async () => {
    const catalog = createModelCatalog({ client: createBedrockControlClient({ region: 'us-east-1' }) });
    expect((await catalog.find('us.anthropic.claude-3-5-haiku-20241022-v1:0'))?.name).toBe(
      'Claude 3.5 Haiku',
    );
    expect(
      (await catalog.find('arn:aws:bedrock:us-east-1::foundation-model/meta.llama3-1-8b-instruct-v1:0'))
        ?.provider,
    ).toBe('Meta');
    expect(await catalog.find('acme.nothing')).toBeUndefined();
    expect(baseModelId('global.anthropic.claude-sonnet-4-20250514-v1:0')).toBe(
      'anthropic.claude-sonnet-4-20250514-v1:0',
    );
  });

  it('lists the models that can be customized, by kind', async () => {
    const catalog = createModelCatalog({ client: createBedrockControlClient({ region: 'us-east-1' }) });
    const cpt = await catalog.customizable('CONTINUED_PRE_TRAINING');
    expect(cpt.map((m) => m.modelId)).toEqual(['amazon.titan-text-express-v1', 'amazon.titan-text-lite-v1']);
    expect((await catalog.customizable()).every((m) => m.customizations.length > 0)).toBe(true);
  });

  it('turns an unreachable endpoint into a retryable error', async () => {
    process.env.AWS_ENDPOINT_URL_BEDROCK = 'http://127.0.0.1:1';
    const catalog = createModelCatalog({
      client: createBedrockControlClient({ region: 'us-east-1', maxAttempts: 1 }),
    });
    const error = await catalog.list().catch((e: unknown) => e);
    process.env.AWS_ENDPOINT_URL_BEDROCK = local.endpoint;
    expect(error).toBeInstanceOf(StrataError);
    expect(error).toMatchObject({ code: 'model_unavailable', retryable: true });
  });

  it('does not cache a failure: the next call asks again', async () => {
    let calls = 0;
    const real = createBedrockControlClient({ region: 'us-east-1' });
    const flaky = {
      send: (command: Parameters<typeof real.send>[0]) => {
        calls += 1;
        return calls === 1
          ? Promise.reject(Object.assign(new Error('slow down'), { name: 'ThrottlingException' }))
          : real.send(command);
      },
    } as unknown as typeof real;
    const catalog = createModelCatalog({ client: flaky });
    await expect(catalog.list()).rejects.toMatchObject({ code: 'model_throttled' });
    expect((await catalog.list()).length).toBeGreaterThan(20);
  });
});
