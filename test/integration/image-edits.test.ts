import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestStrata, type TestStrata } from '../helpers/local-strata.js';

const GENERAL = 'C0GENERAL';
const ALICE = 'U0ALICE';
const BOT = '<@U0STRATA>';

let local: TestStrata;

beforeAll(async () => {
  local = await startTestStrata({ STRATA_IMAGE_MAX_INPUT_MB: '1' });
});
afterAll(async () => {
  await local?.close();
});

interface Message {
  ts: string;
  text: string;
  bot_id?: string;
  files?: Array<{ id?: string; mimetype?: string }>;
  blocks?: Array<{ type: string; elements?: Array<{ text?: string; action_id?: string; value?: string }> }>;
}

async function replies(ts: string): Promise<Message[]> {
  const page = await local.strata.app.client.conversations.replies({ channel: GENERAL, ts });
  return (page.messages ?? []) as Message[];
}

const botImages = async (threadTs: string) =>
  (await replies(threadTs)).filter((m) => m.bot_id !== undefined && (m.files ?? []).length > 0);

/** Waits for the thread to hold `count` images from Strata and returns the newest. */
async function nthImage(threadTs: string, count: number): Promise<Message> {
  return eventually(async () => {
    const images = await botImages(threadTs);
    return images.length >= count ? images[count - 1] : undefined;
  });
}

const contextOf = (m: Message) => m.blocks?.find((b) => b.type === 'context')?.elements?.[0]?.text ?? '';
const lastInvoke = () => local.bedrock.requests.findLast((r) => r.operation === 'invoke');
/** The body of the last InvokeModel call, typed as the test expects it. */
function lastBody<T>(): T {
  const request = lastInvoke();
  if (request === undefined) throw new Error('no InvokeModel request was made');
  return request.body as T;
}
const pixels = async (image: Uint8Array | string) =>
  sharp(typeof image === 'string' ? Buffer.from(image, 'base64') : image)
    .ensureAlpha()
    .raw()
    .toBuffer();

/** A thread that starts with one image Strata generated. */
async function threadWithImage(prompt: string): Promise<{ threadTs: string; image: Message }> {
  const { ts } = await local.slack.postAsUser({
    user: ALICE,
    channel: GENERAL,
    text: `${BOT} draw ${prompt}`,
  });
  return { threadTs: ts, image: await nthImage(ts, 1) };
}

async function mention(threadTs: string, text: string) {
  await local.slack.postAsUser({
    user: ALICE,
    channel: GENERAL,
    thread_ts: threadTs,
    text: `${BOT} ${text}`,
  });
}

async function ephemeral(part: string) {
  return eventually(async () => local.slack.ephemerals(ALICE, GENERAL).find((e) => e.text.includes(part)));
}

