import sharp from 'sharp';
import { lookFor } from './looks.js';
import { paintImage, seededByParts } from './painter.js';

/**
 * Real, visible edits the local stand-in makes with sharp. They are not a model: they only have to
 * change what the real operation would change, so a person in the playground can see it worked.
 */

export interface Raster {
  png: Buffer;
  width: number;
  height: number;
}

/** One byte per pixel, 255 where the edit applies. */
export type Selection = Buffer;

/** `overlay` laid over `base` at `weight` (0 leaves base untouched, 1 replaces it). Same size. */
export async function blend(base: Buffer, overlay: Buffer, weight: number): Promise<Buffer> {
  const alpha = Math.round(Math.min(1, Math.max(0, weight)) * 255);
  if (alpha === 0) return base;
  const { width, height } = await sharp(base).metadata();
  const layer = await withAlpha(overlay, width, height, Buffer.alloc(width * height, alpha));
  return sharp(base)
    .composite([{ input: layer }])
    .png()
    .toBuffer();
}

/** `fill` shows through where the selection is set; everywhere else `base` stays byte-for-byte. */
export async function paintThrough(base: Raster, fill: Buffer, selection: Selection): Promise<Buffer> {
  const { width, height } = base;
  const layer = await withAlpha(fill, width, height, selection);
  return sharp(base.png)
    .composite([{ input: layer }])
    .png()
    .toBuffer();
}

/** `image` resized to width×height with `alpha` (one byte per pixel) as its alpha channel. */
async function withAlpha(image: Buffer, width: number, height: number, alpha: Buffer): Promise<Buffer> {
  // sharp runs a pipeline's operations in its own order, so the RGB pixels are taken out first.
  const rgb = await sharp(image).resize(width, height, { fit: 'fill' }).removeAlpha().raw().toBuffer();
  return sharp(rgb, { raw: { width, height, channels: 3 } })
    .joinChannel(alpha, { raw: { width, height, channels: 1 } })
    .png()
    .toBuffer();
}

/** A mask image read as a selection; `edits` says which colour marks the area to change. */
export async function selectionFromMask(
  mask: Buffer,
  width: number,
  height: number,
  edits: 'black' | 'white',
) {
  const grey = await sharp(mask)
    .resize(width, height, { fit: 'fill' })
    .flatten()
    .greyscale()
    .raw()
    .toBuffer();
  const selection = Buffer.alloc(width * height);
  for (let i = 0; i < selection.length; i++) {
    const dark = (grey[i] ?? 0) < 128;
    selection[i] = dark === (edits === 'black') ? 255 : 0;
  }
  return selection;
}

/** A fill for an edited area: the prompt painted without text, so it blends in as content. */
export function fillFor(prompt: string, seed: number, width: number, height: number, style?: string) {
  return paintImage({ prompt, seed, width, height, ...(style ? { style } : {}) });
}

/** Flood fill from the border across small colour steps: what it reaches is background and turns transparent. */
export async function removeBackground(png: Buffer): Promise<Buffer> {
  const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const { width, height } = info;
  const seen = new Uint8Array(width * height);
  const queue = new Int32Array(width * height);
  let head = 0;
  let tail = 0;
  const visit = (p: number) => {
    if (seen[p] === 1) return;
    seen[p] = 1;
    queue[tail++] = p;
  };
  for (let x = 0; x < width; x++) {
    visit(x);
    visit((height - 1) * width + x);
  }
  for (let y = 0; y < height; y++) {
    visit(y * width);
    visit(y * width + width - 1);
  }
  const close = (a: number, b: number) =>
    Math.max(
      Math.abs((data[a * 4] ?? 0) - (data[b * 4] ?? 0)),
      Math.abs((data[a * 4 + 1] ?? 0) - (data[b * 4 + 1] ?? 0)),
      Math.abs((data[a * 4 + 2] ?? 0) - (data[b * 4 + 2] ?? 0)),
    ) <= 18;
  while (head < tail) {
    const p = queue[head++] ?? 0;
    const x = p % width;
    if (x > 0 && close(p, p - 1)) visit(p - 1);
    if (x < width - 1 && close(p, p + 1)) visit(p + 1);
    if (p >= width && close(p, p - width)) visit(p - width);
    if (p < width * (height - 1) && close(p, p + width)) visit(p + width);
  }
  for (let p = 0; p < seen.length; p++) if (seen[p] === 1) data[p * 4 + 3] = 0;
  return sharp(data, { raw: { width, height, channels: 4 } })
    .png()
    .toBuffer();
}

