import type { JobCustomization } from '../bedrock/customization.js';
import type { ModelFamily } from './model-family.js';

/** One hyperparameter a base model accepts, with Bedrock's key, its range and default. */
export interface HyperparameterSpec {
  key: string;
  label: string;
  kind: 'int' | 'float';
  min: number;
  max: number;
  default: number;
  hint?: string;
}

const epochs = (min: number, max: number, def: number): HyperparameterSpec => ({
  key: 'epochCount',
  label: 'Epochs',
  kind: 'int',
  min,
  max,
  default: def,
  hint: 'Passes over the training data.',
});
const batch = (min: number, max: number, def: number): HyperparameterSpec => ({
  key: 'batchSize',
  label: 'Batch size',
  kind: 'int',
  min,
  max,
  default: def,
  hint: 'Records per training step.',
});
const rate = (min: number, max: number, def: number): HyperparameterSpec => ({
  key: 'learningRate',
  label: 'Learning rate',
  kind: 'float',
  min,
  max,
  default: def,
});
const warmup = (min: number, max: number, def: number): HyperparameterSpec => ({
  key: 'learningRateWarmupSteps',
  label: 'Warm-up steps',
  kind: 'int',
  min,
  max,
  default: def,
  hint: 'Steps over which the learning rate ramps up.',
});
const earlyThreshold = (def: number): HyperparameterSpec => ({
  key: 'earlyStoppingThreshold',
  label: 'Early-stopping threshold',
  kind: 'float',
  min: 0,
  max: 0.1,
  default: def,
  hint: 'Minimum validation-loss improvement that counts.',
});
const earlyPatience = (def: number): HyperparameterSpec => ({
  key: 'earlyStoppingPatience',
  label: 'Early-stopping patience',
  kind: 'int',
  min: 1,
  max: 10,
  default: def,
});

/** Allowed keys and ranges per base-model family (Amazon Bedrock user guide, model customization hyperparameters). */
const specs: Record<ModelFamily, HyperparameterSpec[]> = {
  'claude-3-haiku': [
    epochs(1, 10, 2),
    batch(4, 256, 32),
    {
      key: 'learningRateMultiplier',
      label: 'Learning-rate multiplier',
      kind: 'float',
      min: 0.1,
      max: 2,
      default: 1,
      hint: 'Scales the base learning rate.',
    },
    earlyThreshold(0.001),
    earlyPatience(2),
  ],
  'titan-text': [epochs(1, 10, 5), batch(1, 64, 1), rate(0.0000001, 0.00001, 0.00001), warmup(0, 250, 5)],
  nova: [epochs(1, 5, 2), rate(0.000001, 0.0001, 0.00001), warmup(0, 100, 10)],
  llama: [epochs(1, 10, 5), batch(1, 1, 1), rate(0.000005, 0.1, 0.0001)],
  'cohere-command': [
    epochs(1, 100, 1),
    batch(8, 32, 8),
    rate(0.000005, 0.1, 0.00001),
    earlyThreshold(0.01),
    earlyPatience(6),
    {
      key: 'evalPercentage',
      label: 'Evaluation %',
      kind: 'float',
      min: 5,
      max: 50,
      default: 20,
      hint: 'Share of training data held out when no validation data is given.',
    },
  ],
  'titan-image': [
    { key: 'stepCount', label: 'Steps', kind: 'int', min: 1000, max: 200_000, default: 1000 },
    batch(8, 192, 8),
    rate(0.0000001, 0.0001, 0.00001),
  ],
  'titan-multimodal-embed': [epochs(1, 100, 4), batch(256, 9216, 576), rate(0.00000005, 1, 0.00005)],
};

export function hyperparameterSpecs(
  family: ModelFamily,
  customization: JobCustomization,
): HyperparameterSpec[] {
  const all = specs[family];
  // Continued pre-training has no validation loss to stop early on.
  return customization === 'CONTINUED_PRE_TRAINING'
    ? all.filter((s) => !s.key.startsWith('earlyStopping'))
    : all;
}

export type HyperparameterCheck =
  | { ok: true; values: Record<string, string> }
  | { ok: false; errors: Record<string, string> };

/**
 * Checks what an admin typed against the model's specs. Empty fields take the default; unknown keys,
 * non-numbers, fractions for integers and out-of-range values are errors that name the allowed range.
 */
export function checkHyperparameters(
  specsForModel: readonly HyperparameterSpec[],
  input: Record<string, string | undefined>,
  modelName: string,
): HyperparameterCheck {
  const errors: Record<string, string> = {};
  const values: Record<string, string> = {};
  for (const key of Object.keys(input)) {
    if (!specsForModel.some((s) => s.key === key) && (input[key] ?? '').trim() !== '') {
      errors[key] =
        `${modelName} has no hyperparameter \`${key}\`. Allowed: ${specsForModel.map((s) => s.key).join(', ')}.`;
    }
  }
  for (const spec of specsForModel) {
    const raw = (input[spec.key] ?? '').trim();
    if (raw === '') {
      values[spec.key] = String(spec.default);
      continue;
    }
    const value = Number(raw);
    const range = `${formatNumber(spec.min)}–${formatNumber(spec.max)}`;
    if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(raw) || !Number.isFinite(value)) {
      errors[spec.key] = `${spec.label} must be a number (${range}); got "${raw.slice(0, 30)}".`;
    } else if (spec.kind === 'int' && !Number.isInteger(value)) {
      errors[spec.key] = `${spec.label} must be a whole number (${range}); got ${raw}.`;
    } else if (value < spec.min || value > spec.max) {
      errors[spec.key] = `${spec.label} must be between ${range} for ${modelName}; got ${raw}.`;
    } else {
      values[spec.key] = String(value);
    }
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, values };
}

export function formatNumber(value: number): string {
  if (value !== 0 && Math.abs(value) < 0.001) return value.toExponential();
  return String(value);
}

export function describeRange(spec: HyperparameterSpec): string {
  return `${formatNumber(spec.min)}–${formatNumber(spec.max)}, default ${formatNumber(spec.default)}`;
}
