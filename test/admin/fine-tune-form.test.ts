import { describe, expect, it } from 'vitest';
import { parseFineTuneSubmission, parseModalState } from '../../src/admin/fine-tune-form.js';
import { hyperparameterSpecs } from '../../src/admin/hyperparameters.js';

const model = {
  modelId: 'amazon.titan-text-express-v1',
  name: 'Titan',
  customization: 'FINE_TUNING' as const,
  specs: hyperparameterSpecs('titan-text', 'FINE_TUNING'),
};
const state = { channel: 'C0GENERAL' };
const v = (value: string) => ({ value: { type: 'plain_text_input', value } });
const file = (id: string, name: string) => ({ value: { type: 'file_input', files: [{ id, name }] } });
const base = { output_s3: v('s3://strata-blobs/out'), model_name: v('my-model') };

describe('the fine-tune form', () => {
  it('reads a valid submission, filling hyperparameter defaults', () => {
    const result = parseFineTuneSubmission(
      { ...base, training_file: file('F1', 'train.jsonl'), hp_epochCount: v('4') },
      state,
      model,
    );
    expect(result).toEqual({
      ok: true,
      form: {
        channel: 'C0GENERAL',
        baseModelId: 'amazon.titan-text-express-v1',
        customization: 'FINE_TUNING',
        training: { kind: 'slack-file', fileId: 'F1', name: 'train.jsonl' },
        hyperParameters: {
          epochCount: '4',
          batchSize: '1',
          learningRate: '0.00001',
          learningRateWarmupSteps: '5',
        },
        outputUri: 's3://strata-blobs/out/',
        customModelName: 'my-model',
      },
    });
  });

  it('puts each problem under its own field', () => {
    const result = parseFineTuneSubmission(
      {
        output_s3: v('bucket/out'),
        model_name: v('bad name!'),
        validation_file: file('F2', 'v.csv'),
        hp_learningRate: v('1'),
      },
      state,
      model,
    );
    expect(result).toEqual({
      ok: false,
      errors: {
        training_file: 'Upload a .jsonl file, or give its S3 URI below.',
        validation_file: 'v.csv is not a .jsonl file; validation data is JSON Lines, one record per line.',
        hp_learningRate: 'Learning rate must be between 1e-7–1e-5 for Titan; got 1.',
        output_s3: 'Give an S3 location like s3://my-bucket/finetune/output/.',
        model_name: 'Use 1–63 letters, digits, -, + or . (starting with a letter or digit).',
      },
    });
  });

  it('takes a file or an S3 URI, not both', () => {
    const result = parseFineTuneSubmission(
      { ...base, training_file: file('F1', 'a.jsonl'), training_s3: v('s3://b/a.jsonl') },
      state,
      model,
    );
    expect(result).toMatchObject({
      ok: false,
      errors: { training_s3: 'Give the training data one way: a file, a shared file or an S3 URI.' },
    });
    const s3 = parseFineTuneSubmission({ ...base, training_s3: v('s3://my-data/train.jsonl') }, state, model);
    expect(s3).toMatchObject({
      ok: true,
      form: { training: { kind: 's3', uri: 's3://my-data/train.jsonl' } },
    });
  });

  it('rejects tampered private metadata', () => {
    expect(parseModalState('{"channel":"not a channel"}')).toBeUndefined();
    expect(parseModalState('nonsense')).toBeUndefined();
    expect(
      parseModalState('{"channel":"C0GENERAL","baseModelId":"m","customization":"FINE_TUNING"}'),
    ).toEqual({ channel: 'C0GENERAL', baseModelId: 'm', customization: 'FINE_TUNING' });
  });
});
