import type { ConverseStreamOutput } from '@aws-sdk/client-bedrock-runtime';
import { StrataError } from '../errors.js';
import { mapSdkError } from './map-sdk-error.js';
import { mapStopReason } from './map-stop-reason.js';
import { inStreamException } from './stream-exception.js';
import type { StreamPart } from './stream-parts.js';

export interface ConverseStreamOptions {
  /** Longest wait for the response headers or the next event before the request is aborted. */
  idleTimeoutMs: number;
  /** The caller's stop signal (Stop button, shutdown). */
  signal?: AbortSignal;
  /** Named in error messages. */
  modelId?: string;
}

/** Starts the SDK call with the given abort signal and resolves to its event stream. */
export type OpenConverseStream = (abortSignal: AbortSignal) => Promise<AsyncIterable<ConverseStreamOutput>>;

const stopped = Symbol('stopped');

/**
 * Runs a ConverseStream call and yields Strata stream parts. SDK errors, in-stream exception frames and
 * idle timeouts become StrataErrors (model_*).
 */
export async function* readConverseStream(
  open: OpenConverseStream,
  options: ConverseStreamOptions,
): AsyncGenerator<StreamPart> {
  const { idleTimeoutMs, signal, modelId } = options;
  // A user stop is not a failure: abort the SDK call and end the stream quietly, without an error.
  if (signal?.aborted) return;
  const controller = new AbortController();
  let finished = false;

  const guard = <T>(pending: Promise<T>): Promise<T | typeof stopped> =>
    new Promise((resolve, reject) => {
      if (signal?.aborted) {
        controller.abort();
        pending.catch(() => undefined);
        resolve(stopped);
        return;
      }
      const onStop = () => {
        clearTimeout(timer);
        controller.abort();
        resolve(stopped);
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onStop);
        controller.abort();
        reject(
          new StrataError(
            'model_timeout',
            `No event from ${modelId ?? 'the model'} for ${idleTimeoutMs} ms`,
            {
              retryable: true,
            },
          ),
        );
      }, idleTimeoutMs);
      signal?.addEventListener('abort', onStop, { once: true });
      const settle = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onStop);
      };
      pending.then(
        (value) => {
          settle();
          resolve(value);
        },
        (error: unknown) => {
          settle();
          reject(error);
        },
      );
    });

  try {
    const events = await guard(open(controller.signal));
    if (events === stopped) return;
    const iterator = events[Symbol.asyncIterator]();
    for (;;) {
      const step = await guard(iterator.next());
      if (step === stopped) return;
      if (step.done) {
        finished = true;
        return;
      }
      yield* toStreamParts(step.value);
    }
  } catch (error) {
    if (signal?.aborted) return;
    throw mapSdkError(error, modelId);
  } finally {
    // Also reached when the consumer stops iterating early; release the HTTP stream then.
    if (!finished) controller.abort();
  }
}

/** One SDK event → zero or more parts. Members Strata does not use are ignored. */
export function toStreamParts(event: ConverseStreamOutput): StreamPart[] {
  if (event.contentBlockDelta) {
    const text = event.contentBlockDelta.delta?.text;
    return typeof text === 'string' && text.length > 0 ? [{ type: 'text-delta', text }] : [];
  }
  if (event.messageStop) {
    return [{ type: 'finish', reason: mapStopReason(event.messageStop.stopReason) }];
  }
  if (event.metadata) {
    const usage = event.metadata.usage;
    const inputTokens = usage?.inputTokens ?? 0;
    const outputTokens = usage?.outputTokens ?? 0;
    return [
      {
        type: 'usage',
        usage: {
          inputTokens,
          outputTokens,
          totalTokens: usage?.totalTokens ?? inputTokens + outputTokens,
          latencyMs: event.metadata.metrics?.latencyMs,
        },
      },
    ];
  }
  const exception = inStreamException(event);
  if (exception) throw exception;
  return [];
}
