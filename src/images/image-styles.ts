import type { ImageModelSpec } from '../bedrock/image-catalog.js';

/**
 * Strata's style presets: one name a person types, mapped to each model's native style where it has
 * one (Nova Canvas `style`, Stability `style_preset`), and otherwise written into the prompt.
 */
export interface StylePreset {
  name: string;
  /** Words added to the prompt when the model has no native style for it. */
  hint: string;
  nova?: string;
  stability?: string;
}

export const STYLE_PRESETS: readonly StylePreset[] = [
  { name: 'photo', hint: 'photorealistic photograph', nova: 'PHOTOREALISM', stability: 'photographic' },
  { name: 'cinematic', hint: 'cinematic film still, dramatic lighting', stability: 'cinematic' },
  { name: 'watercolor', hint: 'watercolor painting, soft washes of colour' },
  {
    name: 'digital-painting',
    hint: 'soft digital painting',
    nova: 'SOFT_DIGITAL_PAINTING',
    stability: 'digital-art',
  },
  { name: 'sketch', hint: 'pencil design sketch', nova: 'DESIGN_SKETCH', stability: 'line-art' },
  { name: 'flat-vector', hint: 'flat vector illustration', nova: 'FLAT_VECTOR_ILLUSTRATION' },
  {
    name: 'graphic-novel',
    hint: 'graphic novel illustration',
    nova: 'GRAPHIC_NOVEL_ILLUSTRATION',
    stability: 'comic-book',
  },
  {
    name: '3d-animated',
    hint: '3D animated family film',
    nova: '3D_ANIMATED_FAMILY_FILM',
    stability: '3d-model',
  },
  {
    name: 'retro',
    hint: 'mid-century retro illustration',
    nova: 'MIDCENTURY_RETRO',
    stability: 'analog-film',
  },
  { name: 'maximalism', hint: 'maximalist, richly detailed', nova: 'MAXIMALISM' },
  { name: 'anime', hint: 'anime illustration', stability: 'anime' },
  { name: 'pixel-art', hint: 'pixel art', stability: 'pixel-art' },
  { name: 'neon-punk', hint: 'neon punk, glowing neon colours', stability: 'neon-punk' },
  { name: 'fantasy', hint: 'fantasy art', stability: 'fantasy-art' },
  { name: 'isometric', hint: 'isometric illustration', stability: 'isometric' },
  { name: 'low-poly', hint: 'low-poly 3D render', stability: 'low-poly' },
  { name: 'origami', hint: 'folded paper origami', stability: 'origami' },
];

const aliases: Record<string, string> = {
  photorealistic: 'photo',
  photorealism: 'photo',
  photographic: 'photo',
  watercolour: 'watercolor',
  painting: 'digital-painting',
  'line-art': 'sketch',
  pencil: 'sketch',
  vector: 'flat-vector',
  comic: 'graphic-novel',
  'comic-book': 'graphic-novel',
  '3d': '3d-animated',
  pixel: 'pixel-art',
  neon: 'neon-punk',
  vintage: 'retro',
  midcentury: 'retro',
};

export function findStyle(name: string): StylePreset | undefined {
  const key = name
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-');
  const wanted = aliases[key] ?? key;
  return STYLE_PRESETS.find((s) => s.name === wanted);
}

export function styleNames(): string {
  return STYLE_PRESETS.map((s) => `\`${s.name}\``).join(', ');
}

/** The style as this model takes it: its native value when it has one, else words for the prompt. */
export function styleFor(spec: ImageModelSpec, style: StylePreset): { native?: string; hint?: string } {
  const native = [style.nova, style.stability].find((v) => v !== undefined && spec.styles.includes(v));
  return native ? { native } : { hint: style.hint };
}

/** Finds a style named anywhere in free text ("make it a watercolor"), longest names first. */
export function styleInText(text: string): StylePreset | undefined {
  const lower = text.toLowerCase();
  const names = [...STYLE_PRESETS.map((s) => s.name), ...Object.keys(aliases)].sort(
    (a, b) => b.length - a.length,
  );
  const hit = names.find((name) => new RegExp(`\\b${name.replace(/-/g, '[- ]')}\\b`).test(lower));
  return hit === undefined ? undefined : findStyle(hit);
}
