import { setTimeout as sleepFor } from 'node:timers/promises';
import {
  BedrockRuntimeClient,
  InvokeModelCommand,
  type InvokeModelCommandOutput,
} from '@aws-sdk/client-bedrock-runtime';
import { z } from 'zod';
import { StrataError } from '../errors.js';
import type { Logger } from '../log.js';
import { mapSdkError } from './map-sdk-error.js';

export const EMBEDDING_DIMENSIONS = [256, 512, 1024] as const;
export type EmbeddingDimensions = (typeof EMBEDDING_DIMENSIONS)[number];

/** Text → unit vectors (cosine similarity = dot product). Throws StrataError (codes model_*). */
export interface EmbeddingGateway {
  readonly modelId: string;
  readonly dimensions: EmbeddingDimensions;
  /** One L2-normalized vector per text, in the same order. */
  embed(texts: readonly string[], options?: { signal?: AbortSignal }): Promise<Float32Array[]>;
}

export interface TitanEmbeddingsOptions {
  region: string;
  /** e.g. `amazon.titan-embed-text-v2:0`. */
  modelId: string;
  dimensions: EmbeddingDimensions;
  /** InvokeModel calls in flight at once for one `embed` call. */
  concurrency: number;
  /** Further attempts after a throttled or unavailable answer (exponential backoff, full jitter). */
  maxRetries: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  logger?: Logger;
}

/** Titan v2 accepts up to 50,000 characters (8,192 tokens); longer input is cut, never rejected. */
export const MAX_EMBED_CHARS = 40_000;

const responseSchema = z.object({
  embedding: z.array(z.number()),
  inputTextTokenCount: z.number().optional(),
});

/** Titan Text Embeddings V2 through InvokeModel; the endpoint comes from AWS_ENDPOINT_URL_BEDROCK_RUNTIME. */
export function createTitanEmbeddings(
  options: TitanEmbeddingsOptions,
): EmbeddingGateway & { destroy(): void } {
  // Retries are ours (below), so throttling backs off visibly and the SDK does not multiply attempts.
  // The client's default opens a fresh HTTP/2 connection (TCP and TLS) per call; embeddings come many at
  // a time, so their calls share one connection as concurrent streams. A connection quiet for 30 s (idle
  // between backfills, or silently dropped) is closed, so a stale one is never reused.
  const client = new BedrockRuntimeClient({
    region: options.region,
    maxAttempts: 1,
    requestHandler: { disableConcurrentStreams: false, sessionTimeout: 30_000 },
  });
  const sleep = options.sleep ?? ((ms, signal) => sleepFor(ms, undefined, signal ? { signal } : {}));
  const random = options.random ?? Math.random;
  const baseDelayMs = options.baseDelayMs ?? 200;
  const maxDelayMs = options.maxDelayMs ?? 10_000;
  const { modelId, dimensions } = options;

  const invokeOnce = async (text: string, signal?: AbortSignal): Promise<Float32Array> => {
    const body = JSON.stringify({ inputText: text.slice(0, MAX_EMBED_CHARS), dimensions, normalize: true });
    let output: InvokeModelCommandOutput;
    try {
      output = await client.send(
        new InvokeModelCommand({
          modelId,
          body,
          contentType: 'application/json',
          accept: 'application/json',
        }),
        signal ? { abortSignal: signal } : {},
      );
    } catch (error) {
      throw mapSdkError(error, modelId);
    }
    return parseEmbedding(output.body, modelId, dimensions);
  };

  const embedOne = async (text: string, signal?: AbortSignal): Promise<Float32Array> => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await invokeOnce(text, signal);
      } catch (error) {
        const failure = error instanceof StrataError ? error : mapSdkError(error, modelId);
        if (!failure.retryable || attempt >= options.maxRetries || signal?.aborted) throw failure;
        const delay = Math.round(random() * Math.min(maxDelayMs, baseDelayMs * 2 ** attempt));
        options.logger?.warn(
          { code: failure.code, attempt: attempt + 1, delay_ms: delay },
          'embedding retry',
        );
        await sleep(delay, signal);
      }
    }
  };

  return {
    modelId,
    dimensions,
    async embed(texts, embedOptions = {}) {
      const results = new Array<Float32Array>(texts.length);
      let next = 0;
      const worker = async () => {
        while (next < texts.length) {
          const index = next++;
          results[index] = await embedOne(texts[index] ?? '', embedOptions.signal);
        }
      };
      const workers = Math.max(1, Math.min(options.concurrency, texts.length));
      await Promise.all(Array.from({ length: workers }, worker));
      return results;
    },
    destroy: () => client.destroy(),
  };
}

function parseEmbedding(body: Uint8Array | undefined, modelId: string, dimensions: number): Float32Array {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(body ?? new Uint8Array()));
  } catch (error) {
    throw new StrataError('model_error', `${modelId} returned a body that is not JSON`, { cause: error });
  }
  const parsed = responseSchema.safeParse(json);
  if (!parsed.success) {
    throw new StrataError(
      'model_error',
      `${modelId} returned an unexpected embedding body: ${parsed.error.message}`,
    );
  }
  const { embedding } = parsed.data;
  if (embedding.length !== dimensions) {
    throw new StrataError(
      'model_error',
      `${modelId} returned ${embedding.length} dimensions where ${dimensions} were requested`,
    );
  }
  return normalize(Float32Array.from(embedding));
}

/** Unit length, so cosine similarity is a dot product. Titan already normalizes; this guards the contract. */
export function normalize(vector: Float32Array): Float32Array {
  let norm = 0;
  for (const v of vector) norm += v * v;
  if (norm === 0) return vector;
  const scale = 1 / Math.sqrt(norm);
  for (let i = 0; i < vector.length; i++) vector[i] = (vector[i] ?? 0) * scale;
  return vector;
}
