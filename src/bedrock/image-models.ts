import { z } from 'zod';
import type { ImageModelSpec } from './image-catalog.js';
import type { ImageBytes, ImageTask } from './images.js';

/**
 * The native InvokeModel bodies of each image model family, and zod schemas of what they answer.
 * Amazon (Nova Canvas, Titan Image v2) share the taskType body; Stability uses flat snake_case bodies,
 * one image per call.
 */

const b64 = (image: ImageBytes) => Buffer.from(image.data).toString('base64');
const opt = <T>(key: string, value: T | undefined) =>
  value === undefined || value === '' ? {} : { [key]: value };

/** One InvokeModel body per call; several for Stability when more than one image is wanted. */
export function buildImageBodies(spec: ImageModelSpec, task: ImageTask): object[] {
  if (spec.family === 'amazon') return [amazonBody(spec, task)];
  const count = 'count' in task ? task.count : 1;
  const seed = 'seed' in task ? task.seed : 0;
  return Array.from({ length: count }, (_, i) =>
    spec.family === 'stability'
      ? stabilityBody(spec, task, seed + i)
      : serviceBody(spec, task, seed === 0 ? 0 : seed + i),
  );
}

function amazonBody(spec: ImageModelSpec, task: ImageTask): object {
  const isNova = spec.id.startsWith('amazon.nova');
  const config = (width: number, height: number, count: number, seed: number) => ({
    imageGenerationConfig: { numberOfImages: count, width, height, quality: 'standard', seed },
  });
  const negative = 'negativePrompt' in task ? opt('negativeText', task.negativePrompt) : {};
  switch (task.operation) {
    case 'text-to-image':
      return {
        taskType: 'TEXT_IMAGE',
        textToImageParams: { text: task.prompt, ...negative, ...(isNova ? opt('style', task.style) : {}) },
        ...config(task.width, task.height, task.count, task.seed),
      };
    case 'image-to-image':
    case 'variation': {
      // Amazon models have no strength; IMAGE_VARIATION's similarityStrength (0.2–1) is its inverse.
      const similarity =
        task.operation === 'variation' ? task.similarity : Math.min(1, Math.max(0.2, 1 - task.strength));
      return {
        taskType: 'IMAGE_VARIATION',
        imageVariationParams: {
          images: [b64(task.image)],
          text: task.prompt,
          ...negative,
          similarityStrength: similarity,
        },
        ...config(task.image.width, task.image.height, task.count, task.seed),
      };
    }
    case 'inpaint':
      return {
        taskType: 'INPAINTING',
        inPaintingParams: {
          image: b64(task.image),
          text: task.prompt,
          ...negative,
          ...('prompt' in task.mask
            ? { maskPrompt: task.mask.prompt }
            : { maskImage: b64(task.mask.images.blackEdits) }),
        },
        ...config(task.image.width, task.image.height, task.count, task.seed),
      };
    case 'outpaint':
      return {
        taskType: 'OUTPAINTING',
        outPaintingParams: {
          image: b64(task.canvas.image),
          text: task.prompt,
          ...negative,
          maskImage: b64(task.canvas.keepMask),
          outPaintingMode: 'DEFAULT',
        },
        ...config(task.canvas.image.width, task.canvas.image.height, task.count, task.seed),
      };
    case 'remove-background':
      return { taskType: 'BACKGROUND_REMOVAL', backgroundRemovalParams: { image: b64(task.image) } };
    case 'style-transfer':
      if (task.styleImage !== undefined) {
        return {
          taskType: 'IMAGE_VARIATION',
          imageVariationParams: {
            images: [b64(task.image), b64(task.styleImage)],
            text: task.prompt,
            ...negative,
            similarityStrength: 0.6,
          },
          ...config(task.image.width, task.image.height, task.count, task.seed),
        };
      }
      // Keep the composition (edge map of the source) and redraw it in the style.
      return {
        taskType: 'TEXT_IMAGE',
        textToImageParams: {
          text: task.prompt,
          ...negative,
          ...(isNova ? opt('style', task.style) : {}),
          conditionImage: b64(task.image),
          controlMode: 'CANNY_EDGE',
          controlStrength: 0.8,
        },
        ...config(task.image.width, task.image.height, task.count, task.seed),
      };
    case 'upscale':
      throw new Error(`${spec.id} cannot upscale`);
  }
}

function aspectRatioOf(spec: ImageModelSpec, width: number, height: number): string {
  if (spec.size.kind !== 'aspect') return '1:1';
  const found = Object.entries(spec.size.ratios).find(
    ([, [w, h]]) => Math.abs(w / h - width / height) < 0.02,
  );
  return found?.[0] ?? '1:1';
}

function stabilityBody(spec: ImageModelSpec, task: ImageTask, seed: number): object {
  const common = { seed, output_format: 'png' };
  switch (task.operation) {
    case 'text-to-image':
      return {
        prompt: task.prompt,
        ...opt('negative_prompt', task.negativePrompt),
        mode: 'text-to-image',
        aspect_ratio: aspectRatioOf(spec, task.width, task.height),
        ...(spec.styles.length > 0 ? opt('style_preset', task.style) : {}),
        ...common,
      };
    case 'image-to-image':
    case 'variation':
      return {
        prompt: task.prompt,
        ...opt('negative_prompt', task.negativePrompt),
        mode: 'image-to-image',
        image: b64(task.image),
        strength: task.operation === 'variation' ? Math.max(0, 1 - task.similarity) : task.strength,
        ...common,
      };
    default:
      throw new Error(`${spec.id} cannot run ${task.operation}`);
  }
}

function serviceBody(spec: ImageModelSpec, task: ImageTask, seed: number): object {
  const common = { seed, output_format: 'png' };
  const negative = 'negativePrompt' in task ? opt('negative_prompt', task.negativePrompt) : {};
  const style = 'style' in task ? opt('style_preset', task.style) : {};
  if (task.operation === 'inpaint' && spec.service === 'search-replace' && 'prompt' in task.mask) {
    return {
      image: b64(task.image),
      prompt: task.prompt,
      search_prompt: task.mask.prompt,
      ...negative,
      ...style,
      ...common,
    };
  }
  if (task.operation === 'inpaint' && 'images' in task.mask) {
    const mask = b64(task.mask.images.whiteEdits);
    return { image: b64(task.image), mask, prompt: task.prompt, ...negative, ...style, ...common };
  }
  if (task.operation === 'outpaint') {
    return { image: b64(task.image), ...task.extend, prompt: task.prompt, ...style, ...common };
  }
  if (task.operation === 'remove-background') return { image: b64(task.image), output_format: 'png' };
  if (task.operation === 'style-transfer' && task.styleImage !== undefined) {
    const prompt = opt('prompt', task.prompt);
    return {
      init_image: b64(task.image),
      style_image: b64(task.styleImage),
      ...prompt,
      ...negative,
      ...common,
    };
  }
  if (task.operation === 'upscale' && spec.service === 'fast-upscale') {
    return { image: b64(task.image), output_format: 'png' };
  }
  if (task.operation === 'upscale') return { image: b64(task.image), prompt: task.prompt, ...common };
  throw new Error(`${spec.id} cannot run ${task.operation}`);
}

/** `{images, error}` from Nova Canvas and Titan. */
export const amazonImageResponse = z.object({
  images: z.array(z.string().min(1)).default([]),
  error: z.string().nullish(),
});

/** `{seeds, finish_reasons, images}` from Stability models and services. */
export const stabilityImageResponse = z.object({
  seeds: z.array(z.number()).default([]),
  finish_reasons: z.array(z.string().nullable()).default([]),
  images: z.array(z.string()).default([]),
});
