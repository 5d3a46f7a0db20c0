import { z } from 'zod';
import { hashEmbedding } from './hash-embedding.js';
import type { InvokeModelHandler } from './invoke-model.js';
import { InvokeModelError } from './invoke-model-error.js';

export { contentTerms, hashEmbedding } from './hash-embedding.js';

/**
 * Local stand-in for Amazon Titan Text Embeddings V2 (`amazon.titan-embed-text-v2:0`).
 *
 * It is NOT Titan: vectors come from feature hashing (word unigrams and bigrams after light stemming,
 * plus character trigrams of each word) into the requested number of dimensions with a fixed seed.
 * That is deterministic and offline, and it still carries meaning: texts that share words and word
 * forms land near each other under cosine similarity, so local search returns sensible results.
 */

export const TITAN_EMBED_TEXT_V2 = 'amazon.titan-embed-text-v2';
const MAX_INPUT_CHARS = 50_000;

const requestSchema = z.object({
  inputText: z.string(),
  dimensions: z.union([z.literal(256), z.literal(512), z.literal(1024)]).optional(),
  normalize: z.boolean().optional(),
  embeddingTypes: z
    .array(z.enum(['float', 'binary']))
    .min(1)
    .optional(),
});

export const titanEmbeddingModel: InvokeModelHandler = {
  matches: (modelId) => modelId.includes(TITAN_EMBED_TEXT_V2),
  async invoke(_modelId, body) {
    const parsed = requestSchema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.join('.') || 'body';
      throw new InvokeModelError(
        400,
        'ValidationException',
        `Malformed input request: ${where}: ${issue?.message}`,
      );
    }
    const { inputText, dimensions = 1024, normalize = true, embeddingTypes = ['float'] } = parsed.data;
    if (inputText.trim() === '') {
      throw new InvokeModelError(
        400,
        'ValidationException',
        'Malformed input request: inputText must not be empty',
      );
    }
    if (inputText.length > MAX_INPUT_CHARS) {
      throw new InvokeModelError(
        400,
        'ValidationException',
        `Malformed input request: inputText is longer than ${MAX_INPUT_CHARS} characters`,
      );
    }
    const vector = Array.from(hashEmbedding(inputText, { dimensions, normalize }));
    const byType: Record<string, number[]> = {};
    if (embeddingTypes.includes('float')) byType.float = vector;
    if (embeddingTypes.includes('binary')) byType.binary = vector.map((v) => (v > 0 ? 1 : 0));
    return {
      embedding: vector,
      inputTextTokenCount: estimateTokens(inputText),
      embeddingsByType: byType,
    };
  },
};

function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}
