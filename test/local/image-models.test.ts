import { BedrockRuntimeClient, InvokeModelCommand } from '@aws-sdk/client-bedrock-runtime';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalBedrock, startLocalBedrock } from '../../src/local/bedrock/bedrock-server.js';

let bedrock: LocalBedrock;
let client: BedrockRuntimeClient;

beforeAll(async () => {
  bedrock = await startLocalBedrock();
  process.env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME = bedrock.endpoint;
  process.env.AWS_ACCESS_KEY_ID = 'test';
  process.env.AWS_SECRET_ACCESS_KEY = 'test';
  client = new BedrockRuntimeClient({ region: 'us-east-1', maxAttempts: 1 });
});
afterAll(async () => {
  client?.destroy();
  await bedrock?.close();
});

async function invoke(
  modelId: string,
  body: object,
): Promise<{ images: string[]; seeds?: number[]; finish_reasons?: unknown[] }> {
  const output = await client.send(
    new InvokeModelCommand({
      modelId,
      contentType: 'application/json',
      accept: 'application/json',
      body: JSON.stringify(body),
    }),
  );
  return JSON.parse(new TextDecoder().decode(output.body));
}

async function failure(modelId: string, body: object): Promise<{ name: string; message: string }> {
  return invoke(modelId, body).then(
    () => ({ name: 'none', message: 'no error' }),
    (e: Error) => ({ name: e.name, message: e.message }),
  );
}

const nova = 'amazon.nova-canvas-v1:0';
const text = (prompt: string, config: object = {}) => ({
  taskType: 'TEXT_IMAGE',
  textToImageParams: { text: prompt },
  imageGenerationConfig: { width: 512, height: 512, seed: 7, ...config },
});
const raw = async (b64: string) =>
  sharp(Buffer.from(b64, 'base64')).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
const meanAbsDiff = (a: Buffer, b: Buffer) =>
  a.reduce((sum, v, i) => sum + Math.abs(v - (b[i] ?? 0)), 0) / a.length;

describe('local text-to-image', () => {
  it('paints the same PNG for the same prompt and seed, and another for another seed', async () => {
    const [a, b, c] = await Promise.all([
      invoke(nova, text('a lighthouse')),
      invoke(nova, text('a lighthouse')),
      invoke(nova, text('a lighthouse', { seed: 8 })),
    ]);
    expect(a.images[0]).toBe(b.images[0]);
    expect(a.images[0]).not.toBe(c.images[0]);
    const meta = await sharp(Buffer.from(a.images[0] ?? '', 'base64')).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 512, 512]);
  });

  it('returns numberOfImages different pictures', async () => {
    const answer = await invoke(nova, text('a lighthouse', { numberOfImages: 3 }));
    expect(new Set(answer.images).size).toBe(3);
  });

  it('changes the palette with a style', async () => {
    const plain = await raw((await invoke(nova, text('a harbour'))).images[0] ?? '');
    const neon = await raw(
      (
        await invoke('stability.stable-image-core-v1:1', {
          prompt: 'a harbour',
          style_preset: 'neon-punk',
          seed: 7,
        })
      ).images[0] ?? '',
    );
    const sketch = await raw(
      (
        await invoke(nova, {
          ...text('a harbour'),
          textToImageParams: { text: 'a harbour', style: 'DESIGN_SKETCH' },
        })
      ).images[0] ?? '',
    );
    const mean = async (image: Awaited<ReturnType<typeof raw>>) =>
      (await sharp(image.data, { raw: image.info }).stats()).channels
        .slice(0, 3)
        .map((c) => Math.round(c.mean));
    const [p, n, s] = await Promise.all([mean(plain), mean(neon), mean(sketch)]);
    expect(n).not.toEqual(p);
    expect(Math.max(...(s ?? [])) - Math.min(...(s ?? []))).toBeLessThan(3);
  });

  it('answers Stability with seeds and null finish reasons, sized by aspect ratio', async () => {
    const answer = await invoke('stability.sd3-5-large-v1:0', {
      prompt: 'a fox',
      aspect_ratio: '16:9',
      seed: 42,
    });
    expect(answer.seeds).toEqual([42]);
    expect(answer.finish_reasons).toEqual([null]);
    const meta = await sharp(Buffer.from(answer.images[0] ?? '', 'base64')).metadata();
    expect([meta.width, meta.height]).toEqual([1344, 768]);
  });
});