describe('editing the image in a thread', () => {
  it('inpaints from a mask prompt: the request carries the mask prompt and the source image', async () => {
    const { threadTs, image } = await threadWithImage('a mountain lake');
    const source = local.slack.fileContent(image.files?.[0]?.id ?? '') ?? Buffer.alloc(0);

    await mention(threadTs, 'replace the sky with a sunset');
    const edited = await nthImage(threadTs, 2);

    const body = lastBody<{
      taskType: string;
      inPaintingParams: { image: string; maskPrompt: string; text: string };
    }>();
    const params = body.inPaintingParams;
    expect(body.taskType).toBe('INPAINTING');
    expect(params.maskPrompt).toBe('sky');
    expect(params.text).toBe('a sunset');
    expect((await pixels(params.image)).equals(await pixels(source))).toBe(true);
    expect(contextOf(edited)).toContain('*Inpainted* for <@U0ALICE>');
    expect(contextOf(edited)).toContain('*Mask:* sky');

    // Only the sky (the top of the picture, for the local stand-in) changed.
    const result = local.slack.fileContent(edited.files?.[0]?.id ?? '') ?? Buffer.alloc(0);
    const [before, after] = [await pixels(source), await pixels(result)];
    const rowBytes = 1024 * 4;
    expect(after.subarray(900 * rowBytes).equals(before.subarray(900 * rowBytes))).toBe(true);
    expect(after.subarray(0, 100 * rowBytes).equals(before.subarray(0, 100 * rowBytes))).toBe(false);
  });

  it('converts an uploaded JPEG photo for the model and removes its background', async () => {
    const jpeg = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#4a90d9' } })
      .composite([
        {
          input: Buffer.from(
            '<svg width="300" height="300"><circle cx="150" cy="150" r="140" fill="#f2c14e" stroke="#222" stroke-width="6"/></svg>',
          ),
          left: 250,
          top: 150,
        },
      ])
      .jpeg({ quality: 90 })
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const { ts } = await local.slack.uploadFile({
      user: ALICE,
      channel: GENERAL,
      filename: 'product.jpg',
      content: jpeg,
      text: `${BOT} remove the background`,
    });

    const result = await nthImage(ts, 1);
    const sent = Buffer.from(
      lastBody<{ backgroundRemovalParams: { image: string } }>().backgroundRemovalParams.image,
      'base64',
    );
    // Stood upright (EXIF orientation 6) and fitted to Nova Canvas's 16-pixel grid.
    expect(await sharp(sent).metadata()).toMatchObject({ format: 'jpeg', width: 592, height: 800 });
    const png = local.slack.fileContent(result.files?.[0]?.id ?? '') ?? Buffer.alloc(0);
    const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
    expect(info.channels).toBe(4);
    expect(data[3]).toBe(0);
    expect(data[(400 * info.width + 296) * 4 + 3]).toBe(255);
    expect(contextOf(result)).toContain('*Background removed* for <@U0ALICE>');
  });

  it('uses an uploaded mask image when asked to fill the masked area', async () => {
    const { threadTs } = await threadWithImage('a quiet street');
    const mask = await sharp({ create: { width: 1024, height: 1024, channels: 3, background: '#000000' } })
      .composite([
        {
          input: { create: { width: 1024, height: 300, channels: 3, background: '#ffffff' } },
          left: 0,
          top: 0,
        },
      ])
      .png()
      .toBuffer();
    await local.slack.uploadFile({
      user: ALICE,
      channel: GENERAL,
      thread_ts: threadTs,
      filename: 'sky-mask.png',
      content: mask,
    });
    await mention(threadTs, 'fill the masked area with stars');
    await nthImage(threadTs, 2);

    const params = lastBody<{ inPaintingParams: { maskImage: string; maskPrompt?: string } }>()
      .inPaintingParams;
    expect(params.maskPrompt).toBeUndefined();
    const sent = await sharp(Buffer.from(params.maskImage, 'base64')).greyscale().raw().toBuffer();
    expect(sent[10 * 1024 + 10]).toBe(0);
    expect(sent[900 * 1024 + 10]).toBe(255);
  });

  it('extends an image to the left by outpainting a padded canvas', async () => {
    const { threadTs } = await threadWithImage('a long beach');
    await mention(threadTs, 'extend it to the left');
    const grown = await nthImage(threadTs, 2);
    const params = lastBody<{ outPaintingParams: { image: string; maskImage: string } }>().outPaintingParams;
    const canvas = await sharp(Buffer.from(params.image, 'base64')).metadata();
    expect(canvas.height).toBe(1024);
    expect(canvas.width).toBeGreaterThan(1024);
    expect(contextOf(grown)).toContain('*Extended*');
  });

  it('makes two variations and a bigger version from the buttons', async () => {
    const { threadTs, image } = await threadWithImage('a teapot');
    await local.slack.clickButton({
      user: ALICE,
      channel: GENERAL,
      messageTs: image.ts,
      actionId: 'image_variations',
    });
    await nthImage(threadTs, 3);
    expect(lastInvoke()?.body).toMatchObject({
      taskType: 'IMAGE_VARIATION',
      imageVariationParams: { text: 'a teapot', similarityStrength: 0.7 },
      imageGenerationConfig: { numberOfImages: 2 },
    });
    await local.slack.clickButton({
      user: ALICE,
      channel: GENERAL,
      messageTs: image.ts,
      actionId: 'image_bigger',
    });
    const bigger = await nthImage(threadTs, 4);
    expect(contextOf(bigger)).toMatch(/\*Size:\* 1\d{3}×1\d{3}/);
    expect(contextOf(bigger)).not.toContain('1024×1024');
  });

  it('transforms with an adjustable strength: "make it a watercolor --strength 0.8"', async () => {
    const { threadTs } = await threadWithImage('a city skyline');
    await mention(threadTs, 'make it a watercolor --strength 0.8');
    const result = await nthImage(threadTs, 2);
    expect(lastInvoke()?.body).toMatchObject({
      taskType: 'IMAGE_VARIATION',
      imageVariationParams: { text: 'a watercolor, watercolor painting, soft washes of colour' },
    });
    const similarity = lastBody<{ imageVariationParams: { similarityStrength: number } }>()
      .imageVariationParams.similarityStrength;
    expect(similarity).toBeCloseTo(0.2);
    expect(contextOf(result)).toContain('*Transformed*');
  });
});

