import type { ImageModelSpec, SizeRule } from '../bedrock/image-catalog.js';
import { badInput } from './image-options.js';

export interface Size {
  width: number;
  height: number;
}

const named: Record<string, string> = {
  square: '1:1',
  landscape: '3:2',
  portrait: '2:3',
  wide: '16:9',
  tall: '9:16',
};

/** `--size` as `1280x720`, `16:9` or a name (`square`, `wide`…), checked against what the model makes. */
export function resolveSize(spec: ImageModelSpec, text: string | undefined): Size {
  if (text === undefined) return defaultSize(spec.size);
  const value = named[text.toLowerCase()] ?? text.toLowerCase();
  const dims = /^(\d{2,5})\s*[x×*]\s*(\d{2,5})$/.exec(value);
  const ratio = /^(\d{1,2}):(\d{1,2})$/.exec(value);
  if (dims) return checkDims(spec, Number(dims[1]), Number(dims[2]), text);
  if (ratio && Number(ratio[1]) > 0 && Number(ratio[2]) > 0) {
    return fromRatio(spec, Number(ratio[1]), Number(ratio[2]), text);
  }
  throw badInput(
    `\`--size ${text}\` is not a size: use WIDTHxHEIGHT like \`1024x1024\`, a ratio like \`16:9\`, or \`square\`, \`landscape\`, \`portrait\`, \`wide\`, \`tall\`.`,
  );
}

function defaultSize(rule: SizeRule): Size {
  if (rule.kind === 'aspect') {
    const [width, height] = rule.ratios['1:1'] ?? [1024, 1024];
    return { width, height };
  }
  return { width: 1024, height: 1024 };
}

/** Why a size does not fit a range rule, or undefined when it does. */
export function rangeProblem(rule: Extract<SizeRule, { kind: 'range' }>, width: number, height: number) {
  if ([width, height].some((s) => s < rule.min || s > rule.max || s % rule.multipleOf !== 0)) {
    return `width and height must be multiples of ${rule.multipleOf} from ${rule.min} to ${rule.max}`;
  }
  if (width * height > rule.maxPixels) return `at most ${(rule.maxPixels / 1e6).toFixed(2)} megapixels`;
  if (Math.max(width / height, height / width) > rule.maxRatio) {
    return `the shape must be between 1:${rule.maxRatio} and ${rule.maxRatio}:1`;
  }
  return undefined;
}

function checkDims(spec: ImageModelSpec, width: number, height: number, text: string): Size {
  const rule = spec.size;
  if (rule.kind === 'range') {
    const problem = rangeProblem(rule, width, height);
    if (problem === undefined) return { width, height };
    throw badInput(
      `\`--size ${text}\` doesn't work with ${spec.name}: ${problem}. Try \`--size 1024x1024\`, \`--size 1280x720\` or a ratio like \`16:9\`.`,
    );
  }
  if (rule.kind === 'list') {
    if (rule.sizes.some(([w, h]) => w === width && h === height)) return { width, height };
    throw badInput(`\`--size ${text}\` doesn't work with ${spec.name}. It makes: ${listSizes(rule)}.`);
  }
  const nominal = (key: string) => {
    const [a = 1, b = 1] = key.split(':').map(Number);
    return a / b;
  };
  const match =
    Object.entries(rule.ratios).find(([, [w, h]]) => w === width && h === height) ??
    Object.entries(rule.ratios).find(([key]) => Math.abs(nominal(key) / (width / height) - 1) < 0.02);
  if (match) return { width: match[1][0], height: match[1][1] };
  throw badInput(
    `\`--size ${text}\` doesn't work with ${spec.name}, which takes an aspect ratio: ${listRatios(rule)}.`,
  );
}

function fromRatio(spec: ImageModelSpec, a: number, b: number, text: string): Size {
  const rule = spec.size;
  if (rule.kind === 'aspect') {
    const found = rule.ratios[`${a}:${b}`];
    if (found) return { width: found[0], height: found[1] };
    throw badInput(`\`--size ${text}\` doesn't work with ${spec.name}. Aspect ratios: ${listRatios(rule)}.`);
  }
  if (rule.kind === 'list') {
    const [best] = [...rule.sizes].sort(
      (x, y) => Math.abs(x[0] / x[1] - a / b) - Math.abs(y[0] / y[1] - a / b) || y[0] * y[1] - x[0] * x[1],
    );
    if (best && Math.abs(best[0] / best[1] - a / b) < 0.03) return { width: best[0], height: best[1] };
    throw badInput(`\`--size ${text}\` doesn't work with ${spec.name}. It makes: ${listSizes(rule)}.`);
  }
  // About one megapixel in the wanted shape, on the model's grid.
  const grid = rule.multipleOf;
  const width = Math.round(Math.sqrt((1_048_576 * a) / b) / grid) * grid;
  const height = Math.round(Math.sqrt((1_048_576 * b) / a) / grid) * grid;
  const problem = rangeProblem(rule, width, height);
  if (problem === undefined) return { width, height };
  throw badInput(`\`--size ${text}\` doesn't work with ${spec.name}: ${problem}.`);
}

function listSizes(rule: Extract<SizeRule, { kind: 'list' }>): string {
  return rule.sizes.map(([w, h]) => `${w}x${h}`).join(', ');
}

function listRatios(rule: Extract<SizeRule, { kind: 'aspect' }>): string {
  return Object.keys(rule.ratios)
    .map((r) => `\`${r}\``)
    .join(', ');
}