describe('local validation, worded like Bedrock', () => {
  it('rejects an over-long prompt', async () => {
    const error = await failure(nova, text('x'.repeat(1025)));
    expect(error.name).toBe('ValidationException');
    expect(error.message).toBe(
      'Malformed input request: #/textToImageParams/text: expected maxLength: 1024, actual: 1025, please reformat your input and try again.',
    );
  });

  it('rejects sizes the model cannot make', async () => {
    expect((await failure(nova, text('a cat', { width: 1000, height: 1000 }))).message).toContain(
      'multiple of 16',
    );
    expect((await failure(nova, text('a cat', { width: 4096, height: 4096 }))).message).toContain(
      '4,194,304 pixels',
    );
    expect(
      (await failure('amazon.titan-image-generator-v2:0', text('a cat', { width: 640, height: 640 })))
        .message,
    ).toContain('640x640 is not a supported image size');
  });

  it('rejects seeds out of range, unknown keys and styles', async () => {
    expect((await failure(nova, text('a cat', { seed: 858_993_460 }))).message).toContain(
      '858993460 is not less or equal to 858993459',
    );
    expect(
      (
        await failure('amazon.titan-image-generator-v2:0', {
          ...text('a cat'),
          textToImageParams: { text: 'a cat', style: 'PHOTOREALISM' },
        })
      ).message,
    ).toContain('extraneous key [style] is not permitted');
    expect(
      (await failure(nova, { ...text('a cat'), textToImageParams: { text: 'a cat', style: 'CRAYON' } }))
        .message,
    ).toContain('"CRAYON" is not a valid enum value');
    expect(
      (await failure('stability.sd3-5-large-v1:0', { prompt: 'a fox', aspect_ratio: '7:3' })).message,
    ).toContain('#/aspect_ratio');
  });

  it('wants exactly one of maskPrompt and maskImage, and an image it can decode', async () => {
    const { images } = await invoke(nova, text('a lake'));
    const source = images[0] ?? '';
    expect(
      (await failure(nova, { taskType: 'INPAINTING', inPaintingParams: { image: source, text: 'boats' } }))
        .message,
    ).toContain('exactly one of maskPrompt or maskImage');
    expect(
      (
        await failure(nova, {
          taskType: 'BACKGROUND_REMOVAL',
          backgroundRemovalParams: { image: Buffer.from('hello').toString('base64') },
        })
      ).message,
    ).toContain('unable to decode the image');
  });

  it('blocks what a content filter would, the way Bedrock reports it', async () => {
    expect((await failure(nova, text('nsfw'))).message).toContain('blocked by our content filters');
    const stability = await invoke('stability.stable-image-ultra-v1:1', { prompt: 'gore', seed: 1 });
    expect(stability.finish_reasons).toEqual(['Filter reason: prompt']);
    expect(stability.images).toEqual([]);
  });
});

