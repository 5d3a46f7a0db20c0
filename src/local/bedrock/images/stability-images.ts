import sharp from 'sharp';
import { z } from 'zod';
import {
  extendCanvas,
  fillFor,
  paintThrough,
  type Raster,
  removeBackground,
  selectionFromMask,
  transferColours,
  transform,
  upscale,
} from './local-edits.js';
import { regionFor } from './mask-regions.js';
import { paintImage, seededByParts } from './painter.js';
import { blockedByFilter } from './safety.js';
import { decodeImage, invalid, parseBody } from './validation.js';

/** The local endpoint's Stability models (SD3.5 Large, Stable Image Core/Ultra) and Image Services. */

export interface StabilityAnswer {
  seeds: number[];
  finish_reasons: Array<string | null>;
  images: string[];
}

const RATIOS: Record<string, [number, number]> = {
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

const PRESETS = [
  '3d-model',
  'analog-film',
  'anime',
  'cinematic',
  'comic-book',
  'digital-art',
  'enhance',
  'fantasy-art',
  'isometric',
  'line-art',
  'low-poly',
  'modeling-compound',
  'neon-punk',
  'origami',
  'photographic',
  'pixel-art',
  'tile-texture',
] as const;

const prompt = z.string().min(1).max(10_000);
const common = {
  seed: z.number().int().min(0).max(4_294_967_294).default(0),
  output_format: z.enum(['png', 'jpeg', 'webp']).default('png'),
};
const imageLimits = { formats: ['png', 'jpeg', 'webp'], minSide: 64, maxSide: 16_384, maxPixels: 9_437_184 };

export interface StabilityTextModel {
  name: string;
  imageToImage: boolean;
  stylePresets: boolean;
}

function textSchema(model: StabilityTextModel) {
  return z.strictObject({
    prompt,
    negative_prompt: z.string().max(10_000).optional(),
    mode: z
      .enum(model.imageToImage ? ['text-to-image', 'image-to-image'] : ['text-to-image'])
      .default('text-to-image'),
    aspect_ratio: z.enum(Object.keys(RATIOS)).optional(),
    image: z.string().min(1).optional(),
    strength: z.number().min(0).max(1).optional(),
    ...(model.stylePresets ? { style_preset: z.enum(PRESETS).optional() } : {}),
    ...common,
  });
}

export async function invokeStabilityText(
  model: StabilityTextModel,
  body: unknown,
): Promise<StabilityAnswer> {
  const request = parseBody(textSchema(model), body);
  const seed = request.seed === 0 ? chosenSeed(request.prompt) : request.seed;
  if (blockedByFilter(request.prompt)) return filtered(seed);
  if (request.mode === 'image-to-image') {
    if (request.image === undefined)
      throw invalid('image', 'required key [image] not found for mode image-to-image');
    if (request.strength === undefined)
      throw invalid('strength', 'required key [strength] not found for mode image-to-image');
    if (request.aspect_ratio !== undefined)
      throw invalid('aspect_ratio', 'aspect_ratio is only valid for text-to-image');
    const source = await decodeImage('image', request.image, imageLimits);
    return answer(
      seed,
      await transform(source, request.prompt, seed, request.strength),
      request.output_format,
    );
  }
  if (request.image !== undefined) throw invalid('image', 'image is only valid for mode image-to-image');
  const [width, height] = RATIOS[request.aspect_ratio ?? '1:1'] ?? [1024, 1024];
  const style =
    'style_preset' in request && typeof request.style_preset === 'string' ? request.style_preset : undefined;
  const png = await paintImage({
    prompt: request.prompt,
    seed,
    width,
    height,
    label: model.name,
    ...(style ? { style } : {}),
  });
  return answer(seed, png, request.output_format);
}

export type StabilityServiceName =
  | 'inpaint'
  | 'search-replace'
  | 'outpaint'
  | 'remove-background'
  | 'style-transfer'
  | 'fast-upscale'
  | 'conservative-upscale';

const image = z.string().min(1);
const style = { style_preset: z.enum(PRESETS).optional() };
const negative = { negative_prompt: z.string().max(10_000).optional() };
const margin = z.number().int().min(0).max(2000).default(0);
const serviceSchemas = {
  inpaint: z.strictObject({
    image,
    prompt,
    mask: image.optional(),
    ...negative,
    grow_mask: z.number().int().min(0).max(20).optional(),
    ...style,
    ...common,
  }),
  'search-replace': z.strictObject({
    image,
    prompt,
    search_prompt: prompt,
    ...negative,
    grow_mask: z.number().int().min(0).max(20).optional(),
    ...style,
    ...common,
  }),
  outpaint: z.strictObject({
    image,
    left: margin,
    right: margin,
    up: margin,
    down: margin,
    prompt: z.string().max(10_000).optional(),
    creativity: z.number().min(0).max(1).optional(),
    ...style,
    ...common,
  }),
  'remove-background': z.strictObject({ image, output_format: common.output_format }),
  'style-transfer': z.strictObject({
    init_image: image,
    style_image: image,
    prompt: z.string().max(10_000).optional(),
    ...negative,
    composition_fidelity: z.number().min(0).max(1).optional(),
    style_strength: z.number().min(0).max(1).optional(),
    change_strength: z.number().min(0.1).max(1).optional(),
    ...common,
  }),
  'fast-upscale': z.strictObject({ image, output_format: common.output_format }),
  'conservative-upscale': z.strictObject({
    image,
    prompt,
    ...negative,
    creativity: z.number().min(0.2).max(0.5).optional(),
    ...common,
  }),
} as const;

type Service = (body: unknown) => Promise<StabilityAnswer>;

/** Each service validates its own body, then edits the image the way the real service would. */
const services: Record<StabilityServiceName, Service> = {
  async 'remove-background'(body) {
    const r = parseBody(serviceSchemas['remove-background'], body);
    const source = await decodeImage('image', r.image, imageLimits);
    return answer(chosenSeed('remove-background'), await removeBackground(source.png), r.output_format);
  },
  async inpaint(body) {
    const r = parseBody(serviceSchemas.inpaint, body);
    return fill(r, (source) => inpaintSelection(source, r.mask));
  },
  async 'search-replace'(body) {
    const r = parseBody(serviceSchemas['search-replace'], body);
    return fill(r, async (source) => regionFor(r.search_prompt, source.width, source.height));
  },
  async outpaint(body) {
    const r = parseBody(serviceSchemas.outpaint, body);
    if (r.left + r.right + r.up + r.down === 0) {
      throw invalid('left', 'at least one of left, right, up or down must be above 0');
    }
    const text = r.prompt ?? '';
    const seed = r.seed || chosenSeed(text || 'outpaint');
    if (blockedByFilter(text)) return filtered(seed);
    const source = await decodeImage('image', r.image, imageLimits);
    return answer(seed, await extendCanvas(source, r, text || 'scenery', seed), r.output_format);
  },
  async 'style-transfer'(body) {
    const r = parseBody(serviceSchemas['style-transfer'], body);
    const seed = r.seed || chosenSeed(r.prompt ?? 'style-transfer');
    if (blockedByFilter(r.prompt ?? '')) return filtered(seed);
    const [content, look] = await Promise.all([
      decodeImage('init_image', r.init_image, imageLimits),
      decodeImage('style_image', r.style_image, imageLimits),
    ]);
    return answer(seed, await transferColours(content.png, look.png), r.output_format);
  },
  async 'fast-upscale'(body) {
    const r = parseBody(serviceSchemas['fast-upscale'], body);
    const limits = { formats: imageLimits.formats, minSide: 32, maxSide: 1536, maxPixels: 1_048_576 };
    const source = await decodeImage('image', r.image, limits);
    if (source.width * source.height < 1024)
      throw invalid('image', 'the image must have at least 1,024 pixels');
    return answer(chosenSeed('fast-upscale'), await upscale(source.png, 4), r.output_format);
  },
  async 'conservative-upscale'(body) {
    const r = parseBody(serviceSchemas['conservative-upscale'], body);
    const seed = r.seed || chosenSeed(r.prompt);
    if (blockedByFilter(r.prompt)) return filtered(seed);
    const source = await decodeImage('image', r.image, imageLimits);
    const factor = Math.min(4, Math.sqrt(4_194_304 / (source.width * source.height)));
    return answer(seed, await upscale(source.png, Math.max(1, factor)), r.output_format);
  },
};

export function invokeStabilityService(
  service: StabilityServiceName,
  body: unknown,
): Promise<StabilityAnswer> {
  return services[service](body);
}

async function fill(
  r: { image: string; prompt: string; seed: number; output_format: 'png' | 'jpeg' | 'webp' },
  select: (source: Raster) => Promise<Buffer>,
): Promise<StabilityAnswer> {
  const seed = r.seed || chosenSeed(r.prompt);
  if (blockedByFilter(r.prompt)) return filtered(seed);
  const source = await decodeImage('image', r.image, imageLimits);
  const selection = await select(source);
  const content = await fillFor(r.prompt, seed, source.width, source.height);
  return answer(seed, await paintThrough(source, content, selection), r.output_format);
}

function filtered(seed: number): StabilityAnswer {
  return { seeds: [seed], finish_reasons: ['Filter reason: prompt'], images: [] };
}

async function inpaintSelection(source: Raster, mask: string | undefined): Promise<Buffer> {
  if (mask !== undefined) {
    const decoded = await decodeImage('mask', mask, imageLimits);
    return selectionFromMask(decoded.png, source.width, source.height, 'white');
  }
  // Without a mask, transparent pixels of the image are what to fill.
  const alpha = await sharp(source.png).ensureAlpha().extractChannel(3).raw().toBuffer();
  if (alpha.every((v) => v === 255))
    throw invalid('mask', 'a mask is required when the image has no transparent area');
  return Buffer.from(alpha.map((v) => 255 - v));
}

/** Stability picks a random seed for 0; locally it comes from the prompt, so it repeats. */
function chosenSeed(text: string): number {
  return 1 + Math.floor(seededByParts(text, 'seed')() * 4_294_967_293);
}

async function answer(seed: number, png: Buffer, format: 'png' | 'jpeg' | 'webp'): Promise<StabilityAnswer> {
  const encoded = format === 'png' ? png : await sharp(png).toFormat(format).toBuffer();
  return { seeds: [seed], finish_reasons: [null], images: [encoded.toString('base64')] };
}
