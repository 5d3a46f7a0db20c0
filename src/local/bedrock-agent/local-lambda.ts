import {
  type FunctionEventInput,
  type FunctionHandler,
  type FunctionResponse,
  functionResponseSchema,
} from '../../agents/action-group-lambda.js';

export interface LambdaCall {
  actionGroup: string;
  function: string;
  parameters: Record<string, string>;
  /** The response body text, or the failure when the function broke. */
  result: string;
  responseState: 'FAILURE' | 'REPROMPT' | undefined;
}

/** The Lambda failed the way Bedrock reports it: the invocation ends with dependencyFailedException. */
export class LambdaFailure extends Error {
  override name = 'LambdaFailure';
}

/**
 * Invokes an action group Lambda in-process the way Bedrock Agents does: the real messageVersion 1.0
 * event in, the response checked against the documented shape. A throw or a malformed response is a
 * failed dependency, as it would be in AWS.
 */
export async function invokeLambda(
  handler: FunctionHandler,
  event: FunctionEventInput,
): Promise<FunctionResponse> {
  let raw: unknown;
  try {
    // Round-trip through JSON: Lambda receives and returns JSON, never shared objects.
    raw = await handler(JSON.parse(JSON.stringify(event)), { functionName: `local-${event.actionGroup}` });
  } catch (error) {
    throw new LambdaFailure(
      `The action group Lambda for ${event.actionGroup} failed: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const parsed = functionResponseSchema.safeParse(JSON.parse(JSON.stringify(raw ?? null)));
  if (!parsed.success) {
    throw new LambdaFailure(
      `The action group Lambda for ${event.actionGroup} returned a response Bedrock cannot read.`,
    );
  }
  return parsed.data;
}
