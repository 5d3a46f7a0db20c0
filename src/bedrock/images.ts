import { BedrockRuntimeClient, InvokeModelCommand } from '@aws-sdk/client-bedrock-runtime';
import { StrataError } from '../errors.js';
import type { Logger } from '../log.js';
import { canRun, findImageModel, type ImageModelSpec } from './image-catalog.js';
import { amazonImageResponse, buildImageBodies, stabilityImageResponse } from './image-models.js';
import { mapSdkError } from './map-sdk-error.js';

export type ImageOperation =
  | 'text-to-image'
  | 'image-to-image'
  | 'variation'
  | 'inpaint'
  | 'outpaint'
  | 'remove-background'
  | 'style-transfer'
  | 'upscale';

/** An encoded input image (PNG, or JPEG for photos; every image model takes both) and its size in pixels. */
export interface ImageBytes {
  data: Uint8Array;
  width: number;
  height: number;
}

/**
 * What to change in an inpainting: described in words, or painted. Amazon models read black as
 * "change here", Stability reads white, so a painted mask comes in both polarities.
 */
export type ImageMask = { prompt: string } | { images: { blackEdits: ImageBytes; whiteEdits: ImageBytes } };

export interface Extend {
  left: number;
  right: number;
  up: number;
  down: number;
}

interface Seeded {
  seed: number;
  count: number;
}

/** One request, independent of the model family. `style` is the model's native style value. */
export type ImageTask =
  | ({
      operation: 'text-to-image';
      prompt: string;
      negativePrompt?: string;
      style?: string;
      width: number;
      height: number;
    } & Seeded)
  | ({
      operation: 'image-to-image';
      image: ImageBytes;
      prompt: string;
      negativePrompt?: string;
      /** 0 keeps the source, 1 ignores it. */
      strength: number;
    } & Seeded)
  | ({
      operation: 'variation';
      image: ImageBytes;
      prompt: string;
      negativePrompt?: string;
      /** 0.2–1: how close to the source. */
      similarity: number;
    } & Seeded)
  | ({
      operation: 'inpaint';
      image: ImageBytes;
      prompt: string;
      negativePrompt?: string;
      mask: ImageMask;
    } & Seeded)
  | ({
      operation: 'outpaint';
      /** The original image, for models that take margins (Stability). */
      image: ImageBytes;
      extend: Extend;
      /** The padded canvas and a mask that is black over the original, for models that take a mask (Amazon). */
      canvas: { image: ImageBytes; keepMask: ImageBytes };
      prompt: string;
      negativePrompt?: string;
    } & Seeded)
  | { operation: 'remove-background'; image: ImageBytes }
  | ({
      operation: 'style-transfer';
      image: ImageBytes;
      prompt: string;
      negativePrompt?: string;
      style?: string;
      /** The look to copy, when the style comes from another image. */
      styleImage?: ImageBytes;
    } & Seeded)
  | { operation: 'upscale'; image: ImageBytes; prompt: string; seed: number };

export interface GeneratedImage {
  png: Uint8Array;
  seed: number;
}

export interface ImageResult {
  modelId: string;
  images: GeneratedImage[];
}

/** Strata's door to Bedrock's image models. Throws StrataError (model_*), content filtering included. */
export interface ImageGateway {
  generate(modelId: string, task: ImageTask, options?: { signal?: AbortSignal }): Promise<ImageResult>;
  destroy(): void;
}

export interface BedrockImageGatewayOptions {
  region: string;
  maxAttempts?: number;
  /** Per call; image models can take tens of seconds. Default 120 s. */
  timeoutMs?: number;
  logger?: Logger;
}

