import { meteredCall, requireAccess } from '../access/metered-call.js';
import type { ImageResult, ImageTask } from '../bedrock/images.js';
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
  const caller = { ...who, feature: 'image' as const };
  await requireAccess(deps, caller);
  return meteredCall(
    deps,
    { ...caller, modelId },
    () => deps.images.gateway.generate(modelId, task),
    (result) => ({ imagesGenerated: result.images.length }),
  );
}
