import { localInvokeModels } from './invoke-models.js';

/** A model served by the local endpoint's InvokeModel route (images, embeddings: models Converse can't serve). */
export interface InvokeModelHandler {
  /** e.g. 'amazon.titan-embed-text-v2' matches that model and its inference profiles. */
  matches(modelId: string): boolean;
  /**
   * Answers one InvokeModel call with the model's native JSON. Throw an InvokeModelError to answer
   * like Bedrock does with an error (status + x-amzn-errortype).
   */
  invoke(modelId: string, body: unknown): Promise<unknown>;
}

export { InvokeModelError } from './invoke-model-error.js';

export function findInvokeModel(
  modelId: string,
  handlers = localInvokeModels,
): InvokeModelHandler | undefined {
  return handlers.find((h) => h.matches(modelId));
}
