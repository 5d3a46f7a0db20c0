import { z } from 'zod';
import type { JobCustomization } from '../bedrock/customization.js';
import { checkHyperparameters, type HyperparameterSpec } from './hyperparameters.js';
import type { FineTuneModalState } from './views/finetune-modal.js';

/** Training or validation data: a JSONL file shared in Slack, or an object already in S3. */
export type DataRef = { kind: 'slack-file'; fileId: string; name: string } | { kind: 's3'; uri: string };

export interface FineTuneForm {
  channel: string;
  threadTs?: string;
  baseModelId: string;
  customization: JobCustomization;
  training: DataRef;
  validation?: DataRef;
  /** Checked against the base model's specs; Bedrock string values. */
  hyperParameters: Record<string, string>;
  outputUri: string;
  customModelName: string;
}

export type FormResult = { ok: true; form: FineTuneForm } | { ok: false; errors: Record<string, string> };

export const S3_URI = /^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/\S*)?$/;
export const RESOURCE_NAME = /^[a-zA-Z0-9](-*[a-zA-Z0-9+\-.])*$/;

const customization = z.enum(['FINE_TUNING', 'CONTINUED_PRE_TRAINING']);

const stateSchema = z.object({
  channel: z.string().regex(/^[CDG][A-Z0-9]+$/),
  threadTs: z.string().optional(),
  baseModelId: z.string().min(1).optional(),
  baseModelName: z.string().min(1).max(200).optional(),
  customization: customization.optional(),
});

const fieldSchema = z.looseObject({
  type: z.string(),
  value: z.string().nullish(),
  selected_option: z.looseObject({ value: z.string(), text: z.unknown().optional() }).nullish(),
  files: z.array(z.looseObject({ id: z.string(), name: z.string().optional() })).optional(),
});
const valuesSchema = z.record(z.string(), z.record(z.string(), fieldSchema));
type Values = z.infer<typeof valuesSchema>;

export function parseModalState(privateMetadata: string | undefined): FineTuneModalState | undefined {
  try {
    const parsed = stateSchema.safeParse(JSON.parse(privateMetadata ?? ''));
    return parsed.success ? dropUndefined(parsed.data) : undefined;
  } catch {
    return undefined;
  }
}

/** Step 1 of the modal: the chosen base model and customization. */
export function parseModelChoice(
  values: unknown,
): { baseModelId: string; customization: JobCustomization } | undefined {
  const parsed = valuesSchema.safeParse(values);
  if (!parsed.success) return undefined;
  const baseModelId = field(parsed.data, 'base_model')?.selected_option?.value;
  const chosen = customization.safeParse(
    field(parsed.data, 'customization')?.selected_option?.value ?? 'FINE_TUNING',
  );
  return baseModelId && chosen.success ? { baseModelId, customization: chosen.data } : undefined;
}

/** Step 2: every field checked, with one error per block (Slack shows it under that input). */
export function parseFineTuneSubmission(
  values: unknown,
  state: FineTuneModalState,
  model: {
    modelId: string;
    name: string;
    customization: JobCustomization;
    specs: readonly HyperparameterSpec[];
  },
): FormResult {
  const parsed = valuesSchema.safeParse(values);
  if (!parsed.success)
    return { ok: false, errors: { training_file: 'The form could not be read; please open it again.' } };
  const v = parsed.data;
  const errors: Record<string, string> = {};

  const training = dataRef(v, 'training', errors, true);
  const validation = dataRef(v, 'validation', errors, false);

  const hp = checkHyperparameters(
    model.specs,
    Object.fromEntries(model.specs.map((s) => [s.key, text(v, `hp_${s.key}`)])),
    model.name,
  );
  if (!hp.ok) for (const [key, message] of Object.entries(hp.errors)) errors[`hp_${key}`] = message;

  const outputUri = text(v, 'output_s3');
  if (!S3_URI.test(outputUri)) errors.output_s3 = 'Give an S3 location like s3://my-bucket/finetune/output/.';
  const customModelName = text(v, 'model_name');
  if (customModelName.length > 63 || !RESOURCE_NAME.test(customModelName)) {
    errors.model_name = 'Use 1–63 letters, digits, -, + or . (starting with a letter or digit).';
  }

  if (Object.keys(errors).length > 0 || !training || !hp.ok) return { ok: false, errors };
  return {
    ok: true,
    form: {
      channel: state.channel,
      ...(state.threadTs ? { threadTs: state.threadTs } : {}),
      baseModelId: model.modelId,
      customization: model.customization,
      training,
      ...(validation ? { validation } : {}),
      hyperParameters: hp.values,
      outputUri: outputUri.endsWith('/') ? outputUri : `${outputUri}/`,
      customModelName,
    },
  };
}

function dataRef(
  v: Values,
  prefix: 'training' | 'validation',
  errors: Record<string, string>,
  required: boolean,
): DataRef | undefined {
  const uploaded = field(v, `${prefix}_file`)?.files ?? [];
  const shared = field(v, `${prefix}_shared`)?.selected_option;
  const files = shared ? [...uploaded, { id: shared.value, name: sharedName(shared) }] : uploaded;
  const uri = text(v, `${prefix}_s3`);
  const label = prefix === 'training' ? 'training' : 'validation';
  if (files.length + (uri === '' ? 0 : 1) > 1) {
    errors[`${prefix}_s3`] = `Give the ${label} data one way: a file, a shared file or an S3 URI.`;
    return undefined;
  }
  const [file] = files;
  if (file) {
    const name = file.name ?? 'data.jsonl';
    if (!name.toLowerCase().endsWith('.jsonl')) {
      errors[`${prefix}_file`] =
        `${name} is not a .jsonl file; ${label} data is JSON Lines, one record per line.`;
      return undefined;
    }
    return { kind: 'slack-file', fileId: file.id, name };
  }
  if (uri !== '') {
    if (!S3_URI.test(uri) || !uri.toLowerCase().endsWith('.jsonl')) {
      errors[`${prefix}_s3`] = 'Give the S3 URI of a .jsonl object, like s3://my-bucket/data/train.jsonl.';
      return undefined;
    }
    return { kind: 's3', uri };
  }
  if (required) errors[`${prefix}_file`] = 'Upload a .jsonl file, or give its S3 URI below.';
  return undefined;
}

function sharedName(option: { value: string; text?: unknown }): string {
  const parsed = z.object({ text: z.string() }).safeParse(option.text);
  return parsed.success ? parsed.data.text : 'data.jsonl';
}

function field(v: Values, blockId: string) {
  return v[blockId]?.value;
}

function text(v: Values, blockId: string): string {
  return (field(v, blockId)?.value ?? '').trim();
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, x]) => x !== undefined)) as T;
}
