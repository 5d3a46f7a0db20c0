import { SlackApiError } from '../web-api/api-error.js';
import type { StateValue, StateValues } from './view-types.js';

type Json = Record<string, unknown>;

interface Input {
  blockId: string;
  actionId: string;
  element: Json;
}

const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function options(element: Json): Json[] {
  const flat = Array.isArray(element.options) ? element.options : [];
  const groups = Array.isArray(element.option_groups) ? element.option_groups : [];
  const grouped = groups.flatMap((g) => (isRecord(g) && Array.isArray(g.options) ? g.options : []));
  return [...flat, ...grouped].filter(isRecord);
}

function option(element: Json, value: unknown): Json | null {
  if (value === null || value === undefined || value === '') return null;
  if (isRecord(value)) return value;
  const found = options(element).find((o) => o.value === value);
  if (!found) {
    throw new SlackApiError('invalid_arguments', {
      response_metadata: { messages: [`[ERROR] no option with value ${String(value)}`] },
    });
  }
  return found;
}

/** The value a person "typed" for one input, in Slack's state shape; strings and arrays are expanded. */
function stateValue(element: Json, given: unknown): StateValue {
  const type = String(element.type);
  if (isRecord(given)) {
    const keys = Object.keys(given).filter((k) => k !== 'type');
    if (!(keys.length === 1 && keys[0] === 'value')) return { ...given, type };
  }
  const raw = isRecord(given) ? given.value : given;
  switch (type) {
    case 'static_select':
    case 'radio_buttons':
    case 'external_select':
      return { type, selected_option: option(element, raw) };
    case 'checkboxes':
    case 'multi_static_select': {
      const list = Array.isArray(raw) ? raw : raw === undefined || raw === null ? [] : [raw];
      return { type, selected_options: list.map((v) => option(element, v)).filter(isRecord) };
    }
    case 'datepicker':
      return { type, selected_date: raw ?? null };
    case 'timepicker':
      return { type, selected_time: raw ?? null };
    case 'users_select':
      return { type, selected_user: raw ?? null };
    case 'conversations_select':
      return { type, selected_conversation: raw ?? null };
    case 'channels_select':
      return { type, selected_channel: raw ?? null };
    default:
      return { type, value: raw === undefined || raw === null ? null : String(raw) };
  }
}

/** What an untouched input holds: its initial value, or empty. */
function initialValue(element: Json): StateValue {
  const type = String(element.type);
  if ('initial_option' in element) return { type, selected_option: element.initial_option as Json };
  if ('initial_options' in element) return { type, selected_options: element.initial_options as Json[] };
  if (typeof element.initial_value === 'string') return stateValue(element, element.initial_value);
  if (type === 'checkboxes' || type === 'multi_static_select') return { type, selected_options: [] };
  return stateValue(element, null);
}

export function inputsOf(blocks: readonly Json[]): Input[] {
  return blocks.flatMap((block) => {
    if (block.type !== 'input' || !isRecord(block.element)) return [];
    return [
      { blockId: String(block.block_id), actionId: String(block.element.action_id), element: block.element },
    ];
  });
}

/**
 * `view.state.values` for a submission: every input of the view, with the given values
 * (`{ block: { action: "text" | ["a","b"] | {…} } }`) and initial values for the rest.
 */
export function stateValues(
  blocks: readonly Json[],
  given: Record<string, Record<string, unknown>>,
): StateValues {
  const inputs = inputsOf(blocks);
  for (const [blockId, actions] of Object.entries(given)) {
    for (const actionId of Object.keys(actions)) {
      if (!inputs.some((i) => i.blockId === blockId && i.actionId === actionId)) {
        throw new SlackApiError('invalid_arguments', {
          response_metadata: { messages: [`[ERROR] the view has no input ${blockId}/${actionId}`] },
        });
      }
    }
  }
  const values: StateValues = {};
  for (const { blockId, actionId, element } of inputs) {
    const provided = given[blockId];
    const value =
      provided && Object.hasOwn(provided, actionId)
        ? stateValue(element, provided[actionId])
        : initialValue(element);
    values[blockId] = { ...values[blockId], [actionId]: value };
  }
  return values;
}
