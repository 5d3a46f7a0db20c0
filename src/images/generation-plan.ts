import type { ImageModelSpec } from '../bedrock/image-catalog.js';
import type { ImageTask } from '../bedrock/images.js';
import { badInput, intOption, type OptionName, splitOptions, USAGE } from './image-options.js';
import { resolveSize, type Size } from './image-sizes.js';
import { findStyle, type StylePreset, styleFor, styleNames } from './image-styles.js';
import { chooseModel, randomSeed } from './model-choice.js';

/** What a person asked for with `/image` or `@Strata draw …`, before it is checked. */
export interface GenerateRequest {
  prompt: string;
  negativePrompt?: string;
  style?: string;
  size?: string;
  seed?: string;
  count?: string;
  model?: string;
}

/** A checked text-to-image request: every value is one the chosen model accepts. */
export interface GenerationPlan {
  modelId: string;
  spec: ImageModelSpec;
  /** As the person wrote it (shown in Slack). */
  prompt: string;
  negativePrompt?: string;
  style?: StylePreset;
  size: Size;
  seed: number;
  count: number;
  task: Extract<ImageTask, { operation: 'text-to-image' }>;
}

export const MAX_COUNT = 4;

const generateOptions: readonly OptionName[] = ['no', 'style', 'size', 'seed', 'count', 'model'];

/** `/image` text (or the words after `draw`) into a request; options may sit anywhere. */
export function parseGenerateText(text: string): GenerateRequest {
  const { rest, options } = splitOptions(text, generateOptions);
  return {
    prompt: rest,
    ...(options.no === undefined ? {} : { negativePrompt: options.no }),
    ...(options.style === undefined ? {} : { style: options.style }),
    ...(options.size === undefined ? {} : { size: options.size }),
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.count === undefined ? {} : { count: options.count }),
    ...(options.model === undefined ? {} : { model: options.model }),
  };
}

export function planGeneration(
  request: GenerateRequest,
  defaults: { modelId: string },
  random: () => number = Math.random,
): GenerationPlan {
  const prompt = request.prompt.trim();
  if (prompt === '' || /^help$/i.test(prompt)) {
    throw badInput(
      `Tell me what to draw, e.g. \`/image a lighthouse at dusk --style watercolor\`.\n${USAGE}`,
    );
  }
  const { spec, modelId } = chooseModel(
    'text-to-image',
    {},
    { explicit: request.model, fallback: defaults.modelId },
  );
  const style = request.style === undefined ? undefined : findStyle(request.style);
  if (request.style !== undefined && style === undefined) {
    throw badInput(`Unknown style \`${request.style}\`. Styles: ${styleNames()}.`);
  }
  const styled = style ? styleFor(spec, style) : {};
  const modelPrompt = styled.hint ? `${prompt}, ${styled.hint}` : prompt;
  checkLength('prompt', modelPrompt, spec, styled.hint !== undefined);
  const negativePrompt = request.negativePrompt?.trim();
  if (negativePrompt !== undefined) checkLength('negative prompt', negativePrompt, spec, false);
  const size = resolveSize(spec, request.size);
  const seed =
    request.seed === undefined
      ? randomSeed(spec, random)
      : intOption('seed', request.seed, 0, spec.seedMax, ` for ${spec.name}`);
  const count = request.count === undefined ? 1 : intOption('count', request.count, 1, MAX_COUNT);
  return {
    modelId,
    spec,
    prompt,
    ...(negativePrompt ? { negativePrompt } : {}),
    ...(style ? { style } : {}),
    size,
    seed,
    count,
    task: {
      operation: 'text-to-image',
      prompt: modelPrompt,
      ...(negativePrompt ? { negativePrompt } : {}),
      ...(styled.native ? { style: styled.native } : {}),
      width: size.width,
      height: size.height,
      seed,
      count,
    },
  };
}

/** Prompt limits per model, with the way out when a prompt is too long. */
export function checkLength(what: string, text: string, spec: ImageModelSpec, withStyleWords: boolean): void {
  const max = what === 'prompt' ? spec.promptMax : spec.negativeMax;
  if (text.length <= max) return;
  const roomier =
    spec.promptMax < 10_000 ? ' or use a model with more room, e.g. `--model sd3.5` (10,000)' : '';
  const note = withStyleWords ? ' with the style words added' : '';
  throw badInput(
    `The ${what} is ${text.length.toLocaleString('en-US')} characters${note}; ${spec.name} takes at most ${max.toLocaleString('en-US')}. Shorten it${roomier}.`,
  );
}

/** The acknowledgement a person sees at once, before the model runs. */
export function describePlan(plan: GenerationPlan): string {
  const what = plan.count === 1 ? 'an image' : `${plan.count} images`;
  return `:art: Drawing ${what} with ${plan.spec.name} (${plan.size.width}×${plan.size.height}, seed ${plan.seed})… It will appear in a new thread here.`;
}
