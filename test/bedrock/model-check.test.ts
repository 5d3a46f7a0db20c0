import { describe, expect, it } from 'vitest';
import type { FoundationModel } from '../../src/bedrock/catalog.js';
import { checkChatModel, closeMatches, createChatModelCheck } from '../../src/bedrock/model-check.js';
import { createLogger } from '../../src/log.js';

function model(modelId: string, facts: Partial<FoundationModel> = {}): FoundationModel {
  return {
    modelId,
    modelArn: `arn:aws:bedrock:us-east-1::foundation-model/${modelId}`,
    name: modelId,
    provider: modelId.split('.')[0] ?? '',
    inputModalities: ['TEXT'],
    outputModalities: ['TEXT'],
    streaming: true,
    customizations: [],
    inferenceTypes: ['ON_DEMAND'],
    lifecycle: 'ACTIVE',
    ...facts,
  };
}

const catalog = [
  model('amazon.nova-pro-v1:0', { inferenceTypes: ['ON_DEMAND', 'INFERENCE_PROFILE'] }),
  model('amazon.titan-text-express-v1'),
  model('anthropic.claude-3-haiku-20240307-v1:0', { inferenceTypes: ['ON_DEMAND', 'INFERENCE_PROFILE'] }),
  model('anthropic.claude-sonnet-4-20250514-v1:0', { inferenceTypes: ['INFERENCE_PROFILE'] }),
  model('amazon.titan-embed-text-v2:0', { outputModalities: ['EMBEDDING'], streaming: false }),
  model('ai21.j2-ultra-v1', { streaming: false }),
  model('meta.llama2-70b-v1', { inferenceTypes: ['PROVISIONED'] }),
];

const ok = { ok: true, verified: true };
const problem = (id: string) => {
  const result = checkChatModel(id, catalog);
  return result.ok ? undefined : result.problem;
};

describe('checkChatModel', () => {
  it('accepts on-demand ids, inference profile ids and foundation-model / profile ARNs of chat models', () => {
    expect(checkChatModel('amazon.titan-text-express-v1', catalog)).toEqual(ok);
    expect(checkChatModel('us.anthropic.claude-sonnet-4-20250514-v1:0', catalog)).toEqual(ok);
    expect(checkChatModel('global.anthropic.claude-sonnet-4-20250514-v1:0', catalog)).toEqual(ok);
    expect(checkChatModel('eu.amazon.nova-pro-v1:0', catalog)).toEqual(ok);
    expect(
      checkChatModel(
        'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0',
        catalog,
      ),
    ).toEqual(ok);
    expect(
      checkChatModel(
        'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-sonnet-4-20250514-v1:0',
        catalog,
      ),
    ).toEqual(ok);
  });

  it('accepts ARNs of custom models, deployments, provisioned throughput and application profiles unverified', () => {
    for (const arn of [
      'arn:aws:bedrock:us-east-1:123456789012:custom-model/amazon.titan-text-express-v1:0:8k/abc123',
      'arn:aws:bedrock:us-east-1:123456789012:custom-model-deployment/xyz',
      'arn:aws:bedrock:us-east-1:123456789012:provisioned-model/pt123',
      'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/app1',
    ]) {
      expect(checkChatModel(arn, catalog)).toEqual({ ok: true, verified: false });
    }
  });

  it('names an unknown model and suggests close matches and /bedrock models', () => {
    expect(problem('anthropic.claude-3-haiku')).toBe(
      "`anthropic.claude-3-haiku` is not a model in this region's Bedrock catalog. Did you mean `anthropic.claude-3-haiku-20240307-v1:0`? Run `/bedrock models` to see them all.",
    );
    expect(problem('amazon.nova-pro-v2:0')).toContain('Did you mean `amazon.nova-pro-v1:0`?');
    expect(problem('claude-sonnet-4')).toContain('`us.anthropic.claude-sonnet-4-20250514-v1:0`');
    expect(problem('nope')).toBe(
      "`nope` is not a model in this region's Bedrock catalog. Run `/bedrock models` to see them all.",
    );
  });

  it('refuses models that cannot stream text, saying why', () => {
    expect(problem('amazon.titan-embed-text-v2:0')).toContain('answers with EMBEDDING, not text');
    expect(problem('ai21.j2-ultra-v1')).toContain('cannot stream its answers');
  });

  it('wants a profile for profile-only models, a bare id for models without profiles', () => {
    expect(problem('anthropic.claude-sonnet-4-20250514-v1:0')).toContain(
      'can only be called through an inference profile: use e.g. `us.anthropic.claude-sonnet-4-20250514-v1:0`',
    );
    expect(problem('us.amazon.titan-text-express-v1')).toContain('Use `amazon.titan-text-express-v1` itself');
    expect(problem('meta.llama2-70b-v1')).toContain('needs Provisioned Throughput');
  });

  it('refuses ARNs that are not Bedrock models', () => {
    expect(problem('arn:aws:s3:::my-bucket/model')).toContain('is not an ARN Strata can chat with');
    expect(problem('arn:aws:bedrock:us-east-1:123456789012:agent/AGENT1')).toContain(
      'is not an ARN Strata can chat with',
    );
  });
});

describe('closeMatches', () => {
  it('returns at most three, nearest first', () => {
    const found = closeMatches('amazon.', catalog);
    expect(found.length).toBeLessThanOrEqual(3);
    expect(closeMatches('amazon.titan-text-expres-v1', catalog).map((m) => m.modelId)).toEqual([
      'amazon.titan-text-express-v1',
    ]);
  });
});

describe('createChatModelCheck', () => {
  const logger = createLogger({ level: 'silent' });

  it('checks against the catalog it lists', async () => {
    const check = createChatModelCheck({ catalog: { list: async () => catalog }, logger });
    expect(await check.check('amazon.titan-text-express-v1')).toEqual(ok);
    expect(await check.check('nope')).toMatchObject({ ok: false });
  });

  it('accepts unchecked when the catalog fails or is too slow, without waiting past the limit', async () => {
    const failing = createChatModelCheck({
      catalog: { list: () => Promise.reject(new Error('AccessDenied')) },
      logger,
    });
    expect(await failing.check('nope')).toEqual({ ok: true, verified: false });
    const hanging = createChatModelCheck({
      catalog: { list: () => new Promise<never>(() => {}) },
      logger,
      timeoutMs: 10,
    });
    expect(await hanging.check('nope')).toEqual({ ok: true, verified: false });
  });
});
