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
export async function requireAccess(metering: Metering, caller: Caller): Promise<void> {
  const decision = await metering.access?.check(caller);
  if (decision !== undefined && !decision.allowed) {
    throw new StrataError('bad_input', `${caller.feature} refused: ${decision.reason}`, {
      userMessage: decision.message,
    });
  }
}

/** What a finished call consumed; tokens for text models, images for image models. */
export interface Consumption {
  inputTokens?: number;
  outputTokens?: number;
  imagesGenerated?: number;
}

/**
 * Runs one non-streaming model call and records it: `ok` with what `measure` reads from the result, or
 * `throttled`/`error` with the StrataError code when it throws (the error is rethrown as a StrataError).
 */
export async function meteredCall<T>(
  metering: Metering,
  call: Caller & { modelId: string },
  run: () => Promise<T>,
  measure: (result: T) => Consumption,
): Promise<T> {
  const startedAt = performance.now();
  const record = recorder(metering, call, startedAt);
  try {
    const result = await run();
    await record('ok', measure(result));
    return result;
  } catch (error) {
    const failure = toStrataError(error);
    await record(failedOutcome(failure), {}, failure.code);
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
      const record = recorder(metering, { ...caller, modelId: request.modelId }, performance.now());
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
        const failure = toStrataError(error);
        recorded = true;
        await record(request.signal?.aborted ? 'stopped' : failedOutcome(failure), tokens(), failure.code);
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

function recorder(metering: Metering, call: Caller & { modelId: string }, startedAt: number) {
  return async (outcome: CallOutcome, consumed: Consumption, errorCode?: string): Promise<void> => {
    await metering.usage?.record({
      user: call.user,
      channel: call.channel,
      feature: call.feature,
      modelId: call.modelId,
      inputTokens: consumed.inputTokens ?? 0,
      outputTokens: consumed.outputTokens ?? 0,
      latencyMs: Math.round(performance.now() - startedAt),
      outcome,
      imagesGenerated: consumed.imagesGenerated ?? 0,
      ...(errorCode ? { errorCode } : {}),
    });
  };
}