describe('local edits change only what they should', () => {
  let source: string;
  beforeAll(async () => {
    source = (await invoke(nova, text('a mountain lake', { width: 512, height: 512 }))).images[0] ?? '';
  });

  it('inpaints only inside a painted mask (black marks the area for Amazon models)', async () => {
    const mask = await sharp({ create: { width: 512, height: 512, channels: 3, background: '#ffffff' } })
      .composite([
        {
          input: { create: { width: 200, height: 200, channels: 3, background: '#000000' } },
          left: 100,
          top: 100,
        },
      ])
      .png()
      .toBuffer();
    const { images } = await invoke(nova, {
      taskType: 'INPAINTING',
      inPaintingParams: { image: source, text: 'a red boat', maskImage: mask.toString('base64') },
      imageGenerationConfig: { seed: 3 },
    });
    const [before, after] = [await raw(source), await raw(images[0] ?? '')];
    let outsideChanged = 0;
    let insideChanged = 0;
    for (let y = 0; y < 512; y++) {
      for (let x = 0; x < 512; x++) {
        const i = (y * 512 + x) * 4;
        const changed = [0, 1, 2].some((c) => before.data[i + c] !== after.data[i + c]);
        const inside = x >= 100 && x < 300 && y >= 100 && y < 300;
        if (changed && inside) insideChanged++;
        if (changed && !inside) outsideChanged++;
      }
    }
    expect(outsideChanged).toBe(0);
    expect(insideChanged).toBeGreaterThan(200 * 200 * 0.3);
  });

  it('removes the background into transparency and keeps the subject', async () => {
    const { images } = await invoke(nova, {
      taskType: 'BACKGROUND_REMOVAL',
      backgroundRemovalParams: { image: source },
    });
    const { data } = await raw(images[0] ?? '');
    const alphaAt = (x: number, y: number) => data[(y * 512 + x) * 4 + 3];
    expect(alphaAt(2, 200)).toBe(0);
    expect(alphaAt(509, 200)).toBe(0);
    const opaque = data.filter((_, i) => i % 4 === 3 && data[i] === 255).length;
    expect(opaque).toBeGreaterThan(512 * 512 * 0.05);
  });

  it('keeps variations close to the source, closer than a new picture', async () => {
    const { images } = await invoke(nova, {
      taskType: 'IMAGE_VARIATION',
      imageVariationParams: { images: [source], text: 'a mountain lake', similarityStrength: 0.9 },
      imageGenerationConfig: { seed: 11 },
    });
    const other = (await invoke(nova, text('a desert road'))).images[0] ?? '';
    const [s, v, o] = await Promise.all([raw(source), raw(images[0] ?? ''), raw(other)]);
    const toVariation = meanAbsDiff(s.data, v.data);
    expect(toVariation).toBeGreaterThan(0);
    expect(toVariation).toBeLessThan(meanAbsDiff(s.data, o.data) / 2);
  });

  it('outpaints around a kept area and extends a canvas by margins', async () => {
    const { images } = await invoke('stability.stable-outpaint-v1:0', {
      image: source,
      left: 128,
      up: 64,
      prompt: 'more lake',
    });
    const grown = await raw(images[0] ?? '');
    expect([grown.info.width, grown.info.height]).toEqual([640, 576]);
    const original = await raw(source);
    const row = (img: Buffer, width: number, y: number, x0: number) =>
      img.subarray((y * width + x0) * 4, (y * width + x0 + 512) * 4);
    expect(row(grown.data, 640, 64 + 300, 128).equals(row(original.data, 512, 300, 0))).toBe(true);
  });

  it('upscales 4x with the fast upscaler and transfers colours from a style image', async () => {
    const small = await sharp(Buffer.from(source, 'base64')).resize(256, 256).png().toBuffer();
    const up = await invoke('stability.stable-fast-upscale-v1:0', { image: small.toString('base64') });
    expect((await sharp(Buffer.from(up.images[0] ?? '', 'base64')).metadata()).width).toBe(1024);

    const red = await sharp({ create: { width: 256, height: 256, channels: 3, background: '#d62828' } })
      .png()
      .toBuffer();
    const styled = await invoke('stability.stable-style-transfer-v1:0', {
      init_image: source,
      style_image: red.toString('base64'),
    });
    const { channels } = await sharp(Buffer.from(styled.images[0] ?? '', 'base64')).stats();
    expect(channels[0]?.mean ?? 0).toBeGreaterThan((channels[1]?.mean ?? 0) + 50);
  });
});
