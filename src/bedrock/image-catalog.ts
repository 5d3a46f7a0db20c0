import type { ImageOperation, ImageTask } from './images.js';

/**
 * What Strata knows about Bedrock's image models: ids and short names, what each can do, and its limits
 * (prompt length, seed range, output sizes, input image sizes, native styles). Bodies: image-models.ts.
 */

export type ImageFamily = 'amazon' | 'stability' | 'stability-service';

export type SizeRule =
  | { kind: 'range'; min: number; max: number; multipleOf: number; maxPixels: number; maxRatio: number }
  | { kind: 'list'; sizes: ReadonlyArray<readonly [number, number]> }
  | { kind: 'aspect'; ratios: Readonly<Record<string, readonly [number, number]>> };

/** How an input image must be shaped before it is sent. */
export interface InputRule {
  minSide: number;
  maxSide: number;
  maxPixels: number;
  multipleOf: number;
}

export interface ImageModelSpec {
  id: string;
  name: string;
  family: ImageFamily;
  /** Short names accepted by `--model`. */
  aliases: readonly string[];
  operations: readonly ImageOperation[];
  promptMax: number;
  negativeMax: number;
  seedMax: number;
  /** Images one call can return; Stability returns one, so several images mean several calls. */
  perCall: number;
  size: SizeRule;
  input: InputRule;
  /** Native style values the body accepts (Nova `style`, Stability `style_preset`). */
  styles: readonly string[];
  /** Which Stability Image Service this is; decides the body. */
  service?: StabilityService;
}

export type StabilityService =
  | 'inpaint'
  | 'search-replace'
  | 'outpaint'
  | 'remove-background'
  | 'style-transfer'
  | 'fast-upscale'
  | 'conservative-upscale';

const words = (text: string): readonly string[] => text.trim().split(/\s+/);

export const NOVA_STYLES = words(`3D_ANIMATED_FAMILY_FILM DESIGN_SKETCH FLAT_VECTOR_ILLUSTRATION
  GRAPHIC_NOVEL_ILLUSTRATION MAXIMALISM MIDCENTURY_RETRO PHOTOREALISM SOFT_DIGITAL_PAINTING`);

export const STABILITY_STYLES = words(`3d-model analog-film anime cinematic comic-book digital-art enhance
  fantasy-art isometric line-art low-poly modeling-compound neon-punk origami photographic pixel-art tile-texture`);

/** Stability takes an aspect ratio; these are the sizes it answers with. */
const STABILITY_RATIOS: Readonly<Record<string, readonly [number, number]>> = {
  '1:1': [1024, 1024],
  '16:9': [1344, 768],
  '21:9': [1536, 640],
  '2:3': [832, 1216],
  '3:2': [1216, 832],
  '4:5': [896, 1088],
  '5:4': [1088, 896],
  '9:16': [768, 1344],
  '9:21': [640, 1536],
};

/** Titan Image Generator v2 makes exactly these sizes. */
const TITAN_SIZES = words(`1024x1024 768x768 512x512 768x1152 384x576 1152x768 576x384 768x1280 384x640
  1280x768 640x384 896x1152 448x576 1152x896 576x448 768x1408 384x704 1408x768 704x384 640x1408 320x704
  1408x640 704x320 1152x640 1173x640`).map((size) => {
  const [w = 0, h = 0] = size.split('x').map(Number);
  return [w, h] as const;
});

const novaInput: InputRule = { minSide: 320, maxSide: 4096, maxPixels: 4_194_303, multipleOf: 16 };
const stabilityInput: InputRule = { minSide: 64, maxSide: 4096, maxPixels: 9_437_184, multipleOf: 1 };
const stabilityText = { promptMax: 10_000, negativeMax: 10_000, seedMax: 4_294_967_294, perCall: 1 };
const editOps: ImageOperation[] = ['inpaint', 'outpaint', 'remove-background', 'style-transfer'];

function stabilityModel(id: string, name: string, aliases: string[], imageToImage: boolean): ImageModelSpec {
  return {
    id,
    name,
    family: 'stability',
    aliases,
    operations: imageToImage ? ['text-to-image', 'image-to-image', 'variation'] : ['text-to-image'],
    ...stabilityText,
    size: { kind: 'aspect', ratios: STABILITY_RATIOS },
    input: stabilityInput,
    styles: [],
  };
}

function service(
  id: string,
  name: string,
  op: ImageOperation,
  svc: StabilityService,
  input: InputRule = stabilityInput,
): ImageModelSpec {
  return {
    id,
    name,
    family: 'stability-service',
    aliases: [],
    operations: [op],
    ...stabilityText,
    size: { kind: 'aspect', ratios: STABILITY_RATIOS },
    input,
    styles: svc === 'inpaint' || svc === 'search-replace' || svc === 'outpaint' ? STABILITY_STYLES : [],
    service: svc,
  };
}

