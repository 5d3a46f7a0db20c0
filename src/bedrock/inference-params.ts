import type { ConverseStreamRequest } from '@aws-sdk/client-bedrock-runtime';
import { StrataError } from '../errors.js';
import type { InferenceParams } from './gateway.js';

export type ModelFamily =
  | 'anthropic'
  | 'amazon-nova'
  | 'amazon-titan'
  | 'meta'
  | 'mistral'
  | 'cohere'
  | 'ai21'
  | 'unknown';

type DocumentType = NonNullable<ConverseStreamRequest['additionalModelRequestFields']>;

export interface ConverseInference {
  inferenceConfig?: { maxTokens?: number; temperature?: number; topP?: number };
  additionalModelRequestFields?: DocumentType;
}

const inferenceProfilePrefix = /^(us|us-gov|eu|apac|jp|au|ca|global)\./;

/**
 * The bare foundation-model id behind a model id, inference-profile id or ARN
 * (`arn:aws:bedrock:us-east-1:123:inference-profile/us.anthropic.claude-…` → `anthropic.claude-…`).
 */
export function baseModelId(modelId: string): string {
  const resource = modelId.startsWith('arn:') ? (modelId.split('/').pop() ?? modelId) : modelId;
  return resource.replace(inferenceProfilePrefix, '');
}

export function modelFamily(modelId: string): ModelFamily {
  const base = baseModelId(modelId);
  const provider = base.split('.')[0];
  switch (provider) {
    case 'anthropic':
      return 'anthropic';
    case 'amazon':
      if (base.startsWith('amazon.nova')) return 'amazon-nova';
      return base.startsWith('amazon.titan') ? 'amazon-titan' : 'unknown';
    case 'meta':
      return 'meta';
    case 'mistral':
      return 'mistral';
    case 'cohere':
      return 'cohere';
    case 'ai21':
      return 'ai21';
    default:
      return 'unknown';
  }
}

/**
 * Converse carries maxTokens/temperature/topP natively; top_k travels in `additionalModelRequestFields`
 * under the model family's own key. Out-of-range values and unsupported parameters are `bad_input`.
 */
export function toConverseInference(modelId: string, params: InferenceParams = {}): ConverseInference {
  checkRange('maxTokens', params.maxTokens, 1, Number.MAX_SAFE_INTEGER, true);
  checkRange('temperature', params.temperature, 0, 1, false);
  checkRange('topP', params.topP, 0, 1, false);
  checkRange('topK', params.topK, 0, 500, true);

  const inferenceConfig = {
    ...(params.maxTokens === undefined ? {} : { maxTokens: params.maxTokens }),
    ...(params.temperature === undefined ? {} : { temperature: params.temperature }),
    ...(params.topP === undefined ? {} : { topP: params.topP }),
  };
  const result: ConverseInference = Object.keys(inferenceConfig).length > 0 ? { inferenceConfig } : {};
  if (params.topK === undefined) return result;
  return { ...result, additionalModelRequestFields: topKField(modelId, params.topK) };
}

/** Whether Strata can pass top_k to this model (its family has a native top-k field). */
export function supportsTopK(modelId: string): boolean {
  return ['anthropic', 'mistral', 'cohere', 'amazon-nova'].includes(modelFamily(modelId));
}

function topKField(modelId: string, topK: number): DocumentType {
  const family = modelFamily(modelId);
  switch (family) {
    case 'anthropic':
    case 'mistral':
      return { top_k: topK };
    case 'cohere':
      return { k: topK };
    case 'amazon-nova':
      return { inferenceConfig: { topK } };
    case 'meta':
    case 'amazon-titan':
    case 'ai21':
    case 'unknown':
      throw new StrataError('bad_input', `top_k is not supported by ${modelId} (family ${family})`, {
        userMessage:
          family === 'unknown'
            ? `Strata does not know how to pass top_k to the model \`${modelId}\`. Remove top_k and try again.`
            : `The model \`${modelId}\` does not support the top_k parameter. Remove top_k and try again.`,
      });
  }
}

function checkRange(
  name: keyof InferenceParams,
  value: number | undefined,
  min: number,
  max: number,
  integer: boolean,
): void {
  if (value === undefined) return;
  const ok = Number.isFinite(value) && value >= min && value <= max && (!integer || Number.isInteger(value));
  if (ok) return;
  const range = max === Number.MAX_SAFE_INTEGER ? `at least ${min}` : `between ${min} and ${max}`;
  throw new StrataError('bad_input', `${name}=${value} is out of range`, {
    userMessage: `${name} must be ${integer ? 'a whole number ' : ''}${range} (got ${value}).`,
  });
}
