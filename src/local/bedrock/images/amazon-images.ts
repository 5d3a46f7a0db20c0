import { z } from 'zod';
import { InvokeModelError } from '../invoke-model-error.js';
import {
  fillFor,
  invertSelection,
  paintThrough,
  type Raster,
  removeBackground,
  restyle,
  selectionFromMask,
  transferColours,
  vary,
} from './local-edits.js';
import { regionFor } from './mask-regions.js';
import { paintImage } from './painter.js';
import { blockedByFilter } from './safety.js';
import { decodeImage, invalid, parseBody } from './validation.js';

/** The local endpoint's Nova Canvas and Titan Image Generator v2: the shared `taskType` body, validated as Bedrock does. */

interface AmazonModel {
  name: string;
  promptMax: number;
  seedMax: number;
  /** Nova Canvas only. */
  styles: readonly string[];
  input: { minSide: number; maxSide: number; maxPixels: number };
  checkSize(width: number, height: number): string | undefined;
}

const NOVA_STYLES = [
  '3D_ANIMATED_FAMILY_FILM',
  'DESIGN_SKETCH',
  'FLAT_VECTOR_ILLUSTRATION',
  'GRAPHIC_NOVEL_ILLUSTRATION',
  'MAXIMALISM',
  'MIDCENTURY_RETRO',
  'PHOTOREALISM',
  'SOFT_DIGITAL_PAINTING',
];

const TITAN_SIZES = new Set(
  '1024x1024 768x768 512x512 768x1152 384x576 1152x768 576x384 768x1280 384x640 1280x768 640x384 896x1152 448x576 1152x896 576x448 768x1408 384x704 1408x768 704x384 640x1408 320x704 1408x640 704x320 1152x640 1173x640'.split(
    ' ',
  ),
);

export const novaCanvas: AmazonModel = {
  name: 'Nova Canvas',
  promptMax: 1024,
  seedMax: 858_993_459,
  styles: NOVA_STYLES,
  input: { minSide: 320, maxSide: 4096, maxPixels: 4_194_304 },
  checkSize(width, height) {
    if ([width, height].some((side) => side < 320 || side > 4096 || side % 16 !== 0)) {
      return 'width and height must each be a multiple of 16 between 320 and 4096';
    }
    if (Math.max(width / height, height / width) > 4) return 'the aspect ratio must be between 1:4 and 4:1';
    if (width * height >= 4_194_304) return `${width}x${height} is more than the 4,194,304 pixels allowed`;
    return undefined;
  },
};

export const titanImageV2: AmazonModel = {
  name: 'Titan Image Generator v2',
  promptMax: 512,
  seedMax: 2_147_483_646,
  styles: [],
  input: { minSide: 256, maxSide: 1408, maxPixels: 1408 * 1408 },
  checkSize: (width, height) =>
    TITAN_SIZES.has(`${width}x${height}`) ? undefined : `${width}x${height} is not a supported image size`,
};

function schema(model: AmazonModel) {
  const text = z.string().min(1).max(model.promptMax);
  const image = z.string().min(1);
  const style = model.styles.length > 0 ? { style: z.enum(model.styles).optional() } : {};
  const config = z
    .strictObject({
      numberOfImages: z.number().int().min(1).max(5).default(1),
      width: z.number().int().positive().optional(),
      height: z.number().int().positive().optional(),
      quality: z.enum(['standard', 'premium']).optional(),
      cfgScale: z.number().min(1.1).max(10).optional(),
      seed: z.number().int().min(0).max(model.seedMax).default(12),
    })
    .default({ numberOfImages: 1, seed: 12 });
  const masked = {
    image,
    text: text.optional(),
    negativeText: text.optional(),
    maskPrompt: text.optional(),
    maskImage: image.optional(),
  };
  return z.discriminatedUnion('taskType', [
    z.strictObject({
      taskType: z.literal('TEXT_IMAGE'),
      textToImageParams: z.strictObject({
        text,
        negativeText: text.optional(),
        ...style,
        conditionImage: image.optional(),
        controlMode: z.enum(['CANNY_EDGE', 'SEGMENTATION']).optional(),
        controlStrength: z.number().min(0).max(1).optional(),
      }),
      imageGenerationConfig: config,
    }),
    z.strictObject({
      taskType: z.literal('IMAGE_VARIATION'),
      imageVariationParams: z.strictObject({
        images: z.array(image).min(1).max(5),
        text: text.optional(),
        negativeText: text.optional(),
        similarityStrength: z.number().min(0.2).max(1).default(0.7),
      }),
      imageGenerationConfig: config,
    }),
    z.strictObject({
      taskType: z.literal('INPAINTING'),
      inPaintingParams: z.strictObject(masked),
      imageGenerationConfig: config,
    }),
    z.strictObject({
      taskType: z.literal('OUTPAINTING'),
      outPaintingParams: z.strictObject({
        ...masked,
        outPaintingMode: z.enum(['DEFAULT', 'PRECISE']).optional(),
      }),
      imageGenerationConfig: config,
    }),
    z.strictObject({
      taskType: z.literal('BACKGROUND_REMOVAL'),
      backgroundRemovalParams: z.strictObject({ image }),
    }),
  ]);
}

