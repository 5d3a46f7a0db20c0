import { describe, expect, it } from 'vitest';
import { canRunOperation, findImageModel, type ImageModelSpec } from '../../src/bedrock/image-catalog.js';
import { buildImageBodies } from '../../src/bedrock/image-models.js';
import type { ImageBytes } from '../../src/bedrock/images.js';

const image = (tag: string, width = 512, height = 512): ImageBytes => ({
  data: Buffer.from(tag),
  width,
  height,
});
const b64 = (tag: string) => Buffer.from(tag).toString('base64');

function spec(id: string): ImageModelSpec {
  const found = findImageModel(id);
  if (found === undefined) throw new Error(`no spec for ${id}`);
  return found;
}

describe('image model lookup', () => {
  it('finds a model by id, by inference profile id and by alias', () => {
    expect(findImageModel('us.amazon.nova-canvas-v1:0')?.name).toBe('Nova Canvas');
    expect(findImageModel('sd3.5')?.id).toBe('stability.sd3-5-large-v1:0');
    expect(findImageModel('stability.stable-image-core-v1:0')?.name).toBe('Stable Image Core');
    expect(findImageModel('anthropic.claude-3-haiku')).toBeUndefined();
  });

  it('knows which services need a mask image and which need words', () => {
    const inpaint = spec('stability.stable-image-inpaint-v1:0');
    const searchReplace = spec('stability.stable-image-search-replace-v1:0');
    expect(canRunOperation(inpaint, 'inpaint', { maskFrom: 'image' })).toBe(true);
    expect(canRunOperation(inpaint, 'inpaint', { maskFrom: 'prompt' })).toBe(false);
    expect(canRunOperation(searchReplace, 'inpaint', { maskFrom: 'prompt' })).toBe(true);
    expect(canRunOperation(spec('sd3.5'), 'inpaint', { maskFrom: 'prompt' })).toBe(false);
    expect(canRunOperation(spec('nova'), 'upscale')).toBe(false);
  });
});

describe('Amazon bodies', () => {
  it('express image-to-image strength as IMAGE_VARIATION similarity, kept within 0.2–1', () => {
    const [strong] = buildImageBodies(spec('nova'), {
      operation: 'image-to-image',
      image: image('src'),
      prompt: 'watercolor',
      strength: 0.9,
      seed: 3,
      count: 1,
    });
    expect(strong).toMatchObject({
      taskType: 'IMAGE_VARIATION',
      imageVariationParams: { images: [b64('src')], text: 'watercolor', similarityStrength: 0.2 },
      imageGenerationConfig: { width: 512, height: 512, seed: 3 },
    });
  });

  it('send the padded canvas and a keep-mask for outpainting', () => {
    const [body] = buildImageBodies(spec('titan'), {
      operation: 'outpaint',
      image: image('original'),
      extend: { left: 128, right: 0, up: 0, down: 0 },
      canvas: { image: image('canvas', 640, 512), keepMask: image('keep', 640, 512) },
      prompt: 'more beach',
      seed: 1,
      count: 1,
    });
    expect(body).toEqual({
      taskType: 'OUTPAINTING',
      outPaintingParams: {
        image: b64('canvas'),
        text: 'more beach',
        maskImage: b64('keep'),
        outPaintingMode: 'DEFAULT',
      },
      imageGenerationConfig: { numberOfImages: 1, width: 640, height: 512, quality: 'standard', seed: 1 },
    });
  });

  it('send a painted mask black-for-change, and a style preset as a conditioned TEXT_IMAGE', () => {
    const [inpaint] = buildImageBodies(spec('nova'), {
      operation: 'inpaint',
      image: image('src'),
      prompt: 'stars',
      mask: { images: { blackEdits: image('black'), whiteEdits: image('white') } },
      seed: 1,
      count: 1,
    });
    expect(inpaint).toMatchObject({ inPaintingParams: { maskImage: b64('black') } });
    const [styled] = buildImageBodies(spec('nova'), {
      operation: 'style-transfer',
      image: image('src'),
      prompt: 'a harbour',
      style: 'MIDCENTURY_RETRO',
      seed: 1,
      count: 1,
    });
    expect(styled).toMatchObject({
      taskType: 'TEXT_IMAGE',
      textToImageParams: {
        text: 'a harbour',
        style: 'MIDCENTURY_RETRO',
        conditionImage: b64('src'),
        controlMode: 'CANNY_EDGE',
      },
    });
  });

  it('send background removal with only the image', () => {
    expect(buildImageBodies(spec('nova'), { operation: 'remove-background', image: image('src') })).toEqual([
      { taskType: 'BACKGROUND_REMOVAL', backgroundRemovalParams: { image: b64('src') } },
    ]);
  });
});

