import type { ChatMessage, InferenceParams, ModelGateway } from '../../bedrock/gateway.js';
import { DEMO_NOTES } from '../schema/demo-schema.js';
import { selectTables } from '../schema/select-tables.js';
import type { RegisteredSchema } from '../sql-schema.js';
import { type Validation, type ValidationProblem, validateSql } from '../validate/validate-sql.js';
import { ExplanationFilter, extractSql } from './extract-sql.js';
import { streamModelText } from './model-text.js';
import { correctionMessage, type EarlierQuery, generationSystemPrompt, questionMessage } from './prompt.js';

export interface GenerateRequest {
  question: string;
  schema: RegisteredSchema;
  allowWrites: boolean;
  modelId: string;
  inference: InferenceParams;
  /** The thread's previous query, for follow-up questions. */
  earlier?: EarlierQuery;
  /** Regenerate: ask for a different query than this one. */
  avoid?: string;
  signal?: AbortSignal;
}

export interface GeneratedQuery {
  /** undefined when the model wrote no query (it declined, or asked for clarification). */
  sql: string | undefined;
  explanation: string;
  /** Validation of `sql`; undefined when there is no SQL. */
  validation: Validation | undefined;
  /** 1, or 2 when the first draft failed validation and the model was asked to correct it. */
  attempts: number;
  /** Why the first draft was rejected, when it was. */
  firstProblems: ValidationProblem[] | undefined;
  /** Tables sent in the prompt, and how many were left out. */
  promptTables: string[];
  omittedTables: number;
}

/** Where streamed explanation text goes (the Slack reply writer in production). */
export interface TextSink {
  append(text: string): void;
}

/**
 * Question → SQL: stream the model's explanation to the sink (the query itself is held back), validate
 * the query, and on failure give the model the validator's errors once for a corrected query.
 */
export async function generateSql(
  gateway: ModelGateway,
  request: GenerateRequest,
  sink: TextSink,
): Promise<GeneratedQuery> {
  const { schema } = request;
  const selection = selectTables(schema.schema, request.question);
  const system = generationSystemPrompt({
    dialect: schema.dialect,
    selection,
    notes: schema.source === 'demo' ? DEMO_NOTES : [],
    allowWrites: request.allowWrites,
  });
  const rules = { dialect: schema.dialect, schema: schema.schema, allowWrites: request.allowWrites };
  const messages: ChatMessage[] = [
    { role: 'user', text: questionMessage(request.question, request.earlier, request.avoid) },
  ];
  const base = {
    promptTables: selection.tables.map((t) => t.name),
    omittedTables: selection.omitted.length,
  };

  const first = await attempt(gateway, request, system, messages, sink);
  if (first.sql === undefined) {
    return {
      ...base,
      sql: undefined,
      explanation: first.explanation,
      validation: undefined,
      attempts: 1,
      firstProblems: undefined,
    };
  }
  const firstValidation = validateSql(first.sql, rules);
  if (firstValidation.ok) {
    if (first.after) sink.append(`\n\n${first.after}`);
    return {
      ...base,
      sql: first.sql,
      explanation: first.explanation,
      validation: firstValidation,
      attempts: 1,
      firstProblems: undefined,
    };
  }

  sink.append(
    `\n\n_The first draft did not pass validation (${firstValidation.problems[0]?.message ?? 'invalid'}${firstValidation.problems.length > 1 ? `, and ${firstValidation.problems.length - 1} more` : ''}). Asking the model for a corrected query…_\n\n`,
  );
  const retryMessages: ChatMessage[] = [
    ...messages,
    { role: 'assistant', text: first.reply },
    { role: 'user', text: correctionMessage(firstValidation.problems) },
  ];
  const second = await attempt(gateway, request, system, retryMessages, sink);
  if (second.sql === undefined) {
    return {
      ...base,
      sql: first.sql,
      explanation: [first.explanation, second.explanation].filter(Boolean).join('\n\n'),
      validation: firstValidation,
      attempts: 2,
      firstProblems: firstValidation.problems,
    };
  }
  if (second.after) sink.append(`\n\n${second.after}`);
  return {
    ...base,
    sql: second.sql,
    explanation: second.explanation,
    validation: validateSql(second.sql, rules),
    attempts: 2,
    firstProblems: firstValidation.problems,
  };
}

async function attempt(
  gateway: ModelGateway,
  request: GenerateRequest,
  system: string,
  messages: ChatMessage[],
  sink: TextSink,
): Promise<{ reply: string; sql: string | undefined; explanation: string; after: string }> {
  const filter = new ExplanationFilter();
  const { text } = await streamModelText(
    gateway,
    {
      modelId: request.modelId,
      system,
      messages,
      inference: request.inference,
      ...(request.signal ? { signal: request.signal } : {}),
    },
    (delta) => {
      const shown = filter.push(delta);
      if (shown) sink.append(shown);
    },
  );
  const rest = filter.flush();
  if (rest) sink.append(rest);
  const { sql, explanation, after } = extractSql(text);
  return { reply: text, sql, explanation, after };
}
