import {
  canRunOperation,
  findImageModel,
  IMAGE_MODELS,
  type ImageModelSpec,
  type OperationNeeds,
} from '../bedrock/image-catalog.js';
import type { ImageOperation } from '../bedrock/images.js';
import { badInput } from './image-options.js';

export interface ChosenModel {
  spec: ImageModelSpec;
  /** What goes to Bedrock: the id as configured or typed (an inference profile stays one). */
  modelId: string;
}

export interface ModelPreference {
  /** `--model` as typed: the person insists, so a model that can't do it is an error. */
  explicit?: string | undefined;
  /** The model that made the source image: edits stay in its family when they can. */
  source?: string | undefined;
  /** STRATA_IMAGE_MODEL_ID. */
  fallback: string;
}

const describeOperation: Record<ImageOperation, string> = {
  'text-to-image': 'generate images from text',
  'image-to-image': 'transform an image from a prompt',
  variation: 'make variations',
  inpaint: 'inpaint (replace part of an image)',
  outpaint: 'extend an image (outpainting)',
  'remove-background': 'remove backgrounds',
  'style-transfer': 'transfer a style',
  upscale: 'upscale images',
};

/**
 * The model for an operation: the one asked for, else the source image's model or a sibling in its
 * family (Stability's Image Services), else the configured default. A model that can't do it is refused
 * with the names of models that can.
 */
export function chooseModel(
  op: ImageOperation,
  needs: OperationNeeds,
  preference: ModelPreference,
): ChosenModel {
  if (preference.explicit !== undefined) {
    const spec = findImageModel(preference.explicit);
    if (spec === undefined) {
      throw badInput(`Unknown image model \`${preference.explicit}\`. Image models: ${modelList()}.`);
    }
    if (!canRunOperation(spec, op, needs)) throw cannot(spec, op, needs);
    const typed = preference.explicit.trim();
    return { spec, modelId: spec.aliases.includes(typed.toLowerCase()) ? spec.id : typed };
  }
  const source = preference.source === undefined ? undefined : findImageModel(preference.source);
  if (source !== undefined && preference.source !== undefined && canRunOperation(source, op, needs)) {
    return { spec: source, modelId: preference.source };
  }
  if (source !== undefined && source.family !== 'amazon') {
    const sibling = IMAGE_MODELS.find((m) => m.family !== 'amazon' && canRunOperation(m, op, needs));
    if (sibling) return { spec: sibling, modelId: sibling.id };
  }
  const fallback = findImageModel(preference.fallback);
  if (fallback !== undefined && canRunOperation(fallback, op, needs)) {
    return { spec: fallback, modelId: preference.fallback };
  }
  throw cannot(fallback ?? source, op, needs);
}

function cannot(spec: ImageModelSpec | undefined, op: ImageOperation, needs: OperationNeeds) {
  const able = IMAGE_MODELS.filter((m) => canRunOperation(m, op, needs)).map(
    (m) => `${m.name} (\`--model ${m.aliases[0] ?? m.id}\`)`,
  );
  const who = spec
    ? `${spec.name} can't ${describeOperation[op]}`
    : `No configured model can ${describeOperation[op]}`;
  const extra =
    spec?.service === 'inpaint' && needs.maskFrom === 'prompt'
      ? ' from a description (it needs a mask image)'
      : spec?.service === 'search-replace' && needs.maskFrom === 'image'
        ? ' with a mask image (it needs words for what to replace)'
        : '';
  return badInput(`${who}${extra}. ${able.length > 0 ? `Try ${able.join(' or ')}.` : ''}`.trim());
}

export function modelList(): string {
  return IMAGE_MODELS.filter((m) => m.operations.includes('text-to-image'))
    .map((m) => `\`${m.aliases[0] ?? m.id}\` (${m.name}, \`${m.id}\`)`)
    .join(', ');
}

/** A seed the model accepts, for when the person gave none. */
export function randomSeed(spec: ImageModelSpec, random: () => number): number {
  return 1 + Math.floor(random() * (Math.min(spec.seedMax, 2_147_483_646) - 1));
}
