import { describe, expect, it } from 'vitest';
import { checkHyperparameters, describeRange, hyperparameterSpecs } from '../../src/admin/hyperparameters.js';
import { modelFamily } from '../../src/admin/model-family.js';

const haiku = hyperparameterSpecs('claude-3-haiku', 'FINE_TUNING');
const titan = hyperparameterSpecs('titan-text', 'FINE_TUNING');

describe('hyperparameter specs per base model', () => {
  it('recognises model families from ids, inference profiles and ARNs', () => {
    expect(modelFamily('anthropic.claude-3-haiku-20240307-v1:0')).toBe('claude-3-haiku');
    expect(modelFamily('us.amazon.nova-lite-v1:0')).toBe('nova');
    expect(modelFamily('arn:aws:bedrock:us-east-1::foundation-model/meta.llama3-1-8b-instruct-v1:0')).toBe(
      'llama',
    );
    expect(modelFamily('amazon.titan-text-express-v1')).toBe('titan-text');
    expect(modelFamily('anthropic.claude-3-5-sonnet-20241022-v2:0')).toBeUndefined();
  });

  it('gives Claude 3 Haiku its own keys: epochs, batch size, learning-rate multiplier, early stopping', () => {
    expect(haiku.map((s) => s.key)).toEqual([
      'epochCount',
      'batchSize',
      'learningRateMultiplier',
      'earlyStoppingThreshold',
      'earlyStoppingPatience',
    ]);
    expect(haiku.map(describeRange)[0]).toBe('1–10, default 2');
  });

  it('gives Titan Text learning rate and warm-up steps, and drops early stopping for continued pre-training', () => {
    expect(titan.map((s) => s.key)).toEqual([
      'epochCount',
      'batchSize',
      'learningRate',
      'learningRateWarmupSteps',
    ]);
    expect(
      hyperparameterSpecs('cohere-command', 'CONTINUED_PRE_TRAINING').some((s) =>
        s.key.startsWith('earlyStopping'),
      ),
    ).toBe(false);
  });
});

describe('checking hyperparameters', () => {
  it('fills defaults for empty fields and returns Bedrock string values', () => {
    expect(checkHyperparameters(haiku, { epochCount: '3', batchSize: '' }, 'Claude 3 Haiku')).toEqual({
      ok: true,
      values: {
        epochCount: '3',
        batchSize: '32',
        learningRateMultiplier: '1',
        earlyStoppingThreshold: '0.001',
        earlyStoppingPatience: '2',
      },
    });
  });

  it('names the allowed range when a value is out of range', () => {
    const result = checkHyperparameters(haiku, { epochCount: '11', batchSize: '2' }, 'Claude 3 Haiku');
    expect(result).toEqual({
      ok: false,
      errors: {
        epochCount: 'Epochs must be between 1–10 for Claude 3 Haiku; got 11.',
        batchSize: 'Batch size must be between 4–256 for Claude 3 Haiku; got 2.',
      },
    });
  });

  it('refuses fractions for whole-number keys, non-numbers, and keys the model does not have', () => {
    const result = checkHyperparameters(
      titan,
      { epochCount: '2.5', learningRate: 'fast', learningRateMultiplier: '1' },
      'Titan Text G1 - Express',
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.epochCount).toBe('Epochs must be a whole number (1–10); got 2.5.');
    expect(result.errors.learningRate).toMatch(
      /^Learning rate must be a number \(1e-7–1e-5\); got "fast"\.$/,
    );
    expect(result.errors.learningRateMultiplier).toMatch(/has no hyperparameter `learningRateMultiplier`/);
  });

  it('accepts scientific notation inside the range', () => {
    const result = checkHyperparameters(titan, { learningRate: '5e-6' }, 'Titan');
    expect(result).toMatchObject({ ok: true, values: { learningRate: '0.000005' } });
  });
});
