import { z } from 'zod';
import type { Config } from '../config.js';
import { StrataError } from '../errors.js';
import type { ChatSettings } from '../store/settings-store.js';

/** The settings one reply runs with: defaults, then the channel's, then the person's, then inline flags. */
export interface EffectiveSettings {
  modelId: string;
  temperature: number;
  topP: number | undefined;
  topK: number | undefined;
  maxTokens: number;
  systemPrompt: string;
}

export const settingsSchema = z
  .object({
    modelId: z
      .string()
      .trim()
      .min(1)
      .max(2048)
      .regex(/^[A-Za-z0-9.:_/-]+$/, 'must be a Bedrock model id, inference profile id or ARN'),
    temperature: z.number().min(0).max(1),
    topP: z.number().min(0).max(1),
    topK: z.number().int().min(0).max(500),
    maxTokens: z.number().int().min(1).max(64_000),
    systemPrompt: z.string().trim().min(1).max(4000),
  })
  .partial();

export function resolveSettings(defaults: Config['chat'], ...levels: ChatSettings[]): EffectiveSettings {
  const merged: ChatSettings = Object.assign({}, ...levels.map(definedOnly));
  return {
    modelId: merged.modelId ?? defaults.modelId,
    temperature: merged.temperature ?? defaults.temperature,
    topP: merged.topP,
    topK: merged.topK,
    maxTokens: merged.maxTokens ?? defaults.maxTokens,
    systemPrompt: merged.systemPrompt ?? defaults.systemPrompt,
  };
}

function definedOnly(settings: ChatSettings): ChatSettings {
  return Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined));
}

const flagNames: Record<string, keyof ChatSettings> = {
  model: 'modelId',
  temperature: 'temperature',
  temp: 'temperature',
  'top-p': 'topP',
  'top-k': 'topK',
  'max-tokens': 'maxTokens',
};

export const INLINE_FLAGS_USAGE =
  'Flags go before the question: `--model <id>` `--temperature 0–1` `--top-p 0–1` `--top-k 0–500` `--max-tokens <n>`';

/**
 * Reads leading `--flag value` pairs (`@Strata --temperature 0.2 --top-k 50 explain…`). Only a leading
 * run counts, so a question that merely contains `--` is left alone.
 */
export function parseInlineFlags(text: string): { settings: ChatSettings; question: string } {
  const raw: Record<string, string | number> = {};
  let rest = text.trim();
  for (;;) {
    const match = /^--([a-z-]+)(?:=|\s+)?(\S*)\s*/i.exec(rest);
    if (match === null) break;
    const [whole, flag = '', value = ''] = match;
    const key = flagNames[flag.toLowerCase()];
    if (key === undefined) throw badFlag(`Unknown flag \`--${flag}\`.`);
    if (value === '' || value.startsWith('--')) throw badFlag(`\`--${flag}\` needs a value.`);
    raw[key] = key === 'modelId' ? value : Number(value);
    rest = rest.slice(whole.length);
  }
  const parsed = settingsSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name =
      Object.entries(flagNames).find(([, k]) => k === issue?.path[0])?.[0] ?? String(issue?.path[0]);
    throw badFlag(`\`--${name}\` ${describeIssue(issue)}.`);
  }
  return { settings: parsed.data, question: rest.trim() };
}

function describeIssue(issue: z.core.$ZodIssue | undefined): string {
  if (issue === undefined) return 'is not valid';
  if (issue.code === 'too_small' || issue.code === 'too_big') {
    return `must be ${issue.code === 'too_small' ? 'at least' : 'at most'} ${String(issue.code === 'too_small' ? issue.minimum : issue.maximum)}`;
  }
  if (issue.code === 'invalid_type') return 'must be a number';
  return issue.message;
}

function badFlag(problem: string): StrataError {
  return new StrataError('bad_input', problem, { userMessage: `${problem} ${INLINE_FLAGS_USAGE}` });
}
