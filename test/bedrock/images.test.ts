import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBedrockImageGateway, type ImageBytes, type ImageGateway } from '../../src/bedrock/images.js';
import { StrataError } from '../../src/errors.js';
import { type LocalBedrock, startLocalBedrock } from '../../src/local/bedrock/bedrock-server.js';
import { type DualServer, listenDual } from '../../src/local/bedrock/dual-protocol-server.js';

let bedrock: LocalBedrock;
let gateway: ImageGateway;

beforeAll(async () => {
  bedrock = await startLocalBedrock();
  process.env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME = bedrock.endpoint;
  process.env.AWS_ACCESS_KEY_ID = 'test';
  process.env.AWS_SECRET_ACCESS_KEY = 'test';
  gateway = createBedrockImageGateway({ region: 'us-east-1', maxAttempts: 1 });
});
afterAll(async () => {
  gateway?.destroy();
  await bedrock?.close();
});

async function sourceImage(width = 512, height = 512): Promise<ImageBytes> {
  const png = await sharp({ create: { width, height, channels: 3, background: '#3366cc' } })
    .png()
    .toBuffer();
  return { data: png, width, height };
}

describe('the Bedrock image gateway', () => {
  it('sends Nova Canvas a TEXT_IMAGE body with negative text and style, and returns the PNGs', async () => {
    const result = await gateway.generate('amazon.nova-canvas-v1:0', {
      operation: 'text-to-image',
      prompt: 'a lighthouse',
      negativePrompt: 'people',
      style: 'DESIGN_SKETCH',
      width: 640,
      height: 384,
      seed: 99,
      count: 2,
    });
    expect(bedrock.requests.at(-1)?.body).toEqual({
      taskType: 'TEXT_IMAGE',
      textToImageParams: { text: 'a lighthouse', negativeText: 'people', style: 'DESIGN_SKETCH' },
      imageGenerationConfig: { numberOfImages: 2, width: 640, height: 384, quality: 'standard', seed: 99 },
    });
    expect(result.images.map((i) => i.seed)).toEqual([99, 99]);
    const meta = await sharp(result.images[0]?.png).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 640, 384]);
  });

  it('leaves out the style for Titan Image v2, which has none', async () => {
    await gateway.generate('amazon.titan-image-generator-v2:0', {
      operation: 'text-to-image',
      prompt: 'a lighthouse',
      style: 'DESIGN_SKETCH',
      width: 1024,
      height: 1024,
      seed: 1,
      count: 1,
    });
    expect(bedrock.requests.at(-1)?.body).toMatchObject({ textToImageParams: { text: 'a lighthouse' } });
    expect(JSON.stringify(bedrock.requests.at(-1)?.body)).not.toContain('style');
  });

  it('puts the mask prompt and the source image in an INPAINTING body', async () => {
    const image = await sourceImage();
    await gateway.generate('amazon.nova-canvas-v1:0', {
      operation: 'inpaint',
      image,
      prompt: 'a sunset',
      mask: { prompt: 'the sky' },
      seed: 5,
      count: 1,
    });
    expect(bedrock.requests.at(-1)?.body).toEqual({
      taskType: 'INPAINTING',
      inPaintingParams: {
        image: Buffer.from(image.data).toString('base64'),
        text: 'a sunset',
        maskPrompt: 'the sky',
      },
      imageGenerationConfig: { numberOfImages: 1, width: 512, height: 512, quality: 'standard', seed: 5 },
    });
  });

  it('makes one Stability call per image, with consecutive seeds, and reads the seeds back', async () => {
    const before = bedrock.requests.length;
    const result = await gateway.generate('stability.sd3-5-large-v1:0', {
      operation: 'text-to-image',
      prompt: 'a fox',
      negativePrompt: 'blur',
      width: 1344,
      height: 768,
      seed: 10,
      count: 2,
    });
    const bodies = bedrock.requests.slice(before).map((r) => r.body);
    expect(bodies).toEqual(
      expect.arrayContaining([
        {
          prompt: 'a fox',
          negative_prompt: 'blur',
          mode: 'text-to-image',
          aspect_ratio: '16:9',
          seed: 10,
          output_format: 'png',
        },
        {
          prompt: 'a fox',
          negative_prompt: 'blur',
          mode: 'text-to-image',
          aspect_ratio: '16:9',
          seed: 11,
          output_format: 'png',
        },
      ]),
    );
    expect(result.images.map((i) => i.seed).sort()).toEqual([10, 11]);
  });

  it('reports a content-filtered Nova request plainly', async () => {
    const failure = await gateway
      .generate('amazon.nova-canvas-v1:0', {
        operation: 'text-to-image',
        prompt: 'nsfw poster',
        width: 1024,
        height: 1024,
        seed: 1,
        count: 1,
      })
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(StrataError);
    expect((failure as StrataError).userMessage).toBe(
      ":no_entry_sign: Amazon Bedrock's content filters blocked this request. Try rephrasing the prompt or using a different image.",
    );
  });

  it('reports a Stability finish reason of "Filter reason: prompt" plainly', async () => {
    const failure = await gateway
      .generate('stability.stable-image-core-v1:1', {
        operation: 'text-to-image',
        prompt: 'gore',
        width: 1024,
        height: 1024,
        seed: 1,
        count: 1,
      })
      .catch((e: unknown) => e);
    expect((failure as StrataError).userMessage).toContain('content filters blocked this request');
  });

  it("passes a model's ValidationException through with its own words", async () => {
    const failure = await gateway
      .generate('amazon.titan-image-generator-v2:0', {
        operation: 'text-to-image',
        prompt: 'x'.repeat(600),
        width: 1024,
        height: 1024,
        seed: 1,
        count: 1,
      })
      .catch((e: unknown) => e);
    expect((failure as StrataError).code).toBe('model_validation');
    expect((failure as StrataError).userMessage).toContain('expected maxLength: 512, actual: 600');
  });

  it('refuses an operation the model does not have before calling Bedrock', async () => {
    const before = bedrock.requests.length;
    const failure = await gateway
      .generate('stability.sd3-5-large-v1:0', { operation: 'remove-background', image: await sourceImage() })
      .catch((e: unknown) => e);
    expect((failure as StrataError).code).toBe('bad_input');
    expect(bedrock.requests.length).toBe(before);
  });
});

describe('responses the gateway does not trust', () => {
  let server: DualServer;
  let odd: ImageGateway;

  beforeAll(async () => {
    // Speaks HTTP/1.1 and h2c like the SDK expects, but answers every call with a body of the wrong shape.
    server = await listenDual(
      (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ images: 'not-a-list' }));
      },
      0,
      '127.0.0.1',
    );
    process.env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME = `http://127.0.0.1:${server.port}`;
    odd = createBedrockImageGateway({ region: 'us-east-1', maxAttempts: 1 });
  });
  afterAll(async () => {
    process.env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME = bedrock.endpoint;
    odd?.destroy();
    await server?.close();
  });

  it('turns a malformed image response into a retryable model error', async () => {
    const failure = await odd
      .generate('amazon.nova-canvas-v1:0', {
        operation: 'text-to-image',
        prompt: 'a cat',
        width: 1024,
        height: 1024,
        seed: 1,
        count: 1,
      })
      .catch((e: unknown) => e);
    expect((failure as StrataError).code).toBe('model_error');
    expect((failure as StrataError).retryable).toBe(true);
  });
});
