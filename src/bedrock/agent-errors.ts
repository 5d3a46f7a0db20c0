import { type ErrorCode, StrataError } from '../errors.js';
import { mapSdkError } from './map-sdk-error.js';

/** Why an agent invocation failed, for callers that react differently (retry button, fresh session). */
export type AgentFailure =
  | 'throttled'
  | 'unavailable'
  | 'timeout'
  | 'access_denied'
  | 'agent_not_found'
  | 'invalid_request'
  | 'action_failed'
  | 'session_busy'
  | 'internal';

/** A StrataError that also says what kind of agent failure it was. */
export class AgentRuntimeError extends StrataError {
  readonly failure: AgentFailure;

  constructor(
    failure: AgentFailure,
    code: ErrorCode,
    message: string,
    options: { userMessage?: string; retryable: boolean; cause?: unknown },
  ) {
    super(code, message, options);
    this.name = 'AgentRuntimeError';
    this.failure = failure;
  }
}

export interface AgentRef {
  agentId: string;
  aliasId: string;
}

/**
 * Any error out of the agent runtime client (HTTP errors, in-stream exception frames, sockets, idle
 * timeouts) → AgentRuntimeError, with text that tells a Slack user what to do next.
 */
export function mapAgentError(error: unknown, agent: AgentRef): AgentRuntimeError {
  if (error instanceof AgentRuntimeError) return error;
  const name = error instanceof Error ? error.name : '';
  const message = error instanceof Error ? error.message : String(error);
  const detail = `Bedrock agent ${agent.agentId}/${agent.aliasId}: ${name || 'Error'}: ${message}`;
  const make = (failure: AgentFailure, code: ErrorCode, retryable: boolean, userMessage: string) =>
    new AgentRuntimeError(failure, code, detail, { userMessage, retryable, cause: error });
  const ref = `\`${agent.agentId}\` (alias \`${agent.aliasId}\`)`;

  switch (name) {
    case 'ThrottlingException':
    case 'ServiceQuotaExceededException':
      return make(
        'throttled',
        'model_throttled',
        true,
        'The agent is busy right now (Amazon Bedrock throttled the request). Press *Retry* in a moment.',
      );
    case 'DependencyFailedException':
      return make(
        'action_failed',
        'model_error',
        true,
        'The agent could not finish: one of its actions (a Lambda function or knowledge base) failed. ' +
          'Press *Retry*; if it keeps failing, tell a Strata admin.',
      );
    case 'ConflictException':
      return make(
        'session_busy',
        'model_unavailable',
        true,
        'The agent is still working on an earlier message in this thread. Wait for that answer, then press *Retry*.',
      );
    case 'ResourceNotFoundException':
      return make(
        'agent_not_found',
        'model_not_found',
        false,
        `The agent ${ref} was not found in this region. An admin can choose this channel's agent with \`/agent use\`.`,
      );
    case 'AccessDeniedException':
      return make(
        'access_denied',
        'model_access_denied',
        false,
        `Strata is not allowed to invoke the agent ${ref}. Ask an admin to grant \`bedrock:InvokeAgent\` on it.`,
      );
    case 'ValidationException':
      return make(
        'invalid_request',
        'model_validation',
        false,
        `Amazon Bedrock rejected the agent request: ${message}`,
      );
    case 'BadGatewayException':
    case 'InternalServerException':
    case 'ModelNotReadyException':
    case 'ServiceUnavailableException':
      return make(
        'unavailable',
        'model_unavailable',
        true,
        'Amazon Bedrock Agents is temporarily unavailable. Press *Retry* shortly.',
      );
  }
  const mapped = mapSdkError(error);
  const failure: AgentFailure =
    mapped.code === 'model_timeout'
      ? 'timeout'
      : mapped.code === 'model_throttled'
        ? 'throttled'
        : mapped.code === 'model_unavailable'
          ? 'unavailable'
          : 'internal';
  return new AgentRuntimeError(failure, mapped.code, detail, {
    userMessage:
      failure === 'timeout'
        ? 'The agent took too long to answer. Press *Retry* to ask again.'
        : mapped.userMessage,
    retryable: mapped.retryable,
    cause: error,
  });
}
