import { describe, expect, it } from 'vitest';
import { baseModelId, modelFamily, toConverseInference } from '../../src/bedrock/inference-params.js';

describe('model ids', () => {
  it.each([
    ['anthropic.claude-3-haiku-20240307-v1:0', 'anthropic.claude-3-haiku-20240307-v1:0', 'anthropic'],
    ['us.anthropic.claude-3-5-haiku-20241022-v1:0', 'anthropic.claude-3-5-haiku-20241022-v1:0', 'anthropic'],
    [
      'global.anthropic.claude-sonnet-4-20250514-v1:0',
      'anthropic.claude-sonnet-4-20250514-v1:0',
      'anthropic',
    ],
    ['eu.amazon.nova-lite-v1:0', 'amazon.nova-lite-v1:0', 'amazon-nova'],
    ['apac.amazon.nova-pro-v1:0', 'amazon.nova-pro-v1:0', 'amazon-nova'],
    ['amazon.titan-text-express-v1', 'amazon.titan-text-express-v1', 'amazon-titan'],
    ['us.meta.llama3-2-3b-instruct-v1:0', 'meta.llama3-2-3b-instruct-v1:0', 'meta'],
    ['mistral.mistral-7b-instruct-v0:2', 'mistral.mistral-7b-instruct-v0:2', 'mistral'],
    ['cohere.command-r-plus-v1:0', 'cohere.command-r-plus-v1:0', 'cohere'],
    [
      'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0',
      'anthropic.claude-3-haiku-20240307-v1:0',
      'anthropic',
    ],
    [
      'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.amazon.nova-micro-v1:0',
      'amazon.nova-micro-v1:0',
      'amazon-nova',
    ],
    ['arn:aws:bedrock:us-east-1:123456789012:provisioned-model/abc123', 'abc123', 'unknown'],
  ])('reads %s as %s of family %s', (id, base, family) => {
    expect(baseModelId(id)).toBe(base);
    expect(modelFamily(id)).toBe(family);
  });
});

describe('toConverseInference', () => {
  it('puts maxTokens, temperature and topP into inferenceConfig and nothing else when top_k is absent', () => {
    expect(
      toConverseInference('amazon.titan-text-express-v1', { maxTokens: 100, temperature: 0.2, topP: 0.9 }),
    ).toEqual({ inferenceConfig: { maxTokens: 100, temperature: 0.2, topP: 0.9 } });
    expect(toConverseInference('amazon.titan-text-express-v1')).toEqual({});
  });

  it.each([
    ['us.anthropic.claude-3-5-haiku-20241022-v1:0', { top_k: 40 }],
    ['mistral.mixtral-8x7b-instruct-v0:1', { top_k: 40 }],
    ['cohere.command-r-v1:0', { k: 40 }],
    ['us.amazon.nova-lite-v1:0', { inferenceConfig: { topK: 40 } }],
  ])('sends top_k to %s under its native key', (modelId, fields) => {
    expect(toConverseInference(modelId, { topK: 40 }).additionalModelRequestFields).toEqual(fields);
  });

  it.each([['us.meta.llama3-1-8b-instruct-v1:0'], ['amazon.titan-text-premier-v1:0']])(
    'refuses top_k for %s, naming the parameter and the model',
    (modelId) => {
      expect(() => toConverseInference(modelId, { topK: 10 })).toThrow(
        expect.objectContaining({
          code: 'bad_input',
          retryable: false,
          userMessage: expect.stringMatching(new RegExp(`${modelId.replaceAll('.', '\\.')}.*top_k`)),
        }),
      );
    },
  );

  it.each([
    [{ temperature: 1.5 }, 'temperature'],
    [{ temperature: -0.1 }, 'temperature'],
    [{ topP: 2 }, 'topP'],
    [{ topK: 501 }, 'topK'],
    [{ topK: 2.5 }, 'topK'],
    [{ maxTokens: 0 }, 'maxTokens'],
  ])('rejects %o as bad_input naming %s', (params, name) => {
    expect(() => toConverseInference('anthropic.claude-3-haiku-20240307-v1:0', params)).toThrow(
      expect.objectContaining({ code: 'bad_input', userMessage: expect.stringContaining(name) }),
    );
  });
});
