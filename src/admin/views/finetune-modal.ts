import type { InputBlock, KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import type { FoundationModel } from '../../bedrock/catalog.js';
import type { JobCustomization } from '../../bedrock/customization.js';
import { describeRange, type HyperparameterSpec } from '../hyperparameters.js';
import type { TrainingFormat } from '../training-formats.js';

export const FINETUNE_CHOOSE_CALLBACK = 'finetune_choose_model';
export const FINETUNE_CREATE_CALLBACK = 'finetune_create';

/** Carried through the modal in private_metadata: where the admin asked, and what was chosen so far. */
export interface FineTuneModalState {
  channel: string;
  threadTs?: string;
  baseModelId?: string;
  /** Set with the form: the model's name, for the field errors shown when the form is submitted. */
  baseModelName?: string;
  customization?: JobCustomization;
}

const plain = (text: string) => ({ type: 'plain_text' as const, text: text.slice(0, 2000) });
const truncate = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

export const customizationLabels: Record<JobCustomization, string> = {
  FINE_TUNING: 'Fine-tuning (labelled examples)',
  CONTINUED_PRE_TRAINING: 'Continued pre-training (raw domain text)',
};

/** Step 1: pick a customizable base model and the kind of customization; `problem` says why the last pick failed. */
export function chooseBaseModelView(
  models: readonly FoundationModel[],
  state: FineTuneModalState,
  problem?: string,
): ModalView {
  const byProvider = new Map<string, FoundationModel[]>();
  for (const m of models) byProvider.set(m.provider, [...(byProvider.get(m.provider) ?? []), m]);
  const option = (m: FoundationModel): PlainTextOption => ({
    text: plain(truncate(`${m.name}${m.lifecycle === 'LEGACY' ? ' (legacy)' : ''}`, 75)),
    value: m.modelId,
    description: plain(
      truncate(
        `${m.modelId} · ${m.customizations.map((c) => c.toLowerCase().replace(/_/g, ' ')).join(', ')}`,
        75,
      ),
    ),
  });
  return {
    type: 'modal',
    callback_id: FINETUNE_CHOOSE_CALLBACK,
    private_metadata: JSON.stringify(state),
    title: plain('Fine-tune a model'),
    submit: plain('Next'),
    close: plain('Cancel'),
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: 'Choose the base model to customize. Only models that Amazon Bedrock can customize in this region are listed.',
        },
      },
      ...(problem ? [{ type: 'section' as const, text: { type: 'mrkdwn' as const, text: problem } }] : []),
      {
        type: 'input',
        block_id: 'base_model',
        label: plain('Base model'),
        element: {
          type: 'static_select',
          action_id: 'value',
          placeholder: plain('Choose a model'),
          option_groups: [...byProvider.entries()].slice(0, 100).map(([provider, list]) => ({
            label: plain(truncate(provider, 75)),
            options: list.slice(0, 100).map(option),
          })),
        },
      },
      {
        type: 'input',
        block_id: 'customization',
        label: plain('Customization'),
        element: {
          type: 'radio_buttons',
          action_id: 'value',
          initial_option: { text: plain(customizationLabels.FINE_TUNING), value: 'FINE_TUNING' },
          options: (['FINE_TUNING', 'CONTINUED_PRE_TRAINING'] as const).map((c) => ({
            text: plain(customizationLabels[c]),
            value: c,
          })),
        },
      },
    ],
  };
}

/** A .jsonl file shared in the channel where the admin asked: the modal offers them as data. */
export interface SharedFile {
  id: string;
  name: string;
  /** Who shared it and when, e.g. `dana · Nov 20`. */
  detail: string;
}

