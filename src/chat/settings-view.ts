import type { KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import type { ChatSettings } from '../store/settings-store.js';
import { settingsSchema } from './chat-settings.js';

export const SETTINGS_VIEW = 'strata_settings';

export interface SettingsViewContext {
  channel: string;
  /** Only admins may change a channel's settings. */
  canEditChannel: boolean;
}

type Field = 'modelId' | 'temperature' | 'topP' | 'topK' | 'maxTokens' | 'systemPrompt';

const FIELDS: Array<{
  field: Field;
  label: string;
  hint: string;
  number?: { decimal: boolean; min: string; max: string };
}> = [
  {
    field: 'modelId',
    label: 'Model',
    hint: 'A Bedrock model id, inference profile id or ARN. Empty: the default.',
  },
  {
    field: 'temperature',
    label: 'Temperature',
    hint: '0–1. Lower is more focused.',
    number: { decimal: true, min: '0', max: '1' },
  },
  {
    field: 'topP',
    label: 'Top p',
    hint: '0–1. Nucleus sampling.',
    number: { decimal: true, min: '0', max: '1' },
  },
  {
    field: 'topK',
    label: 'Top k',
    hint: '0–500. Not every model family has it.',
    number: { decimal: false, min: '0', max: '500' },
  },
  {
    field: 'maxTokens',
    label: 'Max tokens',
    hint: 'Longest reply, in tokens.',
    number: { decimal: false, min: '1', max: '64000' },
  },
  { field: 'systemPrompt', label: 'System prompt', hint: 'How Strata should behave. Empty: the default.' },
];

/** The `/bedrock settings` modal, prefilled with the person's own settings. */
export function settingsView(current: ChatSettings, context: SettingsViewContext): ModalView {
  const scopeOptions: PlainTextOption[] = [
    { text: { type: 'plain_text', text: 'Just me' }, value: 'user' },
    ...(context.canEditChannel
      ? [{ text: { type: 'plain_text' as const, text: 'Everyone in this channel' }, value: 'channel' }]
      : []),
  ];
  const blocks: KnownBlock[] = [
    {
      type: 'input',
      block_id: 'scope',
      label: { type: 'plain_text', text: 'Apply to' },
      element: {
        type: 'radio_buttons',
        action_id: 'value',
        options: scopeOptions,
        initial_option: scopeOptions[0],
      },
    },
    ...FIELDS.map(({ field, label, hint, number }): KnownBlock => {
      const initial = current[field];
      const element = number
        ? {
            type: 'number_input' as const,
            action_id: 'value',
            is_decimal_allowed: number.decimal,
            min_value: number.min,
            max_value: number.max,
            ...(initial === undefined ? {} : { initial_value: String(initial) }),
          }
        : {
            type: 'plain_text_input' as const,
            action_id: 'value',
            multiline: field === 'systemPrompt',
            ...(initial === undefined ? {} : { initial_value: String(initial) }),
          };
      return {
        type: 'input',
        block_id: field,
        optional: true,
        label: { type: 'plain_text', text: label },
        hint: { type: 'plain_text', text: hint },
        element,
      };
    }),
  ];
  return {
    type: 'modal',
    callback_id: SETTINGS_VIEW,
    private_metadata: JSON.stringify({ channel: context.channel }),
    title: { type: 'plain_text', text: 'Strata settings' },
    submit: { type: 'plain_text', text: 'Save' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks,
  };
}

type StateValues = Record<
  string,
  Record<string, { value?: string | null; selected_option?: { value: string } | null }>
>;

export type SettingsSubmission =
  | { ok: true; scope: 'user' | 'channel'; settings: ChatSettings }
  | { ok: false; errors: Record<string, string> };

/** Reads and validates a submitted settings modal; errors are keyed by block id, as Slack shows them. */
export function readSettingsSubmission(values: StateValues): SettingsSubmission {
  const scope = values.scope?.value?.selected_option?.value === 'channel' ? 'channel' : 'user';
  const raw: Record<string, string | number> = {};
  const errors: Record<string, string> = {};
  for (const { field, number } of FIELDS) {
    const text = values[field]?.value?.value?.trim();
    if (text === undefined || text === null || text === '') continue;
    const value = number ? Number(text) : text;
    if (number && !Number.isFinite(value)) errors[field] = 'Enter a number.';
    else raw[field] = value;
  }
  const parsed = settingsSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0]);
      errors[field] ??= friendly(field, issue.code, issue.message);
    }
  }
  if (Object.keys(errors).length > 0 || !parsed.success) return { ok: false, errors };
  return { ok: true, scope, settings: parsed.data };
}

function friendly(field: string, code: string, message: string): string {
  const spec = FIELDS.find((f) => f.field === field)?.number;
  if (spec && (code === 'too_small' || code === 'too_big' || code === 'invalid_type')) {
    return `Must be ${spec.decimal ? 'a number' : 'a whole number'} from ${spec.min} to ${spec.max}.`;
  }
  return message.charAt(0).toUpperCase() + message.slice(1);
}