describe('buttons under an edited or Stability image', () => {
  it('regenerates an inpainting on the same source with the same mask prompt and a new seed', async () => {
    const { threadTs } = await threadWithImage('a harbour');
    await mention(threadTs, 'replace the boats with sailboats --seed 11');
    const edited = await nthImage(threadTs, 2);
    const first = lastInvoke()?.body as { inPaintingParams: object; imageGenerationConfig: { seed: number } };
    await local.slack.clickButton({
      user: ALICE,
      channel: GENERAL,
      messageTs: edited.ts,
      actionId: 'image_regenerate',
    });
    await nthImage(threadTs, 3);
    const again = lastBody<typeof first>();
    expect(again.inPaintingParams).toEqual(first.inPaintingParams);
    expect(first.imageGenerationConfig.seed).toBe(11);
    expect(again.imageGenerationConfig.seed).not.toBe(11);
  });

  it('sends a Stability image to the Stability services for background removal and upscaling', async () => {
    const { ts } = await local.slack.postAsUser({
      user: ALICE,
      channel: GENERAL,
      text: `${BOT} draw a ceramic vase --model sd3.5 --seed 3`,
    });
    const image = await nthImage(ts, 1);
    expect(contextOf(image)).toContain('Stable Diffusion 3.5 Large');
    await local.slack.clickButton({
      user: ALICE,
      channel: GENERAL,
      messageTs: image.ts,
      actionId: 'image_remove_background',
    });
    const cutOut = await nthImage(ts, 2);
    expect(lastInvoke()?.modelId).toBe('stability.stable-image-remove-background-v1:0');
    expect(contextOf(cutOut)).toContain('*Background removed*');
    await local.slack.clickButton({
      user: ALICE,
      channel: GENERAL,
      messageTs: image.ts,
      actionId: 'image_upscale',
    });
    const bigger = await nthImage(ts, 3);
    expect(lastInvoke()?.modelId).toBe('stability.stable-fast-upscale-v1:0');
    expect(contextOf(bigger)).toContain('*Size:* 4096×4096');
  });

  it('copies the look of another image in the thread', async () => {
    const { threadTs } = await threadWithImage('a cottage');
    const red = await sharp({ create: { width: 512, height: 512, channels: 3, background: '#c1121f' } })
      .png()
      .toBuffer();
    await local.slack.uploadFile({
      user: ALICE,
      channel: GENERAL,
      thread_ts: threadTs,
      filename: 'palette.png',
      content: red,
    });
    const cottage = (await botImages(threadTs))[0] as Message;
    const link = `<${local.slack.url}/files/${cottage.files?.[0]?.id}/cottage.png>`;
    await mention(threadTs, `apply the style of the other image to ${link}`);
    const restyled = await nthImage(threadTs, 2);
    const params = lastBody<{ imageVariationParams: { images: string[] } }>().imageVariationParams;
    expect(params.images).toHaveLength(2);
    const sizes = await Promise.all(
      params.images.map(async (b64) => {
        const { width, height } = await sharp(Buffer.from(b64, 'base64')).metadata();
        return `${width}x${height}`;
      }),
    );
    expect(sizes).toEqual(['1024x1024', '1024x1024']);
    expect(contextOf(restyled)).toContain('*Style:* from another image');
  });
});

describe('edit requests Strata cannot do', () => {
  it('says so when the thread has no image', async () => {
    const { ts } = await local.slack.postAsUser({ user: ALICE, channel: GENERAL, text: 'launch plan' });
    await mention(ts, 'remove the background');
    const notice = await ephemeral('no image in this thread');
    expect(notice.text).toContain('/image');
    expect(await botImages(ts)).toHaveLength(0);
  });

  it('answers as chat when a mention only sounds like an edit and the thread has no image', async () => {
    local.bedrock.script({ chunks: ['Here is a shorter version.'] });
    const { ts } = await local.slack.postAsUser({
      user: ALICE,
      channel: GENERAL,
      text: 'A very long paragraph.',
    });
    await mention(ts, 'make it shorter');
    const reply = await eventually(async () =>
      (await replies(ts)).find((m) => m.bot_id !== undefined && m.text === 'Here is a shorter version.'),
    );
    expect(reply.files ?? []).toHaveLength(0);
  });

  it('suggests a model that can inpaint when the chosen one cannot', async () => {
    const { threadTs } = await threadWithImage('a red barn');
    await mention(threadTs, 'replace the sky with storm clouds --model sd3.5');
    const notice = await ephemeral("Stable Diffusion 3.5 Large can't inpaint");
    expect(notice.text).toContain('`--model nova`');
  });

  it('refuses a file that is not really an image', async () => {
    const { ts } = await local.slack.uploadFile({
      user: ALICE,
      channel: GENERAL,
      filename: 'photo.png',
      content: 'this is not a picture',
      text: `${BOT} make it a watercolor`,
    });
    const notice = await ephemeral('`photo.png` isn');
    expect(notice.text).toContain("isn't an image I can edit");
    expect(await botImages(ts)).toHaveLength(0);
  });

  it('refuses an image over the size limit before downloading it', async () => {
    const noise = await sharp(
      Buffer.from(Array.from({ length: 1024 * 1024 * 3 }, (_, i) => (i * 7919) % 251)),
      {
        raw: { width: 1024, height: 1024, channels: 3 },
      },
    )
      .png({ compressionLevel: 0 })
      .toBuffer();
    await local.slack.uploadFile({
      user: ALICE,
      channel: GENERAL,
      filename: 'huge.png',
      content: noise,
      text: `${BOT} remove the background`,
    });
    const notice = await ephemeral('`huge.png` is');
    expect(notice.text).toContain('images up to 1.0 MB can be edited');
  });
});