export const IMAGE_MODELS: readonly ImageModelSpec[] = [
  {
    id: 'amazon.nova-canvas-v1:0',
    name: 'Nova Canvas',
    family: 'amazon',
    aliases: ['nova', 'nova-canvas', 'canvas'],
    operations: ['text-to-image', 'image-to-image', 'variation', ...editOps],
    promptMax: 1024,
    negativeMax: 1024,
    seedMax: 858_993_459,
    perCall: 5,
    size: { kind: 'range', min: 320, max: 4096, multipleOf: 16, maxPixels: 4_194_303, maxRatio: 4 },
    input: novaInput,
    styles: NOVA_STYLES,
  },
  {
    id: 'amazon.titan-image-generator-v2:0',
    name: 'Titan Image Generator v2',
    family: 'amazon',
    aliases: ['titan', 'titan-v2', 'titan-image'],
    operations: ['text-to-image', 'image-to-image', 'variation', ...editOps],
    promptMax: 512,
    negativeMax: 512,
    seedMax: 2_147_483_646,
    perCall: 5,
    size: { kind: 'list', sizes: TITAN_SIZES },
    input: { minSide: 256, maxSide: 1408, maxPixels: 1408 * 1408, multipleOf: 64 },
    styles: [],
  },
  stabilityModel(
    'stability.sd3-5-large-v1:0',
    'Stable Diffusion 3.5 Large',
    ['sd3.5', 'sd3.5-large', 'sd35'],
    true,
  ),
  stabilityModel(
    'stability.stable-image-ultra-v1:1',
    'Stable Image Ultra',
    ['ultra', 'stable-image-ultra'],
    true,
  ),
  // Stability's own API documents style_preset for Core (conf: med for Bedrock).
  {
    ...stabilityModel('stability.stable-image-core-v1:1', 'Stable Image Core', ['core'], false),
    styles: STABILITY_STYLES,
  },
  service('stability.stable-image-inpaint-v1:0', 'Stability Inpaint', 'inpaint', 'inpaint'),
  service(
    'stability.stable-image-search-replace-v1:0',
    'Stability Search and Replace',
    'inpaint',
    'search-replace',
  ),
  service('stability.stable-outpaint-v1:0', 'Stability Outpaint', 'outpaint', 'outpaint'),
  service(
    'stability.stable-image-remove-background-v1:0',
    'Stability Remove Background',
    'remove-background',
    'remove-background',
  ),
  service(
    'stability.stable-style-transfer-v1:0',
    'Stability Style Transfer',
    'style-transfer',
    'style-transfer',
  ),
  service('stability.stable-fast-upscale-v1:0', 'Stability Fast Upscale', 'upscale', 'fast-upscale', {
    minSide: 32,
    maxSide: 1536,
    maxPixels: 1_048_576,
    multipleOf: 1,
  }),
  service(
    'stability.stable-conservative-upscale-v1:0',
    'Stability Conservative Upscale',
    'upscale',
    'conservative-upscale',
  ),
];

/** Cross-region inference profiles (`us.`, `eu.`, …) name the same model. */
export function baseModelId(modelId: string): string {
  return modelId.replace(/^(us|eu|apac|us-gov|global|jp|au|ca)\./, '');
}

/** The spec for a model id, an inference profile id, or a `--model` alias. */
export function findImageModel(modelIdOrAlias: string): ImageModelSpec | undefined {
  const wanted = baseModelId(modelIdOrAlias.trim().toLowerCase());
  const versionless = (id: string) => id.replace(/:\d+$/, '');
  return (
    IMAGE_MODELS.find((m) => m.id === wanted || m.aliases.includes(wanted)) ??
    IMAGE_MODELS.find((m) => versionless(m.id) === versionless(wanted))
  );
}

/** What an operation needs beyond its name: some services take only a mask image, others only words. */
export interface OperationNeeds {
  maskFrom?: 'prompt' | 'image';
  styleFrom?: 'preset' | 'image';
}

export function canRunOperation(
  spec: ImageModelSpec,
  operation: ImageOperation,
  needs: OperationNeeds = {},
): boolean {
  if (!spec.operations.includes(operation)) return false;
  if (operation === 'inpaint' && spec.service === 'inpaint') return needs.maskFrom !== 'prompt';
  if (operation === 'inpaint' && spec.service === 'search-replace') return needs.maskFrom !== 'image';
  if (operation === 'style-transfer' && spec.family !== 'amazon') return needs.styleFrom === 'image';
  return true;
}

/** Whether this model can run the task as given. */
export function canRun(spec: ImageModelSpec, task: ImageTask): boolean {
  const needs: OperationNeeds = {};
  if (task.operation === 'inpaint') needs.maskFrom = 'prompt' in task.mask ? 'prompt' : 'image';
  if (task.operation === 'style-transfer') needs.styleFrom = task.styleImage ? 'image' : 'preset';
  return canRunOperation(spec, task.operation, needs);
}
