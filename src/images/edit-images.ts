import sharp from 'sharp';
import type { ImageModelSpec, OperationNeeds } from '../bedrock/image-catalog.js';
import type { ImageBytes, ImageTask } from '../bedrock/images.js';
import { type Produced, s3KeyFor, storeAndShare } from './deliver-images.js';
import { checkLength, MAX_COUNT } from './generation-plan.js';
import type { ImageDeps } from './image-feature.js';
import { maskFromUpload, outpaintCanvas, prepareInput, sameSize } from './image-input.js';
import { badInput, intOption, strengthOption } from './image-options.js';
import type { EditParams, ImageRecord } from './image-records.js';
import { styleFor, styleInText } from './image-styles.js';
import type { EditIntent } from './mention-intent.js';
import { callImageModel } from './model-call.js';
import { chooseModel, randomSeed } from './model-choice.js';

/** An image to work from: bytes plus what Strata knows about where it came from. */
export interface SourceImage {
  bytes: Uint8Array;
  name: string;
  /** Set when Strata made it. */
  record?: ImageRecord | undefined;
  /** Set when it is a file a person shared. */
  fileId?: string | undefined;
}

export interface EditOptions {
  model?: string | undefined;
  seed?: string | undefined;
  negativePrompt?: string | undefined;
  strength?: string | undefined;
  count?: string | undefined;
}

export interface EditInput {
  edit: EditIntent;
  options: EditOptions;
  source: SourceImage;
  mask?: SourceImage | undefined;
  styleImage?: SourceImage | undefined;
  channel: string;
  threadTs: string;
  user: string;
  /** Regenerate keeps the model that made the image. */
  preferModel?: string | undefined;
}

const DEFAULT_STRENGTH = 0.6;

export function needsOf(edit: EditIntent): OperationNeeds {
  if (edit.operation === 'inpaint') return { maskFrom: edit.maskPrompt === undefined ? 'image' : 'prompt' };
  if (edit.operation === 'style-transfer') return { styleFrom: edit.fromImage ? 'image' : 'preset' };
  return {};
}

/** Runs one edit of an image and shares the results in the thread, recording their lineage. */
export async function runEdit(input: EditInput, deps: ImageDeps): Promise<void> {
  const { images } = deps;
  const { spec, modelId } = chooseModel(input.edit.operation, needsOf(input.edit), {
    explicit: input.options.model,
    source: input.preferModel ?? input.source.record?.modelId,
    fallback: images.settings.modelId,
  });
  const image = await prepareInput(input.source.bytes, spec.input, input.source.name);
  const seed =
    input.options.seed === undefined
      ? randomSeed(spec, images.random)
      : intOption('seed', input.options.seed, 0, spec.seedMax, ` for ${spec.name}`);
  const count =
    input.options.count === undefined
      ? input.edit.operation === 'variation'
        ? 2
        : 1
      : intOption('count', input.options.count, 1, MAX_COUNT);
  const negativePrompt = input.options.negativePrompt?.trim() || undefined;
  if (negativePrompt) checkLength('negative prompt', negativePrompt, spec, false);
  const built = await buildTask(input, spec, image, { seed, count, negativePrompt });
  if ('prompt' in built.task && built.task.prompt) checkLength('prompt', built.task.prompt, spec, false);

  deps.logger.info({ channel: input.channel, model: modelId, operation: input.edit.operation }, 'image edit');
  const result = await callImageModel(deps, input, modelId, built.task);
  const createdAt = images.now().toISOString();
  const outputs: Produced[] = await Promise.all(
    result.images.map(async ({ png, seed: used }) => {
      const { width = image.width, height = image.height } = await sharp(png).metadata();
      const imageId = images.newId();
      const parent = input.source.record;
      return {
        png,
        record: {
          imageId,
          channel: input.channel,
          threadTs: input.threadTs,
          user: input.user,
          operation: input.edit.operation,
          prompt: built.shown,
          ...(negativePrompt ? { negativePrompt } : {}),
          ...(built.style ? { style: built.style } : {}),
          modelId,
          seed: used,
          width,
          height,
          s3Key: s3KeyFor(input.channel, imageId),
          ...(parent ? { parentImageId: parent.imageId } : {}),
          ...(!parent && input.source.fileId ? { parentFileId: input.source.fileId } : {}),
          ...(Object.keys(built.params).length > 0 ? { params: built.params } : {}),
          createdAt,
        },
      };
    }),
  );
  await storeAndShare(deps, outputs);
}

interface Built {
  task: ImageTask;
  /** The prompt as shown in Slack. */
  shown: string;
  style?: string;
  params: EditParams;
}

