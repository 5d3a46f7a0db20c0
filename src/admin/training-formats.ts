import type { JobCustomization } from '../bedrock/customization.js';
import type { ModelFamily } from './model-family.js';

/** The JSONL record shapes Bedrock model customization accepts. */
export type RecordFormat = 'prompt-completion' | 'conversation' | 'text-input' | 'image-caption';

export interface DataLimits {
  maxTrainingRecords: number;
  maxValidationRecords: number;
  /** Per record, estimated at four characters a token (the models' own tokenizers differ slightly). */
  maxTokensPerRecord: number;
}

export interface TrainingFormat {
  format: RecordFormat;
  limits: DataLimits;
  /** One line shown to admins, e.g. `{"prompt": "…", "completion": "…"}`. */
  example: string;
}

export const CHARS_PER_TOKEN = 4;

const examples: Record<RecordFormat, string> = {
  'prompt-completion': '{"prompt": "…", "completion": "…"}',
  conversation:
    '{"schemaVersion": "bedrock-conversation-2024", "system": [{"text": "…"}], "messages": [{"role": "user", "content": [{"text": "…"}]}, {"role": "assistant", "content": [{"text": "…"}]}]}',
  'text-input': '{"input": "…"}',
  'image-caption': '{"image-ref": "s3://bucket/image.png", "caption": "…"}',
};

const fineTuning: Record<ModelFamily, { format: RecordFormat; limits: DataLimits }> = {
  'claude-3-haiku': {
    format: 'conversation',
    limits: { maxTrainingRecords: 10_000, maxValidationRecords: 1_000, maxTokensPerRecord: 32_000 },
  },
  nova: {
    format: 'conversation',
    limits: { maxTrainingRecords: 20_000, maxValidationRecords: 1_000, maxTokensPerRecord: 32_000 },
  },
  'titan-text': {
    format: 'prompt-completion',
    limits: { maxTrainingRecords: 10_000, maxValidationRecords: 1_000, maxTokensPerRecord: 4_096 },
  },
  llama: {
    format: 'prompt-completion',
    limits: { maxTrainingRecords: 10_000, maxValidationRecords: 1_000, maxTokensPerRecord: 4_096 },
  },
  'cohere-command': {
    format: 'prompt-completion',
    limits: { maxTrainingRecords: 10_000, maxValidationRecords: 1_000, maxTokensPerRecord: 4_096 },
  },
  'titan-image': {
    format: 'image-caption',
    limits: { maxTrainingRecords: 10_000, maxValidationRecords: 0, maxTokensPerRecord: 128 },
  },
  'titan-multimodal-embed': {
    format: 'image-caption',
    limits: { maxTrainingRecords: 500_000, maxValidationRecords: 50_000, maxTokensPerRecord: 128 },
  },
};

/** The record format and limits a base model expects for a customization type. */
export function trainingFormat(family: ModelFamily, customization: JobCustomization): TrainingFormat {
  if (customization === 'CONTINUED_PRE_TRAINING') {
    return {
      format: 'text-input',
      limits: { maxTrainingRecords: 100_000, maxValidationRecords: 1_000, maxTokensPerRecord: 4_096 },
      example: examples['text-input'],
    };
  }
  const { format, limits } = fineTuning[family];
  return { format, limits, example: examples[format] };
}
