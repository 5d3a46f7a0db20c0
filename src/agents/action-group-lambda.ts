import { z } from 'zod';

/**
 * The event Bedrock Agents sends to an action group Lambda (function details, messageVersion 1.0),
 * and the response it expects back. Shared by the Lambda handlers and the local agent runtime.
 */

const stringMap = z.record(z.string(), z.string());

export const functionEventSchema = z.object({
  messageVersion: z.literal('1.0'),
  agent: z.object({ name: z.string(), id: z.string(), alias: z.string(), version: z.string() }),
  inputText: z.string().default(''),
  sessionId: z.string(),
  actionGroup: z.string(),
  function: z.string(),
  parameters: z.array(z.object({ name: z.string(), type: z.string(), value: z.string() })).default([]),
  sessionAttributes: stringMap.default({}),
  promptSessionAttributes: stringMap.default({}),
});

export type FunctionEvent = z.infer<typeof functionEventSchema>;
export type FunctionEventInput = z.input<typeof functionEventSchema>;

export const functionResponseSchema = z.object({
  messageVersion: z.literal('1.0'),
  response: z.object({
    actionGroup: z.string(),
    function: z.string(),
    functionResponse: z.object({
      responseState: z.enum(['FAILURE', 'REPROMPT']).optional(),
      responseBody: z.object({ TEXT: z.object({ body: z.string() }) }),
    }),
  }),
  sessionAttributes: stringMap.optional(),
  promptSessionAttributes: stringMap.optional(),
});

export type FunctionResponse = z.infer<typeof functionResponseSchema>;

/** Builds the response; `state` is omitted on success, as Bedrock expects. */
export function functionResponse(
  event: Pick<FunctionEvent, 'actionGroup' | 'function' | 'sessionAttributes' | 'promptSessionAttributes'>,
  body: unknown,
  state?: 'FAILURE' | 'REPROMPT',
): FunctionResponse {
  return {
    messageVersion: '1.0',
    response: {
      actionGroup: event.actionGroup,
      function: event.function,
      functionResponse: {
        ...(state ? { responseState: state } : {}),
        responseBody: { TEXT: { body: typeof body === 'string' ? body : JSON.stringify(body) } },
      },
    },
    sessionAttributes: event.sessionAttributes,
    promptSessionAttributes: event.promptSessionAttributes,
  };
}

/** A function-details action group Lambda: `(event, context) => response`, as AWS Lambda calls it. */
export type FunctionHandler = (event: unknown, context?: unknown) => Promise<FunctionResponse>;
