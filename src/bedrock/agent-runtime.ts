import {
  BedrockAgentRuntimeClient,
  type InvocationResultMember,
  InvokeAgentCommand,
  type InvokeAgentRequest,
  type ResponseStream,
} from '@aws-sdk/client-bedrock-agent-runtime';
import type { Logger } from '../log.js';
import { type AgentRef, AgentRuntimeError, mapAgentError } from './agent-errors.js';
import type { AgentPart, InvocationResult } from './agent-parts.js';
import { toAgentParts } from './agent-stream-events.js';

export type { AgentRef } from './agent-errors.js';

export interface AgentInvocation extends AgentRef {
  sessionId: string;
  /** The user's words. Ignored by Bedrock when `returnControl` results are sent. */
  inputText?: string;
  /** Ends the session on Bedrock's side (memory of the conversation is dropped). */
  endSession?: boolean;
  /** Passed to action group Lambdas on every call in the session. */
  sessionAttributes?: Record<string, string>;
  /** Answers to a `return-control` part, with the same invocationId. */
  returnControl?: { invocationId: string; results: InvocationResult[] };
  /** Cancels the stream (shutdown). */
  signal?: AbortSignal;
}

/** Strata's door to Bedrock Agents. Streams throw AgentRuntimeError (a StrataError). */
export interface AgentRuntime {
  invoke(request: AgentInvocation): AsyncIterable<AgentPart>;
  destroy(): void;
}

export interface AgentRuntimeOptions {
  region: string;
  /** Longest silence (before the headers or between events) before the invocation fails as a timeout. */
  idleTimeoutMs: number;
  /** SDK attempts per call, including the first (SDK default 3). */
  maxAttempts?: number;
  logger?: Logger;
}

/** The endpoint comes from the SDK's own AWS_ENDPOINT_URL_BEDROCK_AGENT_RUNTIME when set. */
export function createBedrockAgentRuntime(options: AgentRuntimeOptions): AgentRuntime {
  const client = new BedrockAgentRuntimeClient({
    region: options.region,
    ...(options.maxAttempts === undefined ? {} : { maxAttempts: options.maxAttempts }),
  });

  async function* invoke(request: AgentInvocation): AsyncGenerator<AgentPart> {
    const agent = { agentId: request.agentId, aliasId: request.aliasId };
    const log = options.logger?.child({ agent_id: request.agentId, session_id: request.sessionId });
    log?.debug({ returning_control: request.returnControl !== undefined }, 'agent invocation start');
    const controller = new AbortController();
    const onStop = () => controller.abort();
    request.signal?.addEventListener('abort', onStop, { once: true });
    let finished = false;
    try {
      const output = await idle(
        client.send(new InvokeAgentCommand(toInvokeAgentRequest(request)), {
          abortSignal: controller.signal,
        }),
        options.idleTimeoutMs,
        controller,
        agent,
      );
      if (!output.completion) throw new Error('InvokeAgent response has no completion stream');
      const iterator: AsyncIterator<ResponseStream> = output.completion[Symbol.asyncIterator]();
      for (;;) {
        const step = await idle(iterator.next(), options.idleTimeoutMs, controller, agent);
        if (step.done) break;
        yield* toAgentParts(step.value);
      }
      finished = true;
    } catch (error) {
      if (request.signal?.aborted) return;
      const mapped = mapAgentError(error, agent);
      log?.debug({ failure: mapped.failure, err: mapped }, 'agent invocation failed');
      throw mapped;
    } finally {
      request.signal?.removeEventListener('abort', onStop);
      // Also reached when the consumer stops early; release the HTTP stream then.
      if (!finished) controller.abort();
    }
    log?.debug('agent invocation end');
  }

  return { invoke, destroy: () => client.destroy() };
}

function toInvokeAgentRequest(request: AgentInvocation): InvokeAgentRequest {
  const { returnControl } = request;
  const sessionState =
    returnControl || request.sessionAttributes
      ? {
          ...(request.sessionAttributes ? { sessionAttributes: request.sessionAttributes } : {}),
          ...(returnControl
            ? {
                invocationId: returnControl.invocationId,
                returnControlInvocationResults: returnControl.results.map(toResultMember),
              }
            : {}),
        }
      : undefined;
  return {
    agentId: request.agentId,
    agentAliasId: request.aliasId,
    sessionId: request.sessionId,
    enableTrace: true,
    ...(returnControl === undefined && request.inputText !== undefined
      ? { inputText: request.inputText }
      : {}),
    ...(request.endSession ? { endSession: true } : {}),
    ...(sessionState ? { sessionState } : {}),
  };
}

function toResultMember(result: InvocationResult): InvocationResultMember {
  if (result.kind === 'function') {
    return {
      functionResult: {
        actionGroup: result.actionGroup,
        function: result.function,
        responseBody: { TEXT: { body: result.body } },
        ...(result.confirmation ? { confirmationState: result.confirmation } : {}),
        ...(result.state ? { responseState: result.state } : {}),
      },
    };
  }
  return {
    apiResult: {
      actionGroup: result.actionGroup,
      httpMethod: result.httpMethod,
      apiPath: result.apiPath,
      httpStatusCode: result.statusCode,
      responseBody: { 'application/json': { body: result.body } },
      ...(result.confirmation ? { confirmationState: result.confirmation } : {}),
    },
  };
}

/** Waits for `pending`, or aborts the call and fails as a timeout after `ms` of silence. */
function idle<T>(pending: Promise<T>, ms: number, controller: AbortController, agent: AgentRef): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      controller.abort();
      pending.catch(() => undefined);
      reject(
        new AgentRuntimeError(
          'timeout',
          'model_timeout',
          `No agent event from ${agent.agentId} for ${ms} ms`,
          {
            retryable: true,
            userMessage: 'The agent took too long to answer. Press *Retry* to ask again.',
          },
        ),
      );
    }, ms);
    pending.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