/** Step 2: data, hyperparameters (the base model's own keys and ranges), output and name. */
export function fineTuneFormView(input: {
  model: FoundationModel;
  customization: JobCustomization;
  format: TrainingFormat;
  specs: readonly HyperparameterSpec[];
  outputDefault: string;
  nameDefault: string;
  state: FineTuneModalState;
  sharedFiles?: readonly SharedFile[];
}): ModalView {
  const { model, customization, format, specs } = input;
  const takesValidation = format.limits.maxValidationRecords > 0;
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `*${model.name}* (\`${model.modelId}\`)\n${customizationLabels[customization]}`,
      },
    },
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `Training data: JSONL, one record per line: \`${truncate(format.example, 240)}\` · up to ${format.limits.maxTrainingRecords.toLocaleString('en-US')} records of ~${format.limits.maxTokensPerRecord.toLocaleString('en-US')} tokens. Strata checks every line before anything is uploaded.`,
        },
      ],
    },
    fileInput(
      'training_file',
      'Training data (.jsonl file)',
      'Upload the file here, pick one shared in the channel, or give an S3 URI.',
    ),
    ...sharedFileInput('training_shared', 'Training data (shared in the channel)', input.sharedFiles),
    textInput('training_s3', 'Training data (S3 URI)', 's3://bucket/path/train.jsonl', undefined, true),
    ...(takesValidation
      ? [
          fileInput('validation_file', 'Validation data (.jsonl file)', undefined),
          ...sharedFileInput(
            'validation_shared',
            'Validation data (shared in the channel)',
            input.sharedFiles,
          ),
          textInput(
            'validation_s3',
            'Validation data (S3 URI)',
            's3://bucket/path/validation.jsonl',
            undefined,
            true,
          ),
        ]
      : []),
    { type: 'header', text: plain('Hyperparameters') },
    ...specs.map((spec) => numberInput(spec)),
    { type: 'divider' },
    textInput('output_s3', 'Output location (S3 URI)', 's3://bucket/path/', input.outputDefault, false),
    textInput('model_name', 'Custom model name', 'letters, digits, - + .', input.nameDefault, false),
  ];
  return {
    type: 'modal',
    callback_id: FINETUNE_CREATE_CALLBACK,
    private_metadata: JSON.stringify({
      ...input.state,
      baseModelId: model.modelId,
      baseModelName: truncate(model.name, 200),
      customization,
    }),
    title: plain('Fine-tune a model'),
    submit: plain('Start job'),
    close: plain('Cancel'),
    blocks,
  };
}

function fileInput(blockId: string, label: string, hint: string | undefined): InputBlock {
  return {
    type: 'input',
    block_id: blockId,
    optional: true,
    label: plain(label),
    ...(hint ? { hint: plain(hint) } : {}),
    element: { type: 'file_input', action_id: 'value', filetypes: ['jsonl'], max_files: 1 },
  };
}

function sharedFileInput(
  blockId: string,
  label: string,
  files: readonly SharedFile[] | undefined,
): InputBlock[] {
  if (!files || files.length === 0) return [];
  return [
    {
      type: 'input',
      block_id: blockId,
      optional: true,
      label: plain(label),
      element: {
        type: 'static_select',
        action_id: 'value',
        placeholder: plain('Choose a .jsonl file'),
        options: files.slice(0, 100).map((f) => ({
          text: plain(truncate(f.name, 75)),
          value: f.id,
          description: plain(truncate(f.detail, 75)),
        })),
      },
    },
  ];
}

function textInput(
  blockId: string,
  label: string,
  placeholder: string,
  initial: string | undefined,
  optional: boolean,
): InputBlock {
  return {
    type: 'input',
    block_id: blockId,
    optional,
    label: plain(label),
    element: {
      type: 'plain_text_input',
      action_id: 'value',
      placeholder: plain(placeholder),
      ...(initial ? { initial_value: initial } : {}),
    },
  };
}

function numberInput(spec: HyperparameterSpec): InputBlock {
  return {
    type: 'input',
    block_id: `hp_${spec.key}`,
    optional: true,
    label: plain(`${spec.label} (${spec.key})`),
    hint: plain(`${spec.hint ? `${spec.hint} ` : ''}Range ${describeRange(spec)}.`),
    element: {
      type: 'number_input',
      action_id: 'value',
      is_decimal_allowed: spec.kind === 'float',
      initial_value: decimal(spec.default),
      min_value: decimal(spec.min),
      max_value: decimal(spec.max),
    },
  };
}

/** Number inputs take plain decimals, never `1e-7`. */
const decimal = (value: number) =>
  value.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 20 });
