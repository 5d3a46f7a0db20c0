import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { findImageModel, type InputRule } from '../../src/bedrock/image-catalog.js';
import { fitToRule, maskFromUpload, outpaintCanvas, prepareInput } from '../../src/images/image-input.js';

const novaRule = findImageModel('nova')?.input as InputRule;
const titanRule = findImageModel('titan')?.input as InputRule;

const solid = (width: number, height: number, format: 'png' | 'jpeg' | 'webp' = 'png') =>
  sharp({ create: { width, height, channels: 3, background: '#2a9d8f' } })
    .toFormat(format)
    .toBuffer();

describe('preparing an input image for a model', () => {
  it('re-encodes a JPEG photo on the model’s size grid, and converts other formats to PNG', async () => {
    const photo = await prepareInput(await solid(801, 601, 'jpeg'), novaRule, 'photo.jpg');
    expect([photo.width, photo.height]).toEqual([800, 592]);
    expect(await sharp(photo.data).metadata()).toMatchObject({ format: 'jpeg', width: 800, height: 592 });
    const webp = await prepareInput(await solid(640, 480, 'webp'), novaRule, 'shot.webp');
    expect(await sharp(webp.data).metadata()).toMatchObject({ format: 'png', width: 640, height: 480 });
  });

  it('shrinks images over the pixel limit and grows tiny ones to the minimum side', () => {
    expect(fitToRule(6000, 4000, novaRule)).toEqual({ width: 2496, height: 1664 });
    expect(fitToRule(3000, 3000, titanRule)).toEqual({ width: 1408, height: 1408 });
    expect(fitToRule(100, 200, novaRule)).toEqual({ width: 320, height: 640 });
  });

  it('stands EXIF-rotated photos upright', async () => {
    const sideways = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#ffffff' } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const prepared = await prepareInput(sideways, novaRule, 'phone.jpg');
    expect([prepared.width, prepared.height]).toEqual([480, 640]);
  });

  it('refuses what is not an image, and images too thin for the model', async () => {
    await expect(prepareInput(Buffer.from('%PDF-1.4 not an image'), novaRule, 'brief.pdf')).rejects.toThrow(
      "`brief.pdf` isn't an image I can edit",
    );
    await expect(prepareInput(await solid(4000, 300), novaRule, 'banner.png')).rejects.toThrow(
      'too long and thin',
    );
  });
});

describe('masks people upload', () => {
  it('read white as "change here" and come back in both polarities', async () => {
    const mask = await sharp({ create: { width: 100, height: 100, channels: 3, background: '#000000' } })
      .composite([
        {
          input: { create: { width: 100, height: 40, channels: 3, background: '#ffffff' } },
          left: 0,
          top: 0,
        },
      ])
      .png()
      .toBuffer();
    const { whiteEdits, blackEdits } = await maskFromUpload(mask, { width: 200, height: 200 }, 'mask.png');
    const white = await sharp(whiteEdits.data).greyscale().raw().toBuffer();
    const black = await sharp(blackEdits.data).greyscale().raw().toBuffer();
    expect([whiteEdits.width, whiteEdits.height]).toEqual([200, 200]);
    expect([white[10 * 200], white[150 * 200]]).toEqual([255, 0]);
    expect([black[10 * 200], black[150 * 200]]).toEqual([0, 255]);
  });

  it('read transparent holes as "change here"', async () => {
    const rgba = Buffer.alloc(50 * 50 * 4);
    for (let p = 0; p < 50 * 50; p++) rgba[p * 4 + 3] = p >= 40 * 50 ? 0 : 255;
    const holed = await sharp(rgba, { raw: { width: 50, height: 50, channels: 4 } })
      .png()
      .toBuffer();
    const { whiteEdits } = await maskFromUpload(holed, { width: 50, height: 50 }, 'mask.png');
    const white = await sharp(whiteEdits.data).greyscale().raw().toBuffer();
    expect([white[0], white[45 * 50]]).toEqual([0, 255]);
  });

  it('refuse a mask of one colour', async () => {
    await expect(maskFromUpload(await solid(64, 64), { width: 64, height: 64 }, 'mask.png')).rejects.toThrow(
      'is all one colour',
    );
  });
});

describe('an outpainting canvas', () => {
  it('grows only the chosen sides, on the grid, with the original kept under black', async () => {
    const source = { data: await solid(1024, 1024), width: 1024, height: 1024 };
    const grown = await outpaintCanvas(source, ['left'], novaRule);
    expect(grown.extend).toEqual({ left: 256, right: 0, up: 0, down: 0 });
    expect([grown.canvas.image.width, grown.canvas.image.height]).toEqual([1280, 1024]);
    const keep = await sharp(grown.canvas.keepMask.data).greyscale().raw().toBuffer();
    expect([keep[10], keep[300]]).toEqual([255, 0]);
  });

  it('shrinks the source when the grown canvas would pass the model’s limits', async () => {
    const source = { data: await solid(2048, 2048), width: 2048, height: 2048 };
    const grown = await outpaintCanvas(source, ['left', 'right', 'up', 'down'], novaRule);
    const { width, height } = grown.canvas.image;
    expect(width * height).toBeLessThanOrEqual(novaRule.maxPixels);
    expect(width % 16).toBe(0);
    expect(height % 16).toBe(0);
    expect(grown.extend.left).toBeGreaterThan(0);
    expect(grown.extend.left + grown.extend.right + grown.image.width).toBe(width);
  });
});