const schemas = new Map<AmazonModel, ReturnType<typeof schema>>();

export async function invokeAmazon(
  model: AmazonModel,
  body: unknown,
): Promise<{ images: string[]; error: null }> {
  const known = ['TEXT_IMAGE', 'IMAGE_VARIATION', 'INPAINTING', 'OUTPAINTING', 'BACKGROUND_REMOVAL'];
  const taskType =
    typeof body === 'object' && body !== null && 'taskType' in body ? body.taskType : undefined;
  if (typeof taskType === 'string' && !known.includes(taskType)) {
    throw invalid(
      'taskType',
      `${JSON.stringify(taskType)} is not a valid enum value (the local stand-in serves ${known.join(', ')})`,
    );
  }
  const cached = schemas.get(model) ?? schema(model);
  schemas.set(model, cached);
  const request = parseBody(cached, body);
  const pngs = await render(model, request);
  return { images: pngs.map((png) => png.toString('base64')), error: null };
}

type AmazonRequest = z.output<ReturnType<typeof schema>>;

async function render(model: AmazonModel, request: AmazonRequest): Promise<Buffer[]> {
  const decode = (path: string, b64: string) =>
    decodeImage(path, b64, { formats: ['png', 'jpeg'], ...model.input });
  if (request.taskType === 'BACKGROUND_REMOVAL') {
    const source = await decode('backgroundRemovalParams/image', request.backgroundRemovalParams.image);
    return [await removeBackground(source.png)];
  }
  const { numberOfImages: count, seed } = request.imageGenerationConfig;
  const times = <T>(make: (i: number) => Promise<T>) =>
    Promise.all(Array.from({ length: count }, (_, i) => make(i)));

  if (request.taskType === 'TEXT_IMAGE') {
    const params = request.textToImageParams;
    refuseUnsafe(params.text);
    const style = 'style' in params && typeof params.style === 'string' ? params.style : undefined;
    if (params.conditionImage !== undefined) {
      const source = await decode('textToImageParams/conditionImage', params.conditionImage);
      const styled = await restyle(source.png, `${style ?? ''} ${params.text}`);
      return times((i) =>
        i === 0 ? Promise.resolve(styled) : vary({ ...source, png: styled }, params.text, seed, 0.9, i),
      );
    }
    const { width = 1024, height = 1024 } = request.imageGenerationConfig;
    const problem = model.checkSize(width, height);
    if (problem) throw invalid('imageGenerationConfig', problem);
    return times((index) =>
      paintImage({
        prompt: params.text,
        seed,
        index,
        width,
        height,
        label: model.name,
        ...(style ? { style } : {}),
      }),
    );
  }
  if (request.taskType === 'IMAGE_VARIATION') {
    const params = request.imageVariationParams;
    const prompt = params.text ?? '';
    refuseUnsafe(prompt);
    const [first, ...others] = await Promise.all(
      params.images.map((b64, i) => decode(`imageVariationParams/images/${i}`, b64)),
    );
    if (first === undefined) throw invalid('imageVariationParams/images', 'expected minimum item count: 1');
    const styleSource = others[0];
    const source: Raster = styleSource
      ? { ...first, png: await transferColours(first.png, styleSource.png) }
      : first;
    return times((i) => vary(source, prompt, seed, params.similarityStrength, i));
  }
  const inpainting = request.taskType === 'INPAINTING';
  const params = inpainting ? request.inPaintingParams : request.outPaintingParams;
  const where = inpainting ? 'inPaintingParams' : 'outPaintingParams';
  if ((params.maskPrompt === undefined) === (params.maskImage === undefined)) {
    throw invalid(where, 'exactly one of maskPrompt or maskImage is required');
  }
  const prompt = params.text ?? '';
  refuseUnsafe(prompt);
  const source = await decode(`${where}/image`, params.image);
  const { width, height } = source;
  let selection: Buffer;
  if (params.maskImage !== undefined) {
    const mask = await decode(`${where}/maskImage`, params.maskImage);
    if (mask.width !== width || mask.height !== height) {
      throw invalid(
        `${where}/maskImage`,
        `the mask is ${mask.width}x${mask.height} but the image is ${width}x${height}`,
      );
    }
    // Black marks the area to change when inpainting and the area to keep when outpainting.
    selection = await selectionFromMask(mask.png, width, height, inpainting ? 'black' : 'white');
  } else {
    const region = regionFor(params.maskPrompt ?? '', width, height);
    selection = inpainting ? region : invertSelection(region);
  }
  return times(async (i) => paintThrough(source, await fillFor(prompt, seed + i, width, height), selection));
}

function refuseUnsafe(text: string): void {
  if (blockedByFilter(text)) {
    throw new InvokeModelError(
      400,
      'ValidationException',
      'This request has been blocked by our content filters. Please adjust your text prompt to submit a new request.',
    );
  }
}
