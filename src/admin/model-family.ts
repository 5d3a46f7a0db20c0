import { baseModelId } from '../bedrock/catalog.js';

/** Base-model families that differ in training data format, limits or hyperparameters. */
export type ModelFamily =
  | 'claude-3-haiku'
  | 'titan-text'
  | 'nova'
  | 'llama'
  | 'cohere-command'
  | 'titan-image'
  | 'titan-multimodal-embed';

const prefixes: Array<[string, ModelFamily]> = [
  ['anthropic.claude-3-haiku', 'claude-3-haiku'],
  ['amazon.titan-text-', 'titan-text'],
  ['amazon.nova-', 'nova'],
  ['meta.llama', 'llama'],
  ['cohere.command', 'cohere-command'],
  ['amazon.titan-image-generator', 'titan-image'],
  ['amazon.titan-embed-image', 'titan-multimodal-embed'],
];

/** undefined for models Strata does not know how to customize. */
export function modelFamily(modelId: string): ModelFamily | undefined {
  const id = baseModelId(modelId);
  return prefixes.find(([prefix]) => id.startsWith(prefix))?.[1];
}
