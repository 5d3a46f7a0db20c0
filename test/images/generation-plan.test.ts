import { describe, expect, it } from 'vitest';
import { StrataError } from '../../src/errors.js';
import { parseGenerateText, planGeneration } from '../../src/images/generation-plan.js';

const nova = { modelId: 'amazon.nova-canvas-v1:0' };
const fixed = () => 0.5;

function plan(text: string, defaults = nova) {
  return planGeneration(parseGenerateText(text), defaults, fixed);
}

function userMessage(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof StrataError) return error.userMessage;
    throw error;
  }
  throw new Error('expected bad input');
}

describe('reading /image text', () => {
  it('takes options anywhere, with --no running to the next option', () => {
    expect(parseGenerateText('--seed 9 a lighthouse --no text, logos --count 2 at dusk')).toEqual({
      prompt: 'a lighthouse at dusk',
      seed: '9',
      negativePrompt: 'text, logos',
      count: '2',
    });
  });

  it('accepts the em dash a Slack client makes of "--", and Slack-escaped characters', () => {
    expect(parseGenerateText('salt &amp; pepper —size 16:9')).toEqual({
      prompt: 'salt & pepper',
      size: '16:9',
    });
  });

  it('says what is wrong with an unknown, repeated or empty option, with the usage line', () => {
    expect(userMessage(() => parseGenerateText('a cat --colour red'))).toMatch(
      /^Unknown option `--colour`.*\nUsage: `\/image/s,
    );
    expect(userMessage(() => parseGenerateText('a cat --seed 1 --seed 2'))).toContain(
      '`--seed` is given twice',
    );
    expect(userMessage(() => parseGenerateText('a cat --seed'))).toContain(
      '`--seed` needs a value, e.g. `--seed 42`',
    );
  });
});

describe('planning a generation', () => {
  it('fills in Nova Canvas, 1024x1024, one image and a seed when nothing is said', () => {
    const result = plan('a lighthouse');
    expect(result.modelId).toBe('amazon.nova-canvas-v1:0');
    expect(result.task).toEqual({
      operation: 'text-to-image',
      prompt: 'a lighthouse',
      width: 1024,
      height: 1024,
      seed: result.seed,
      count: 1,
    });
    expect(result.seed).toBeGreaterThan(0);
  });

  it('uses a model’s native style, or writes the style into the prompt when it has none', () => {
    expect(plan('a fox --style sketch').task).toMatchObject({ prompt: 'a fox', style: 'DESIGN_SKETCH' });
    expect(plan('a fox --style watercolor').task).toMatchObject({
      prompt: 'a fox, watercolor painting, soft washes of colour',
    });
    expect(plan('a fox --style anime --model core').task).toMatchObject({ prompt: 'a fox', style: 'anime' });
    expect(plan('a fox --style anime --model titan').task).toMatchObject({
      prompt: 'a fox, anime illustration',
    });
  });

  it('turns sizes into what each model makes', () => {
    expect(plan('a fox --size 16:9').size).toEqual({ width: 1360, height: 768 });
    expect(plan('a fox --size wide --model sd3.5').size).toEqual({ width: 1344, height: 768 });
    expect(plan('a fox --size 1920x1080 --model ultra').size).toEqual({ width: 1344, height: 768 });
    expect(plan('a fox --size 3:2 --model titan').size).toEqual({ width: 1152, height: 768 });
  });

  it('refuses impossible sizes with the rule of the model', () => {
    expect(userMessage(() => plan('a fox --size 1000x1000'))).toContain('multiples of 16 from 320 to 4096');
    expect(userMessage(() => plan('a fox --size 4096x4096'))).toContain('at most 4.19 megapixels');
    expect(userMessage(() => plan('a fox --size 4096x320'))).toContain('between 1:4 and 4:1');
    expect(userMessage(() => plan('a fox --size 640x640 --model titan'))).toContain(
      'It makes: 1024x1024, 768x768',
    );
    expect(userMessage(() => plan('a fox --size 7:3 --model sd3.5'))).toContain('`1:1`, `16:9`');
    expect(userMessage(() => plan('a fox --size huge'))).toContain('is not a size');
  });

  it('checks prompt lengths per model and points to a roomier model', () => {
    expect(userMessage(() => plan('x'.repeat(1025)))).toBe(
      'The prompt is 1,025 characters; Nova Canvas takes at most 1,024. Shorten it or use a model with more room, e.g. `--model sd3.5` (10,000).',
    );
    expect(userMessage(() => plan(`${'x'.repeat(500)} --style watercolor --model titan`))).toContain(
      'characters with the style words added; Titan Image Generator v2 takes at most 512',
    );
    expect(plan(`${'x'.repeat(5000)} --model sd3.5`).prompt).toHaveLength(5000);
    expect(userMessage(() => plan(`a fox --no ${'y'.repeat(1100)}`))).toContain(
      'The negative prompt is 1,100 characters',
    );
  });

  it('checks seeds, counts, styles and models', () => {
    expect(userMessage(() => plan('a fox --seed -1'))).toContain('`--seed -1` is not valid');
    expect(userMessage(() => plan('a fox --seed 4294967294'))).toContain(
      'from 0 to 858,993,459 for Nova Canvas',
    );
    expect(plan('a fox --seed 4294967294 --model sd3.5').seed).toBe(4_294_967_294);
    expect(userMessage(() => plan('a fox --count 5'))).toContain('from 1 to 4');
    expect(userMessage(() => plan('a fox --style crayon'))).toContain(
      'Unknown style `crayon`. Styles: `photo`',
    );
    expect(userMessage(() => plan('a fox --model dall-e'))).toContain(
      'Unknown image model `dall-e`. Image models: `nova`',
    );
    expect(userMessage(() => plan('a fox --model stability.stable-fast-upscale-v1:0'))).toContain(
      "Stability Fast Upscale can't generate images from text. Try Nova Canvas (`--model nova`)",
    );
  });

  it('keeps an inference profile id as typed', () => {
    expect(plan('a fox --model us.amazon.nova-canvas-v1:0').modelId).toBe('us.amazon.nova-canvas-v1:0');
  });

  it('asks for a prompt when there is none', () => {
    expect(userMessage(() => plan('--seed 4'))).toMatch(/^Tell me what to draw/);
    expect(userMessage(() => plan('help'))).toContain('Usage:');
  });
});

describe('sizes Strata itself records', () => {
  it('plans every Stability output size again, so Regenerate keeps the shape', () => {
    for (const size of ['1024x1024', '1344x768', '1536x640', '832x1216', '640x1536']) {
      expect(plan(`a fox --size ${size} --model sd3.5`).size).toEqual({
        width: Number(size.split('x')[0]),
        height: Number(size.split('x')[1]),
      });
    }
  });
});

describe('model names', () => {
  it('sends the full model id when a short name is typed', () => {
    expect(plan('a fox --model sd3.5').modelId).toBe('stability.sd3-5-large-v1:0');
    expect(plan('a fox --model Titan').modelId).toBe('amazon.titan-image-generator-v2:0');
  });
});
