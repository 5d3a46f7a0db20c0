import {
  BedrockRuntimeClient,
  ConverseStreamCommand,
  type ConverseStreamRequest,
} from '@aws-sdk/client-bedrock-runtime';
import type { Logger } from '../log.js';
import { readConverseStream } from './converse-stream.js';
import { toConverseInference } from './inference-params.js';
import { mapSdkError } from './map-sdk-error.js';
import type { StreamPart } from './stream-parts.js';

export interface ChatMessage {
  role: 'user' | 'assistant';
  text: string;
}

export interface InferenceParams {
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  topK?: number;
}

export interface ChatRequest {
  modelId: string;
  system?: string;
  /** Alternating turns, starting and ending with the user. */
  messages: ChatMessage[];
  inference?: InferenceParams;
  /** Cancels the model stream (Stop button, shutdown). */
  signal?: AbortSignal;
}

/**
 * Strata's only door to Bedrock. Implementations throw StrataError (codes model_*) with `retryable`
 * set, both before the first part and mid-stream.
 */
export interface ModelGateway {
  streamChat(request: ChatRequest): AsyncIterable<StreamPart>;
}

export interface BedrockGatewayOptions {
  region: string;
  /** Longest silence (before the headers or between events) before a stream fails with model_timeout. */
  idleTimeoutMs: number;
  /** SDK attempts per call, including the first (SDK default 3). */
  maxAttempts?: number;
  logger?: Logger;
}

export interface BedrockGateway extends ModelGateway {
  /** Closes the SDK client's connections (shutdown). */
  destroy(): void;
}

/** The endpoint comes from the SDK's own AWS_ENDPOINT_URL_BEDROCK_RUNTIME when set. */
export function createBedrockGateway(options: BedrockGatewayOptions): BedrockGateway {
  const client = new BedrockRuntimeClient({
    region: options.region,
    ...(options.maxAttempts === undefined ? {} : { maxAttempts: options.maxAttempts }),
  });

  async function* streamChat(request: ChatRequest): AsyncGenerator<StreamPart> {
    const input = toConverseStreamRequest(request);
    const log = options.logger?.child({ model: request.modelId });
    log?.debug({ turns: request.messages.length }, 'bedrock stream start');
    try {
      for await (const part of readConverseStream(
        (abortSignal) =>
          client.send(new ConverseStreamCommand(input), { abortSignal }).then((output) => {
            if (!output.stream) throw new Error('ConverseStream response has no event stream');
            return output.stream;
          }),
        {
          idleTimeoutMs: options.idleTimeoutMs,
          modelId: request.modelId,
          ...(request.signal ? { signal: request.signal } : {}),
        },
      )) {
        if (part.type === 'usage') log?.debug({ usage: part.usage }, 'bedrock usage');
        yield part;
      }
    } catch (error) {
      const mapped = mapSdkError(error, request.modelId);
      log?.debug({ code: mapped.code, retryable: mapped.retryable, err: mapped }, 'bedrock stream failed');
      throw mapped;
    }
    log?.debug({ stopped: request.signal?.aborted ?? false }, 'bedrock stream end');
  }

  return { streamChat, destroy: () => client.destroy() };
}

export function toConverseStreamRequest(request: ChatRequest): ConverseStreamRequest {
  return {
    modelId: request.modelId,
    messages: request.messages.map((m) => ({ role: m.role, content: [{ text: m.text }] })),
    ...(request.system ? { system: [{ text: request.system }] } : {}),
    ...toConverseInference(request.modelId, request.inference),
  };
}
