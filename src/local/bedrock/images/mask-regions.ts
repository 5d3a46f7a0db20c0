import type { Selection } from './local-edits.js';

/**
 * The local stand-in's "segmentation" of a mask prompt: words pick a region (the sky is the top,
 * the ground the bottom, the background everything but the middle, anything else the central subject).
 * Crude, but deterministic and visible: only that region changes.
 */
export function regionFor(maskPrompt: string, width: number, height: number): Selection {
  const words = maskPrompt.toLowerCase();
  const inside = pickRegion(words);
  const selection = Buffer.alloc(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (inside(x / width, y / height)) selection[y * width + x] = 255;
    }
  }
  return selection;
}

function pickRegion(words: string): (x: number, y: number) => boolean {
  const subject = (x: number, y: number) => ((x - 0.5) / 0.3) ** 2 + ((y - 0.48) / 0.3) ** 2 <= 1;
  if (/\b(sky|clouds?|ceiling|top|heavens?|sun|moon|stars?)\b/.test(words)) return (_x, y) => y < 0.4;
  if (/\b(ground|floor|grass|road|street|bottom|sea|water|ocean|beach|sand|table)\b/.test(words)) {
    return (_x, y) => y >= 0.65;
  }
  if (/\bbackground|backdrop|surroundings|scenery\b/.test(words)) return (x, y) => !subject(x, y);
  if (/\bleft\b/.test(words)) return (x) => x < 0.5;
  if (/\bright\b/.test(words)) return (x) => x >= 0.5;
  return subject;
}