/** Redraws an image in a look (style value or words), keeping its composition. */
export async function restyle(png: Buffer, words: string): Promise<Buffer> {
  const look = lookFor(words);
  const image = sharp(png);
  switch (look.name) {
    case 'watercolor':
      return image.blur(3).modulate({ saturation: 0.65, brightness: 1.12 }).png().toBuffer();
    case 'sketch':
      return image
        .greyscale()
        .convolve({ width: 3, height: 3, kernel: [-1, -1, -1, -1, 8, -1, -1, -1, -1] })
        .negate({ alpha: false })
        .normalise()
        .png()
        .toBuffer();
    case 'neon':
      return image.modulate({ saturation: 2.4, brightness: 0.8, hue: 40 }).linear(1.3, -25).png().toBuffer();
    case 'pixel-art': {
      const { width = 1, height = 1 } = await image.metadata();
      const small = await image
        .resize(Math.max(1, Math.round(width / 16)), Math.max(1, Math.round(height / 16)))
        .png()
        .toBuffer();
      return sharp(small).resize(width, height, { kernel: 'nearest' }).png().toBuffer();
    }
    case 'retro':
      return image
        .recomb([
          [0.393, 0.769, 0.189],
          [0.349, 0.686, 0.168],
          [0.272, 0.534, 0.131],
        ])
        .png()
        .toBuffer();
    case 'photo':
      return image.modulate({ saturation: 0.8 }).sharpen().png().toBuffer();
    case 'flat':
    case 'comic':
      return image.median(5).png({ palette: true, colours: 8, dither: 0 }).toBuffer();
    case 'vivid':
      return image.modulate({ saturation: 1.9, brightness: 1.05 }).png().toBuffer();
    default: {
      const random = seededByParts(words);
      return image
        .modulate({ hue: 60 + Math.floor(random() * 240), saturation: 1.3 })
        .png()
        .toBuffer();
    }
  }
}

/** Gives `content` the colour statistics of `style` (mean and spread per channel), keeping its shapes. */
export async function transferColours(content: Buffer, style: Buffer): Promise<Buffer> {
  const [c, s] = await Promise.all([sharp(content).stats(), sharp(style).stats()]);
  const scale: number[] = [];
  const offset: number[] = [];
  for (let i = 0; i < 3; i++) {
    const from = c.channels[i];
    const to = s.channels[i];
    const a = from && to && from.stdev > 1 ? to.stdev / from.stdev : 1;
    scale.push(a);
    offset.push((to?.mean ?? 0) - a * (from?.mean ?? 0));
  }
  return sharp(content).removeAlpha().linear(scale, offset).png().toBuffer();
}

/** Stays close to the source: a little of the prompt's picture and a small hue turn. */
export async function vary(source: Raster, prompt: string, seed: number, similarity: number, index = 0) {
  const random = seededByParts(prompt, seed, index, 'variation');
  const fill = await paintImage({ prompt, seed, index, width: source.width, height: source.height });
  const mixed = await blend(source.png, fill, (1 - similarity) * 0.6);
  const hue = Math.round((random() - 0.5) * 60 * (1 - similarity + 0.1));
  return sharp(mixed)
    .modulate({ hue: (hue + 360) % 360 })
    .png()
    .toBuffer();
}

/** Image-to-image: the source restyled towards the prompt, weighted by strength. */
export async function transform(source: Raster, prompt: string, seed: number, strength: number, index = 0) {
  const styled = await restyle(source.png, prompt);
  const fill = await paintImage({ prompt, seed, index, width: source.width, height: source.height });
  return blend(source.png, await blend(styled, fill, 0.35), strength);
}

/** A bigger canvas with the source at (left, up) and the prompt painted around it. */
export async function extendCanvas(
  source: Raster,
  margins: { left: number; right: number; up: number; down: number },
  prompt: string,
  seed: number,
): Promise<Buffer> {
  const width = source.width + margins.left + margins.right;
  const height = source.height + margins.up + margins.down;
  const fill = await paintImage({ prompt, seed, width, height });
  return sharp(fill)
    .composite([{ input: source.png, left: margins.left, top: margins.up }])
    .png()
    .toBuffer();
}

export async function upscale(png: Buffer, factor: number): Promise<Buffer> {
  const { width = 1, height = 1 } = await sharp(png).metadata();
  return sharp(png)
    .resize(Math.round(width * factor), Math.round(height * factor), { kernel: 'lanczos3' })
    .png()
    .toBuffer();
}

export function invertSelection(selection: Selection): Selection {
  return Buffer.from(selection.map((v) => 255 - v));
}
