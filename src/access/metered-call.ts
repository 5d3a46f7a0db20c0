import type { EmbeddingGateway } from '../bedrock/embeddings.js';
import type { ModelGateway } from '../bedrock/gateway.js';
import type { Usage } from '../bedrock/stream-parts.js';
import { StrataError, toStrataError } from '../errors.js';
import type { CallOutcome, UsageRecorder } from '../metrics.js';
import type { AccessGuard, Feature } from './access-guard.js';

/** What a metered model call needs; both optional so a feature can run without admin tools (tests). */
export interface Metering {
  usage?: UsageRecorder | undefined;
  access?: Pick<AccessGuard, 'check'> | undefined;
}

/** Who a model call is for, and which feature makes it: the usage record's and the access check's subject. */
export interface Caller {
  user: string;
  channel: string;
  feature: Feature;
}

/**
 * The access guard's answer before any model call: channel allowed, feature switched on, budgets left.
 * A refusal is a `bad_input` StrataError whose user message says why (and, for budgets, when it resets).
 */
export async function accessRefusal(metering: Metering, caller: Caller): Promise<StrataError | undefined> {
  const decision = await metering.access?.check(caller);
  if (decision === undefined || decision.allowed) return undefined;
  return new StrataError('bad_input', `${caller.feature} refused: ${decision.reason}`, {
    userMessage: decision.message,
  });
}

/** `accessRefusal`, thrown. */
export async function requireAccess(metering: Metering, caller: Caller): Promise<void> {
  const refusal = await accessRefusal(metering, caller);
  if (refusal) throw refusal;
}

/** What a finished call consumed; tokens for text models, images for image models. */
export interface Consumption {
  inputTokens?: number;
  outputTokens?: number;
  imagesGenerated?: number;
}

/** Features whose model calls are recorded: the switchable ones, and history indexing (billed to its admin). */
export type MeteredFeature = Feature | 'index';

/** One model call's subject: who it is for, which feature makes it, which model (or agent) answers. */
export interface MeteredCall {
  user: string;
  channel: string;
  feature: MeteredFeature;
  modelId: string;
}

/** How a call ended: `ok`, `stopped`, or the failure (recorded as `throttled` or `error` with its code). */
export type CallEnd = 'ok' | 'stopped' | StrataError;

/**
 * Times one model call from now; the returned function records it when it ends, once per call. For calls
 * that neither `meteredCall` nor `meteredGateway` can wrap (several round trips, or an end decided later).
 */
export function startMeteredCall(
  metering: Metering,
  call: MeteredCall,
): (end: CallEnd, consumed?: Consumption) => Promise<void> {
  const startedAt = performance.now();
  return async (end, consumed = {}) => {
    const failure = end instanceof StrataError ? end : undefined;
    await metering.usage?.record({
      user: call.user,
      channel: call.channel,
      feature: call.feature,
      modelId: call.modelId,
      inputTokens: consumed.inputTokens ?? 0,
      outputTokens: consumed.outputTokens ?? 0,
      latencyMs: Math.round(performance.now() - startedAt),
      outcome: end instanceof StrataError ? failedOutcome(end) : end,
      imagesGenerated: consumed.imagesGenerated ?? 0,
      ...(failure ? { errorCode: failure.code } : {}),
    });
  };
}

/**
 * Runs one non-streaming model call and records it: `ok` with what `measure` reads from the result, or
 * `throttled`/`error` with the StrataError code when it throws (the error is rethrown as a StrataError).
 */
export async function meteredCall<T>(
  metering: Metering,
  call: MeteredCall,
  run: () => Promise<T>,
  measure: (result: T) => Consumption,
): Promise<T> {
  const record = startMeteredCall(metering, call);
  try {
    const result = await run();
    await record('ok', measure(result));
    return result;
  } catch (error) {
    const failure = toStrataError(error);
    await record(failure);
    throw failure;
  }
}

/**
 * The gateway with every `streamChat` recorded as one model call for `caller`: tokens from the stream's
 * usage part, outcome `ok`, `stopped` (aborted, or the reader left early), `throttled` or `error`.
 */
export function meteredGateway(gateway: ModelGateway, metering: Metering, caller: Caller): ModelGateway {
  return {
    async *streamChat(request) {
      const record = startMeteredCall(metering, { ...caller, modelId: request.modelId });
      let usage: Usage | undefined;
      let recorded = false;
      const tokens = () => ({ inputTokens: usage?.inputTokens ?? 0, outputTokens: usage?.outputTokens ?? 0 });
      try {
        for await (const part of gateway.streamChat(request)) {
          if (part.type === 'usage') usage = part.usage;
          yield part;
        }
        recorded = true;
        await record(request.signal?.aborted ? 'stopped' : 'ok', tokens());
      } catch (error) {
        recorded = true;
        await record(request.signal?.aborted ? 'stopped' : toStrataError(error), tokens());
        throw error;
      } finally {
        if (!recorded) await record('stopped', tokens());
      }
    },
  };
}

function failedOutcome(failure: StrataError): CallOutcome {
  return failure.code === 'model_throttled' ? 'throttled' : 'error';
}

/**
 * The embedding gateway with every `embed` recorded as one model call for `caller`. Titan bills input
 * tokens only; four characters a token is the estimate (the response's count is not passed through).
 */
export function meteredEmbeddings(
  gateway: EmbeddingGateway,
  metering: Metering,
  caller: { user: string; channel: string; feature: MeteredFeature },
): EmbeddingGateway {
  return {
    modelId: gateway.modelId,
    dimensions: gateway.dimensions,
    embed: (texts, options) =>
      meteredCall(
        metering,
        { ...caller, modelId: gateway.modelId },
        () => gateway.embed(texts, options),
        () => ({ inputTokens: Math.ceil(texts.reduce((sum, text) => sum + text.length, 0) / 4) }),
      ),
  };
}
