import sharp from 'sharp';
import { seededRandom } from '../../../seeded-random.js';
import { type Look, lookFor } from './looks.js';

/** Seeded by the parts' FNV-1a hash: the same prompt and seed always paint the same picture. */
export function seededByParts(...parts: Array<string | number>): () => number {
  let hash = 0x811c9dc5;
  for (const char of parts.join('\u0000')) {
    hash ^= char.codePointAt(0) ?? 0;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return seededRandom(hash);
}

export interface PaintOptions {
  prompt: string;
  seed: number;
  /** Which of several images of one request. */
  index?: number;
  width: number;
  height: number;
  /** A native style value or any words; decides the palette. */
  style?: string;
  /** Shown in the corner, e.g. 'Nova Canvas'. Omitted: no text at all (fills for edits). */
  label?: string;
}

/**
 * The local stand-in's picture for a prompt: a gradient and a cluster of shapes whose colours, count
 * and layout come from the prompt and seed, the prompt written across the bottom, and a label that
 * says this is not a real model. Shapes stay inside the middle so background removal has a subject.
 */
export async function paintImage(options: PaintOptions): Promise<Buffer> {
  const { width: w, height: h } = options;
  const random = seededByParts(options.prompt, options.seed, options.index ?? 0);
  const look = lookFor(`${options.style ?? ''} ${options.prompt}`);
  const colours = palette(look, random);
  const angle = Math.floor(random() * 360);
  const shapes = Array.from({ length: 4 + Math.floor(random() * 5) }, (_, i) =>
    shape(random, w, h, colours[(i % (colours.length - 2)) + 2] ?? '#888', look),
  );
  const text = options.label === undefined ? '' : caption(options.prompt, options.label, options.seed, w, h);
  const background = look.flat
    ? `<rect width="${w}" height="${h}" fill="${colours[0]}"/>`
    : `<defs><linearGradient id="bg" gradientTransform="rotate(${angle} 0.5 0.5)">` +
      `<stop offset="0" stop-color="${colours[0]}"/><stop offset="1" stop-color="${colours[1]}"/>` +
      `</linearGradient></defs><rect width="${w}" height="${h}" fill="url(#bg)"/>`;
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">` +
    `${background}${shapes.join('')}${text}</svg>`;
  let image = sharp(Buffer.from(svg));
  if (look.blur > 0) image = sharp(await image.blur(look.blur).png().toBuffer());
  if (look.pixelate) {
    const small = await image
      .resize(Math.max(1, Math.round(w / 16)), Math.max(1, Math.round(h / 16)))
      .png()
      .toBuffer();
    image = sharp(small).resize(w, h, { kernel: 'nearest' });
  }
  return image.png().toBuffer();
}

function palette(look: Look, random: () => number): string[] {
  const hue = look.hue ?? Math.floor(random() * 360);
  const hsl = (h: number, s: number, l: number) => `hsl(${Math.round(h) % 360}, ${s}%, ${l}%)`;
  const [s, l] = [look.saturation, look.lightness];
  return [
    hsl(hue, s * 0.6, look.dark ? 8 : Math.min(95, l + 25)),
    hsl(hue + 40, s * 0.6, look.dark ? 16 : Math.min(92, l + 15)),
    ...[120, 200, 280, 330, 60].map((offset) => hsl(hue + offset + random() * 30, s, l)),
  ];
}

function shape(random: () => number, w: number, h: number, fill: string, look: Look): string {
  const cx = w * (0.3 + random() * 0.4);
  const cy = h * (0.28 + random() * 0.36);
  const r = Math.min(w, h) * (0.06 + random() * 0.1);
  const stroke = `stroke="${look.outline}" stroke-width="${Math.max(2, Math.round(Math.min(w, h) / 160))}"`;
  const paint = look.strokesOnly ? `fill="none" ${stroke}` : `fill="${fill}" ${stroke}`;
  const kind = Math.floor(random() * 3);
  if (kind === 0) return `<circle cx="${cx.toFixed(1)}" cy="${cy.toFixed(1)}" r="${r.toFixed(1)}" ${paint}/>`;
  if (kind === 1) {
    const turn = Math.floor(random() * 90);
    return (
      `<rect x="${(cx - r).toFixed(1)}" y="${(cy - r).toFixed(1)}" width="${(2 * r).toFixed(1)}" ` +
      `height="${(2 * r).toFixed(1)}" rx="${(r / 5).toFixed(1)}" transform="rotate(${turn} ${cx.toFixed(1)} ${cy.toFixed(1)})" ${paint}/>`
    );
  }
  const points = [0, 1, 2].map((i) => {
    const a = random() * 0.4 + (i * Math.PI * 2) / 3;
    return `${(cx + r * Math.cos(a)).toFixed(1)},${(cy + r * Math.sin(a)).toFixed(1)}`;
  });
  return `<polygon points="${points.join(' ')}" ${paint}/>`;
}

/** Prompt and label on inset, rounded plates: part of the picture, so background removal keeps them. */
function caption(prompt: string, label: string, seed: number, w: number, h: number): string {
  const size = Math.max(10, Math.round(w / 32));
  const inset = Math.max(4, Math.round(Math.min(w, h) / 40));
  const perLine = Math.max(12, Math.floor((w - 2 * inset) / (size * 0.58)));
  const lines = wrap(prompt, perLine, 3);
  const plateHeight = Math.round(size * 1.35 * lines.length + size * 0.7);
  const top = h - inset - plateHeight;
  const small = Math.max(9, Math.round(size * 0.6));
  const tag = `local stand-in · ${label} · seed ${seed}`;
  const tagWidth = Math.min(w - 2 * inset, Math.round(tag.length * small * 0.62 + small));
  const body = lines
    .map(
      (line, i) =>
        `<text x="${inset + Math.round(size * 0.5)}" y="${Math.round(top + size * 1.1 + i * size * 1.35)}" ` +
        `font-family="DejaVu Sans, sans-serif" font-size="${size}" fill="#ffffff">${escapeXml(line)}</text>`,
    )
    .join('');
  return (
    `<rect x="${inset}" y="${top}" width="${w - 2 * inset}" height="${plateHeight}" rx="${inset}" fill="#111111" fill-opacity="0.72"/>${body}` +
    `<rect x="${inset}" y="${inset}" width="${tagWidth}" height="${Math.round(small * 1.8)}" rx="${Math.round(small / 2)}" fill="#111111" fill-opacity="0.8"/>` +
    `<text x="${inset + Math.round(small * 0.5)}" y="${inset + Math.round(small * 1.3)}" font-family="DejaVu Sans Mono, monospace" ` +
    `font-size="${small}" fill="#ffd166">${escapeXml(tag)}</text>`
  );
}

function wrap(text: string, perLine: number, maxLines: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.replace(/\s+/g, ' ').trim().split(' ')) {
    const next = current === '' ? word : `${current} ${word}`;
    if (next.length <= perLine) current = next;
    else {
      if (current !== '') lines.push(current);
      current = word.length > perLine ? `${word.slice(0, perLine - 1)}…` : word;
    }
  }
  if (current !== '') lines.push(current);
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  kept[maxLines - 1] = `${(kept[maxLines - 1] ?? '').slice(0, perLine - 1)}…`;
  return kept;
}

export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
