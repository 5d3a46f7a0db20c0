import sharp from 'sharp';
import type { InputRule } from '../bedrock/image-catalog.js';
import type { Extend, ImageBytes } from '../bedrock/images.js';
import { badInput } from './image-options.js';

/** Formats people upload that Strata can read; JPEG photos are sent as JPEG, the rest as PNG. */
const READABLE = new Set(['png', 'jpeg', 'webp', 'gif', 'tiff', 'heif', 'avif']);

/** Reads an image's format and size, or says plainly that it isn't one Strata can use. */
export async function inspectImage(bytes: Uint8Array, name: string) {
  const meta = await sharp(bytes)
    .metadata()
    .catch(() => undefined);
  if (meta?.format === undefined || !READABLE.has(meta.format) || !meta.width || !meta.height) {
    const kind = meta?.format ? ` (it is ${meta.format.toUpperCase()})` : '';
    throw badInput(`\`${name}\` isn't an image I can edit${kind}. Upload a PNG, JPEG, WebP or GIF.`);
  }
  const turned = (meta.orientation ?? 1) >= 5;
  return {
    format: meta.format,
    width: turned ? meta.height : meta.width,
    height: turned ? meta.width : meta.height,
    upright: (meta.orientation ?? 1) === 1 && (meta.pages ?? 1) === 1,
  };
}

/**
 * Any readable image → what the model accepts: upright (EXIF), first frame only, scaled to fit the
 * model's side and pixel limits, trimmed to its size grid, metadata stripped. Photos (JPEG) stay JPEG
 * at high quality, because a photo as PNG is ~15x larger and slower to send (bench/images); everything
 * else (PNG, WebP, GIF, HEIC, TIFF, AVIF) becomes PNG, keeping transparency.
 */
export async function prepareInput(bytes: Uint8Array, rule: InputRule, name: string): Promise<ImageBytes> {
  const { format, width, height, upright } = await inspectImage(bytes, name);
  const { width: w, height: h } = fitToRule(width, height, rule, name);
  // A PNG that already fits (Strata's own results) goes as it is.
  if (format === 'png' && upright && w === width && h === height) return { data: bytes, width, height };
  const image = sharp(bytes, { animated: false }).rotate().resize(w, h, { fit: 'cover' });
  const data = await (format === 'jpeg' ? image.jpeg({ quality: 92 }) : image.png()).toBuffer();
  return { data, width: w, height: h };
}

export function fitToRule(width: number, height: number, rule: InputRule, name = 'The image') {
  let scale = Math.min(
    1,
    rule.maxSide / Math.max(width, height),
    Math.sqrt(rule.maxPixels / (width * height)),
  );
  if (Math.min(width, height) * scale < rule.minSide) scale = rule.minSide / Math.min(width, height);
  const snap = (side: number) =>
    Math.max(rule.multipleOf, Math.floor((side * scale) / rule.multipleOf) * rule.multipleOf);
  const w = snap(width);
  const h = snap(height);
  if (Math.max(w, h) > rule.maxSide || w * h > rule.maxPixels || Math.min(w, h) < rule.minSide) {
    throw badInput(
      `\`${name}\` is ${width}x${height}, too long and thin for this model (sides ${rule.minSide}–${rule.maxSide} px). Crop it closer to a square and try again.`,
    );
  }
  return { width: w, height: h };
}

/**
 * A painted mask → both polarities at the source's size. People paint what to change in white (or
 * leave it transparent); Amazon models read black as "change", Stability reads white.
 */
