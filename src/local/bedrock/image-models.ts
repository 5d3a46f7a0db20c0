import { invokeAmazon, novaCanvas, titanImageV2 } from './images/amazon-images.js';
import {
  invokeStabilityService,
  invokeStabilityText,
  type StabilityServiceName,
  type StabilityTextModel,
} from './images/stability-images.js';
import type { InvokeModelHandler } from './invoke-model.js';

/**
 * Image models of the local Bedrock endpoint. They validate bodies as Bedrock does and answer with real,
 * deterministic PNGs: generated pictures are labelled "local stand-in"; edits change the input image
 * only where the operation would (inside a mask, outside the kept area, the background).
 */

/** `us.amazon.nova-canvas-v1:0` and `amazon.nova-canvas-v1:0` are the same model. */
function named(prefix: string): (modelId: string) => boolean {
  return (modelId) => modelId.replace(/^(us|eu|apac|us-gov|global|jp|au|ca)\./, '').startsWith(prefix);
}

const stabilityText: Array<[string, StabilityTextModel]> = [
  ['stability.sd3-5-large-v1', { name: 'SD3.5 Large', imageToImage: true, stylePresets: false }],
  [
    'stability.stable-image-ultra-v1',
    { name: 'Stable Image Ultra', imageToImage: true, stylePresets: false },
  ],
  ['stability.stable-image-core-v1', { name: 'Stable Image Core', imageToImage: false, stylePresets: true }],
];

const stabilityServices: Array<[string, StabilityServiceName]> = [
  ['stability.stable-image-inpaint-v1', 'inpaint'],
  ['stability.stable-image-search-replace-v1', 'search-replace'],
  ['stability.stable-outpaint-v1', 'outpaint'],
  ['stability.stable-image-remove-background-v1', 'remove-background'],
  ['stability.stable-style-transfer-v1', 'style-transfer'],
  ['stability.stable-fast-upscale-v1', 'fast-upscale'],
  ['stability.stable-conservative-upscale-v1', 'conservative-upscale'],
];

export const localImageModels: InvokeModelHandler[] = [
  { matches: named('amazon.nova-canvas-v1'), invoke: (_id, body) => invokeAmazon(novaCanvas, body) },
  {
    matches: named('amazon.titan-image-generator-v2'),
    invoke: (_id, body) => invokeAmazon(titanImageV2, body),
  },
  ...stabilityText.map(([prefix, model]) => ({
    matches: named(prefix),
    invoke: (_id: string, body: unknown) => invokeStabilityText(model, body),
  })),
  ...stabilityServices.map(([prefix, service]) => ({
    matches: named(prefix),
    invoke: (_id: string, body: unknown) => invokeStabilityService(service, body),
  })),
];
