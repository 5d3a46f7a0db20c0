import { z } from 'zod';

/** Refused before any event is sent: an HTTP error response. */
export class AgentRequestError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
  ) {
    super(message);
    this.name = 'AgentRequestError';
  }
}

const stringMap = z.record(z.string(), z.string());
export const invokeAgentBodySchema = z.looseObject({
  inputText: z.string().max(25_000_000).optional(),
  enableTrace: z.boolean().optional(),
  endSession: z.boolean().optional(),
  sessionState: z
    .looseObject({
      sessionAttributes: stringMap.optional(),
      promptSessionAttributes: stringMap.optional(),
      invocationId: z.string().optional(),
      returnControlInvocationResults: z
        .array(
          z.looseObject({
            functionResult: z
              .looseObject({
                actionGroup: z.string(),
                function: z.string().optional(),
                confirmationState: z.enum(['CONFIRM', 'DENY']).optional(),
                responseState: z.enum(['FAILURE', 'REPROMPT']).optional(),
                responseBody: z.record(z.string(), z.looseObject({ body: z.string().optional() })).optional(),
              })
              .optional(),
          }),
        )
        .optional(),
    })
    .optional(),
});
export type InvokeAgentBody = z.infer<typeof invokeAgentBodySchema>;
