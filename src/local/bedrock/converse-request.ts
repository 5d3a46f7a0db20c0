import { z } from 'zod';
import type { EngineMessage, EngineRequest } from './reply-engine.js';

/** An error response in Bedrock's restJson1 shape: status, `x-amzn-errortype`, `{"message"}`. */
export interface BedrockHttpError {
  status: number;
  type: string;
  message: string;
}

export type ParsedConverse =
  | { ok: true; request: Omit<EngineRequest, 'signal'> }
  | { ok: false; error: BedrockHttpError };

const contentBlock = z.looseObject({ text: z.string().optional() });
const message = z.object({ role: z.enum(['user', 'assistant']), content: z.array(contentBlock) });
const inferenceConfig = z.looseObject({
  maxTokens: z.number().int().optional(),
  temperature: z.number().optional(),
  topP: z.number().optional(),
  stopSequences: z.array(z.string()).optional(),
});
const body = z.looseObject({
  messages: z.array(z.unknown()),
  system: z.array(z.looseObject({ text: z.string().optional() })).optional(),
  inferenceConfig: inferenceConfig.optional(),
  additionalModelRequestFields: z.record(z.string(), z.unknown()).optional(),
});

const invalid = (text: string): ParsedConverse => ({
  ok: false,
  error: { status: 400, type: 'ValidationException', message: text },
});

const constraint = (path: string, detail: string, value?: unknown) =>
  invalid(
    `1 validation error detected: Value ${value === undefined ? 'null' : `'${String(value)}'`} at '${path}' ` +
      `failed to satisfy constraint: ${detail}`,
  );

/** Validates a Converse / ConverseStream body the way Bedrock does, with Bedrock-style messages. */
export function parseConverseRequest(modelId: string, raw: unknown): ParsedConverse {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return invalid('Malformed request: the body must be a JSON object.');
  }
  if (!('messages' in raw) || raw.messages === null || raw.messages === undefined) {
    return constraint('messages', 'Member must not be null');
  }
  const parsed = body.safeParse(raw);
  if (!parsed.success) return fromIssue(parsed.error.issues[0]);

  const messages: EngineMessage[] = [];
  for (const [index, item] of parsed.data.messages.entries()) {
    const turn = message.safeParse(item);
    if (!turn.success) return fromIssue(turn.error.issues[0], `messages.${index}`);
    const problem = checkTurn(turn.data, index, messages.at(-1)?.role);
    if (problem) return problem;
    messages.push({ role: turn.data.role, text: textOf(turn.data.content) });
  }
  if (messages[0]?.role !== 'user') {
    return invalid(
      'A conversation must start with a user message. Try again with a conversation that starts with a user message.',
    );
  }

  const config = parsed.data.inferenceConfig ?? {};
  const rangeProblem =
    checkRange('inferenceConfig.temperature', config.temperature, 0, 1) ??
    checkRange('inferenceConfig.topP', config.topP, 0, 1) ??
    checkRange('inferenceConfig.maxTokens', config.maxTokens, 1, Number.POSITIVE_INFINITY);
  if (rangeProblem) return rangeProblem;
  const extrasProblem = checkAdditionalFields(modelId, parsed.data.additionalModelRequestFields ?? {});
  if (extrasProblem) return extrasProblem;

  const system = parsed.data.system?.map((block) => block.text ?? '').join('\n');
  return {
    ok: true,
    request: {
      modelId,
      system: system === undefined || system === '' ? undefined : system,
      messages,
      inferenceConfig: {
        ...(config.maxTokens === undefined ? {} : { maxTokens: config.maxTokens }),
        ...(config.temperature === undefined ? {} : { temperature: config.temperature }),
        ...(config.topP === undefined ? {} : { topP: config.topP }),
      },
    },
  };
}

function checkTurn(
  turn: z.infer<typeof message>,
  index: number,
  previousRole: EngineMessage['role'] | undefined,
): ParsedConverse | undefined {
  if (previousRole === turn.role) {
    return invalid(
      'A conversation must alternate between user and assistant roles. ' +
        'Make sure the conversation alternates between user and assistant roles and try again.',
    );
  }
  if (turn.content.length === 0) {
    return invalid(
      `The content field in the Message object at messages.${index} is empty. ` +
        'Add a ContentBlock object to the content field and try again.',
    );
  }
  const blank = turn.content.findIndex((block) => block.text !== undefined && block.text.trim() === '');
  if (blank >= 0) {
    return invalid(
      `The text field in the ContentBlock object at messages.${index}.content.${blank} is blank. ` +
        'Add text to the text field, and try again.',
    );
  }
  return undefined;
}

function checkRange(
  path: string,
  value: number | undefined,
  min: number,
  max: number,
): ParsedConverse | undefined {
  if (value === undefined) return undefined;
  if (value < min) return constraint(path, `Member must have value greater than or equal to ${min}`, value);
  if (value > max) return constraint(path, `Member must have value less than or equal to ${max}`, value);
  return undefined;
}

/** Bedrock passes these to the model, which checks them against its own schema. */
function checkAdditionalFields(modelId: string, fields: Record<string, unknown>): ParsedConverse | undefined {
  const malformed = (detail: string) =>
    invalid(`Malformed input request: ${detail}, please reformat your input and try again.`);
  if (/(^|[./])anthropic\./.test(modelId) && 'top_k' in fields) {
    const topK = fields.top_k;
    if (typeof topK !== 'number' || !Number.isInteger(topK))
      return malformed(`#/top_k: expected type: Integer`);
    if (topK < 0) return malformed(`#/top_k: ${topK} is not greater or equal to 0`);
    if (topK > 500) return malformed(`#/top_k: ${topK} is not less or equal to 500`);
  }
  if (/(^|[./])(meta|amazon\.titan)/.test(modelId)) {
    const extraneous = Object.keys(fields).find((key) => key === 'top_k' || key === 'k' || key === 'topK');
    if (extraneous) return malformed(`extraneous key [${extraneous}] is not permitted`);
  }
  return undefined;
}

function textOf(content: z.infer<typeof contentBlock>[]): string {
  return content
    .map((block) => block.text)
    .filter((text): text is string => text !== undefined)
    .join('\n');
}

function fromIssue(issue: z.core.$ZodIssue | undefined, prefix?: string): ParsedConverse {
  const path = [prefix, ...(issue?.path ?? []).map(String)].filter(Boolean).join('.');
  return constraint(path || 'body', issue?.message ?? 'Member is invalid');
}
