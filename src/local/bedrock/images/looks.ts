/**
 * How the local stand-in renders a style: Nova's style values, Stability's presets and plain words in a
 * prompt ("watercolor", "neon") all pick one look, so a style visibly changes the palette.
 */
export interface Look {
  name: string;
  /** Fixed base hue; undefined lets the seed choose. */
  hue?: number;
  saturation: number;
  lightness: number;
  dark: boolean;
  flat: boolean;
  blur: number;
  pixelate: boolean;
  strokesOnly: boolean;
  outline: string;
}

const base: Look = {
  name: 'default',
  saturation: 70,
  lightness: 55,
  dark: false,
  flat: false,
  blur: 0,
  pixelate: false,
  strokesOnly: false,
  outline: '#1d1d1d',
};

const looks: Array<{ pattern: RegExp; look: Partial<Look> & { name: string } }> = [
  {
    pattern: /watercolou?r|soft_digital|soft digital|pastel/i,
    look: { name: 'watercolor', saturation: 45, lightness: 72, blur: 2.5, outline: '#7a7a7a' },
  },
  {
    pattern: /sketch|line-art|line art|pencil|drawing/i,
    look: { name: 'sketch', saturation: 0, lightness: 40, flat: true, strokesOnly: true, outline: '#222222' },
  },
  {
    pattern: /neon|cyberpunk|synthwave/i,
    look: { name: 'neon', hue: 290, saturation: 100, lightness: 58, dark: true, outline: '#00f5ff' },
  },
  {
    pattern: /pixel/i,
    look: { name: 'pixel-art', saturation: 85, lightness: 52, flat: true, pixelate: true },
  },
  {
    pattern: /retro|midcentury|analog|vintage|sepia/i,
    look: { name: 'retro', hue: 28, saturation: 55, lightness: 55, outline: '#3b2f2f' },
  },
  {
    pattern: /photo|cinematic|realis|enhance/i,
    look: { name: 'photo', hue: 95, saturation: 32, lightness: 42, outline: '#2b2b2b' },
  },
  {
    pattern: /flat_vector|flat vector|vector|low-poly|low poly|isometric|origami/i,
    look: { name: 'flat', saturation: 75, lightness: 55, flat: true, outline: '#ffffff' },
  },
  {
    pattern: /anime|comic|graphic_novel|graphic novel|manga/i,
    look: { name: 'comic', saturation: 90, lightness: 55, outline: '#000000' },
  },
  {
    pattern: /3d|animated|modeling|maximalism|fantasy/i,
    look: { name: 'vivid', saturation: 95, lightness: 60, outline: '#2a1a4a' },
  },
  // No style named: what the prompt shows sets the colours.
  {
    pattern: /sunset|sunrise|dusk|autumn|fire|desert/i,
    look: { name: 'warm', hue: 18, saturation: 80, lightness: 58 },
  },
  {
    pattern: /night|space|stars|galaxy|midnight/i,
    look: { name: 'night', hue: 230, saturation: 70, lightness: 60, dark: true, outline: '#e0e0ff' },
  },
  {
    pattern: /sea|ocean|lake|water|river|sky|rain/i,
    look: { name: 'water', hue: 200, saturation: 65, lightness: 52 },
  },
  {
    pattern: /forest|grass|garden|jungle|leaf|meadow/i,
    look: { name: 'green', hue: 105, saturation: 60, lightness: 48 },
  },
  {
    pattern: /snow|winter|ice|frost/i,
    look: { name: 'cold', hue: 205, saturation: 35, lightness: 78, outline: '#4a6a8a' },
  },
];

export function lookFor(words: string): Look {
  const found = looks.find((entry) => entry.pattern.test(words));
  return found ? { ...base, ...found.look } : base;
}