describe('Stability bodies', () => {
  it('use image-to-image mode with strength, and no aspect ratio', () => {
    const [body] = buildImageBodies(spec('sd3.5'), {
      operation: 'image-to-image',
      image: image('src'),
      prompt: 'oil painting',
      negativePrompt: 'text',
      strength: 0.6,
      seed: 8,
      count: 1,
    });
    expect(body).toEqual({
      prompt: 'oil painting',
      negative_prompt: 'text',
      mode: 'image-to-image',
      image: b64('src'),
      strength: 0.6,
      seed: 8,
      output_format: 'png',
    });
  });

  it('send a style preset only to models that take one', () => {
    const task = {
      operation: 'text-to-image' as const,
      prompt: 'a fox',
      style: 'anime',
      width: 1024,
      height: 1024,
      seed: 1,
      count: 1,
    };
    expect(buildImageBodies(spec('core'), task)[0]).toMatchObject({
      style_preset: 'anime',
      aspect_ratio: '1:1',
    });
    expect(buildImageBodies(spec('ultra'), task)[0]).not.toHaveProperty('style_preset');
  });

  it('speak each Image Service its own body', () => {
    const src = image('src');
    expect(
      buildImageBodies(spec('stability.stable-image-search-replace-v1:0'), {
        operation: 'inpaint',
        image: src,
        prompt: 'a sunset',
        mask: { prompt: 'sky' },
        seed: 4,
        count: 1,
      }),
    ).toEqual([
      { image: b64('src'), prompt: 'a sunset', search_prompt: 'sky', seed: 4, output_format: 'png' },
    ]);
    expect(
      buildImageBodies(spec('stability.stable-image-inpaint-v1:0'), {
        operation: 'inpaint',
        image: src,
        prompt: 'stars',
        mask: { images: { blackEdits: image('black'), whiteEdits: image('white') } },
        seed: 4,
        count: 1,
      })[0],
    ).toMatchObject({ mask: b64('white') });
    expect(
      buildImageBodies(spec('stability.stable-outpaint-v1:0'), {
        operation: 'outpaint',
        image: src,
        extend: { left: 100, right: 0, up: 50, down: 0 },
        canvas: { image: image('canvas'), keepMask: image('keep') },
        prompt: 'forest',
        seed: 2,
        count: 1,
      }),
    ).toEqual([
      {
        image: b64('src'),
        left: 100,
        right: 0,
        up: 50,
        down: 0,
        prompt: 'forest',
        seed: 2,
        output_format: 'png',
      },
    ]);
    expect(
      buildImageBodies(spec('stability.stable-style-transfer-v1:0'), {
        operation: 'style-transfer',
        image: src,
        prompt: 'a harbour',
        styleImage: image('look'),
        seed: 2,
        count: 1,
      }),
    ).toEqual([
      {
        init_image: b64('src'),
        style_image: b64('look'),
        prompt: 'a harbour',
        seed: 2,
        output_format: 'png',
      },
    ]);
    expect(
      buildImageBodies(spec('stability.stable-fast-upscale-v1:0'), {
        operation: 'upscale',
        image: src,
        prompt: '',
        seed: 0,
      }),
    ).toEqual([{ image: b64('src'), output_format: 'png' }]);
  });
});