async function buildTask(
  input: EditInput,
  spec: ImageModelSpec,
  image: ImageBytes,
  common: { seed: number; count: number; negativePrompt: string | undefined },
): Promise<Built> {
  const { edit } = input;
  const { seed, count } = common;
  const negative = common.negativePrompt ? { negativePrompt: common.negativePrompt } : {};
  const earlier = input.source.record?.prompt;
  switch (edit.operation) {
    case 'image-to-image': {
      if (edit.prompt === '')
        throw badInput('Tell me how to change it, e.g. `make it a watercolor --strength 0.6`.');
      const strength =
        input.options.strength === undefined ? DEFAULT_STRENGTH : strengthOption(input.options.strength);
      const style = styleInText(edit.prompt);
      const prompt = style ? `${edit.prompt}, ${style.hint}` : edit.prompt;
      const task: ImageTask = {
        operation: 'image-to-image',
        image,
        prompt,
        ...negative,
        strength,
        seed,
        count,
      };
      return { task, shown: edit.prompt, ...(style ? { style: style.name } : {}), params: { strength } };
    }
    case 'variation': {
      const prompt = edit.prompt || earlier || 'a close variation of this image';
      const similarity =
        input.options.strength === undefined
          ? 0.7
          : Math.min(1, Math.max(0.2, 1 - strengthOption(input.options.strength)));
      return {
        task: { operation: 'variation', image, prompt, ...negative, similarity, seed, count },
        shown: prompt,
        params: { similarity },
      };
    }
    case 'inpaint': {
      if (edit.prompt === '')
        throw badInput('Tell me what to paint in, e.g. `replace the sky with a sunset`.');
      if (edit.maskPrompt !== undefined) {
        const task: ImageTask = {
          operation: 'inpaint',
          image,
          prompt: edit.prompt,
          ...negative,
          mask: { prompt: edit.maskPrompt },
          seed,
          count,
        };
        return { task, shown: edit.prompt, params: { maskPrompt: edit.maskPrompt } };
      }
      if (input.mask === undefined) throw badInput(NO_MASK);
      const images = await maskFromUpload(input.mask.bytes, image, input.mask.name);
      const task: ImageTask = {
        operation: 'inpaint',
        image,
        prompt: edit.prompt,
        ...negative,
        mask: { images },
        seed,
        count,
      };
      return { task, shown: edit.prompt, params: input.mask.fileId ? { maskFileId: input.mask.fileId } : {} };
    }
    case 'outpaint': {
      const prompt = edit.prompt || earlier || 'continue the scene naturally';
      const grown = await outpaintCanvas(image, edit.sides, spec.input);
      const task: ImageTask = { operation: 'outpaint', ...grown, prompt, ...negative, seed, count };
      return { task, shown: prompt, params: { sides: edit.sides } };
    }
    case 'remove-background':
      return { task: { operation: 'remove-background', image }, shown: '', params: {} };
    case 'style-transfer':
      return styleTask(input, spec, image, { seed, count, negative });
    case 'upscale':
      return {
        task: { operation: 'upscale', image, prompt: earlier || 'high quality, sharp details', seed },
        shown: earlier ?? '',
        params: {},
      };
  }
}

async function styleTask(
  input: EditInput,
  spec: ImageModelSpec,
  image: ImageBytes,
  common: { seed: number; count: number; negative: { negativePrompt?: string } },
): Promise<Built> {
  const { edit } = input;
  if (edit.operation !== 'style-transfer') throw new Error('not a style transfer');
  const base = edit.prompt || input.source.record?.prompt || 'the same picture';
  if (edit.fromImage) {
    if (input.styleImage === undefined) throw badInput(NO_STYLE_IMAGE);
    // Same size as the source: some models want every image of a variation request alike.
    const look = await prepareInput(input.styleImage.bytes, spec.input, input.styleImage.name);
    const styleImage = await sameSize(look, image);
    const ref = input.styleImage.record
      ? { imageId: input.styleImage.record.imageId }
      : input.styleImage.fileId
        ? { fileId: input.styleImage.fileId }
        : {};
    const task: ImageTask = {
      operation: 'style-transfer',
      image,
      prompt: base,
      ...common.negative,
      styleImage,
      seed: common.seed,
      count: common.count,
    };
    return { task, shown: base, params: { styleImage: ref } };
  }
  if (edit.style === undefined)
    throw badInput('Which style? e.g. `apply the watercolor style` or `--style sketch`.');
  const styled = styleFor(spec, edit.style);
  const prompt = styled.hint ? `${base}, ${styled.hint}` : base;
  const task: ImageTask = {
    operation: 'style-transfer',
    image,
    prompt,
    ...common.negative,
    ...(styled.native ? { style: styled.native } : {}),
    seed: common.seed,
    count: common.count,
  };
  return { task, shown: base, style: edit.style.name, params: {} };
}

export const NO_MASK =
  'To inpaint without words, upload a mask image to this thread (a file with "mask" in its name, white where to change), or say what to replace: `replace the sky with a sunset`.';
export const NO_STYLE_IMAGE =
  'I need a second image in this thread to copy the style from. Upload it here and mention me again.';