export async function maskFromUpload(
  bytes: Uint8Array,
  size: { width: number; height: number },
  name: string,
) {
  await inspectImage(bytes, name);
  const { width, height } = size;
  const image = sharp(bytes).rotate().resize(width, height, { fit: 'fill' });
  const meta = await sharp(bytes).metadata();
  const alpha = meta.hasAlpha
    ? await image.clone().ensureAlpha().extractChannel(3).raw().toBuffer()
    : undefined;
  // Transparent holes mark the area when there are any; otherwise light pixels do.
  const alphaHoles = alpha?.some((v) => v < 128) === true;
  const channel =
    alpha !== undefined && alphaHoles
      ? alpha
      : await image.clone().flatten({ background: '#000000' }).greyscale().raw().toBuffer();
  const change = Buffer.alloc(width * height);
  let changed = 0;
  for (let i = 0; i < change.length; i++) {
    const value = channel[i] ?? 0;
    const edit = alphaHoles ? value < 128 : value >= 128;
    change[i] = edit ? 255 : 0;
    if (edit) changed++;
  }
  if (changed === 0 || changed === change.length) {
    throw badInput(
      `The mask \`${name}\` is all one colour, so it doesn't mark an area. Paint the area to change in white on black.`,
    );
  }
  const toPng = (grey: Buffer) =>
    sharp(grey, { raw: { width, height, channels: 1 } })
      .toColourspace('srgb')
      .png()
      .toBuffer();
  const inverted = Buffer.from(change.map((v) => 255 - v));
  return {
    whiteEdits: { data: await toPng(change), width, height },
    blackEdits: { data: await toPng(inverted), width, height },
  };
}

/**
 * Outpainting input: the source shrunk if needed so the grown canvas still fits the model, the canvas
 * padded on the chosen sides (mirrored, as context), and a mask that is black over the original.
 */
export async function outpaintCanvas(
  source: ImageBytes,
  sides: ReadonlyArray<keyof Extend>,
  rule: InputRule,
  fraction = 0.25,
) {
  const has = (side: keyof Extend) => sides.includes(side);
  const grow = (n: number) => 1 + fraction * n;
  const wantW = source.width * grow(Number(has('left')) + Number(has('right')));
  const wantH = source.height * grow(Number(has('up')) + Number(has('down')));
  const scale = Math.min(
    1,
    rule.maxSide / Math.max(wantW, wantH),
    Math.sqrt(rule.maxPixels / (wantW * wantH)),
  );
  const m = rule.multipleOf;
  const down = (v: number) => Math.max(m, Math.floor(v / m) * m);
  const horizontal = has('left') || has('right');
  const vertical = has('up') || has('down');
  const sw = horizontal ? Math.round(source.width * scale) : down(source.width * scale);
  const sh = vertical ? Math.round(source.height * scale) : down(source.height * scale);
  const W = horizontal ? Math.max(down(wantW * scale), sw + m) : sw;
  const H = vertical ? Math.max(down(wantH * scale), sh + m) : sh;
  const split = (extra: number, a: boolean, b: boolean): [number, number] =>
    a && b ? [Math.floor(extra / 2), extra - Math.floor(extra / 2)] : a ? [extra, 0] : [0, b ? extra : 0];
  const [left, right] = split(W - sw, has('left'), has('right'));
  const [up, downSide] = split(H - sh, has('up'), has('down'));
  const resized = await sharp(source.data).resize(sw, sh, { fit: 'fill' }).png().toBuffer();
  const canvas = await sharp(resized)
    .extend({ left, right, top: up, bottom: downSide, extendWith: 'mirror' })
    .png()
    .toBuffer();
  const keep = await sharp({ create: { width: sw, height: sh, channels: 3, background: '#000000' } })
    .png()
    .toBuffer();
  const keepMask = await sharp({ create: { width: W, height: H, channels: 3, background: '#ffffff' } })
    .composite([{ input: keep, left, top: up }])
    .png()
    .toBuffer();
  return {
    image: { data: resized, width: sw, height: sh },
    extend: { left, right, up, down: downSide },
    canvas: {
      image: { data: canvas, width: W, height: H },
      keepMask: { data: keepMask, width: W, height: H },
    },
  };
}

/** `image` cropped and scaled to the size of `like` (as PNG), unless it already has it. */
export async function sameSize(
  image: ImageBytes,
  like: { width: number; height: number },
): Promise<ImageBytes> {
  if (image.width === like.width && image.height === like.height) return image;
  const data = await sharp(image.data).resize(like.width, like.height, { fit: 'cover' }).png().toBuffer();
  return { data, width: like.width, height: like.height };
}
