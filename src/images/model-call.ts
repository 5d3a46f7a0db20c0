import type { ImageResult, ImageTask } from '../bedrock/images.js';
import { StrataError, toStrataError } from '../errors.js';
import type { CallOutcome } from '../metrics.js';
import type { ImageDeps } from './image-feature.js';

/**
 * One image model call with what every model call in Strata gets: the access guard first (channel
 * allowed, images switched on, budgets left), and a usage record after, failed calls included.
 */
export async function callImageModel(
  deps: ImageDeps,
  who: { user: string; channel: string },
  modelId: string,
  task: ImageTask,
): Promise<ImageResult> {
  const { user, channel } = who;
  const decision = await deps.access?.check({ user, channel, feature: 'image' });
  if (decision !== undefined && !decision.allowed) {
    throw new StrataError('bad_input', `image refused: ${decision.reason}`, {
      userMessage: decision.message,
    });
  }
  const startedAt = performance.now();
  const record = (outcome: CallOutcome, images: number, errorCode?: string) =>
    deps.usage?.record({
      user,
      channel,
      feature: 'image',
      modelId,
      inputTokens: 0,
      outputTokens: 0,
      latencyMs: Math.round(performance.now() - startedAt),
      outcome,
      imagesGenerated: images,
      ...(errorCode ? { errorCode } : {}),
    });
  try {
    const result = await deps.images.gateway.generate(modelId, task);
    await record('ok', result.images.length);
    return result;
  } catch (error) {
    const failure = toStrataError(error);
    await record(failure.code === 'model_throttled' ? 'throttled' : 'error', 0, failure.code);
    throw failure;
  }
}