/** InvokeModel only (Converse has no image models). The endpoint comes from AWS_ENDPOINT_URL_BEDROCK_RUNTIME. */
export function createBedrockImageGateway(options: BedrockImageGatewayOptions): ImageGateway {
  const client = new BedrockRuntimeClient({
    region: options.region,
    ...(options.maxAttempts === undefined ? {} : { maxAttempts: options.maxAttempts }),
  });
  const timeoutMs = options.timeoutMs ?? 120_000;

  async function invoke(modelId: string, body: object, signal: AbortSignal | undefined): Promise<unknown> {
    const abortSignal = signal
      ? AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)])
      : AbortSignal.timeout(timeoutMs);
    try {
      const output = await client.send(
        new InvokeModelCommand({
          modelId,
          contentType: 'application/json',
          accept: 'application/json',
          body: JSON.stringify(body),
        }),
        { abortSignal },
      );
      return JSON.parse(new TextDecoder().decode(output.body)) as unknown;
    } catch (error) {
      throw toImageError(error, modelId);
    }
  }

  return {
    async generate(modelId, task, callOptions = {}) {
      const spec = findImageModel(modelId);
      if (spec === undefined || !canRun(spec, task)) {
        throw new StrataError('bad_input', `${modelId} cannot run ${task.operation}`, {
          userMessage: `The model \`${modelId}\` cannot do ${task.operation.replace(/-/g, ' ')}.`,
        });
      }
      const log = options.logger?.child({ model: modelId, operation: task.operation });
      const startedAt = performance.now();
      const answers = await Promise.all(
        buildImageBodies(spec, task).map((body) => invoke(modelId, body, callOptions.signal)),
      );
      const images = answers.flatMap((answer) => readImages(spec, modelId, task, answer));
      log?.debug({ images: images.length, ms: Math.round(performance.now() - startedAt) }, 'bedrock images');
      return { modelId, images };
    },
    destroy: () => client.destroy(),
  };
}

function readImages(
  spec: ImageModelSpec,
  modelId: string,
  task: ImageTask,
  answer: unknown,
): GeneratedImage[] {
  const seed = 'seed' in task ? task.seed : 0;
  if (spec.family === 'amazon') {
    const parsed = amazonImageResponse.safeParse(answer);
    if (!parsed.success) throw malformed(modelId, parsed.error.message);
    if (parsed.data.error) throw filtered(modelId, parsed.data.error);
    if (parsed.data.images.length === 0) throw malformed(modelId, 'no images in the response');
    return parsed.data.images.map((image) => ({ png: Buffer.from(image, 'base64'), seed }));
  }
  const parsed = stabilityImageResponse.safeParse(answer);
  if (!parsed.success) throw malformed(modelId, parsed.error.message);
  const reason = parsed.data.finish_reasons.find((r) => r !== null && r !== undefined);
  if (reason) {
    if (/filter/i.test(reason)) throw filtered(modelId, reason);
    throw new StrataError('model_error', `${modelId} finished with ${reason}`, { retryable: true });
  }
  if (parsed.data.images.length === 0) throw malformed(modelId, 'no images in the response');
  return parsed.data.images.map((image, i) => ({
    png: Buffer.from(image, 'base64'),
    seed: parsed.data.seeds[i] ?? seed,
  }));
}

function toImageError(error: unknown, modelId: string): StrataError {
  const mapped = mapSdkError(error, modelId);
  // Amazon's content filter answers with a 400 ValidationException that says so.
  if (mapped.code === 'model_validation' && /content filter|blocked/i.test(mapped.message)) {
    return filtered(modelId, mapped.message);
  }
  return mapped;
}

function filtered(modelId: string, reason: string): StrataError {
  const what = /input image/i.test(reason)
    ? 'the input image'
    : /output/i.test(reason)
      ? 'the result'
      : 'this request';
  return new StrataError('model_validation', `${modelId} content filter: ${reason}`, {
    userMessage: `:no_entry_sign: Amazon Bedrock's content filters blocked ${what}. Try rephrasing the prompt or using a different image.`,
  });
}

function malformed(modelId: string, detail: string): StrataError {
  return new StrataError('model_error', `${modelId} returned an unexpected image response: ${detail}`, {
    retryable: true,
  });
}
