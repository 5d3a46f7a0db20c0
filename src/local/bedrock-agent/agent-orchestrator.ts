import type { FunctionHandler } from '../../agents/action-group-lambda.js';
import { type AgentDefinition, findFunction } from '../../agents/agent-definition.js';
import { answerFor, LOCAL_MARK } from './agent-answers.js';
import type { AgentExceptionType } from './agent-frames.js';
import { type Plan, type PlannerMemory, planFor } from './agent-planner.js';
import { AgentRequestError, type InvokeAgentBody } from './invoke-agent-request.js';
import { invokeLambda, type LambdaCall, LambdaFailure } from './local-lambda.js';

/** An agent the local runtime serves: its definition and the Lambda handlers of its action groups. */
export interface LocalAgent {
  agentId: string;
  definition: AgentDefinition;
  lambdas: Readonly<Record<string, FunctionHandler>>;
}

export type AgentEvent =
  | { type: 'chunk'; text: string }
  | { type: 'trace'; trace: object }
  | { type: 'returnControl'; payload: object }
  | { type: 'exception'; exceptionType: AgentExceptionType; message: string };

type InvocationType = 'USER_CONFIRMATION' | 'USER_CONFIRMATION_AND_RESULT' | 'RESULT';

interface PendingCall {
  invocationId: string;
  plan: Extract<Plan, { kind: 'call' }>;
  type: InvocationType;
  inputText: string;
}

interface Memory extends PlannerMemory {
  lastActiveAt: number;
  sessionAttributes: Record<string, string>;
  pending?: PendingCall;
}

export interface OrchestratorOptions {
  now: () => number;
  newId: () => string;
  /** Every Lambda call, in order (tests assert an action ran exactly once). */
  calls: LambdaCall[];
}

/**
 * Plays Bedrock Agents' orchestration for one InvokeAgent request: plan, trace, call the action group's
 * Lambda in-process (or return control for confirmation), answer. Sessions live in memory, as Bedrock
 * keeps them, and are forgotten after the agent's idle timeout.
 */
export function createOrchestrator(options: OrchestratorOptions) {
  const sessions = new Map<string, Memory>();

  function prepare(
    agent: LocalAgent,
    aliasId: string,
    sessionId: string,
    body: InvokeAgentBody,
  ): AsyncGenerator<AgentEvent> {
    const now = options.now();
    const idleMs = agent.definition.idleSessionTTLInSeconds * 1000;
    const known = sessions.get(sessionId);
    const memory: Memory =
      known && now - known.lastActiveAt <= idleMs ? known : { lastActiveAt: now, sessionAttributes: {} };
    memory.lastActiveAt = now;
    Object.assign(memory.sessionAttributes, body.sessionState?.sessionAttributes ?? {});
    sessions.set(sessionId, memory);
    if (body.endSession) {
      sessions.delete(sessionId);
      return (async function* () {})();
    }
    const results = body.sessionState?.returnControlInvocationResults;
    if (results !== undefined && results.length > 0) {
      const pending = memory.pending;
      if (pending === undefined || pending.invocationId !== body.sessionState?.invocationId) {
        throw new AgentRequestError(
          400,
          'ValidationException',
          `The invocationId ${body.sessionState?.invocationId ?? '(missing)'} does not match a pending return of control in session ${sessionId}.`,
        );
      }
      const result = results.find(
        (r) =>
          r.functionResult?.actionGroup === pending.plan.actionGroup &&
          r.functionResult.function === pending.plan.function,
      )?.functionResult;
      if (result === undefined) {
        throw new AgentRequestError(
          400,
          'ValidationException',
          `No result for ${pending.plan.actionGroup}.${pending.plan.function}.`,
        );
      }
      if (pending.type !== 'RESULT' && result.confirmationState === undefined) {
        throw new AgentRequestError(
          400,
          'ValidationException',
          'confirmationState is required for a function that needs user confirmation.',
        );
      }
      memory.pending = undefined;
      return resume(agent, aliasId, sessionId, memory, pending, result);
    }
    const inputText = body.inputText?.trim() ?? '';
    if (inputText === '')
      throw new AgentRequestError(400, 'ValidationException', 'inputText must not be empty.');
    memory.pending = undefined;
    return start(agent, aliasId, sessionId, memory, inputText);
  }

  async function* start(
    agent: LocalAgent,
    aliasId: string,
    sessionId: string,
    memory: Memory,
    inputText: string,
  ): AsyncGenerator<AgentEvent> {
    const plan = planFor(inputText, memory);
    yield trace({ rationale: { traceId: traceId(), text: plan.rationale } });
    if (plan.kind === 'reply') {
      yield* answer(plan.text);
      return;
    }
    const found = findFunction(agent.definition, plan.actionGroup, plan.function);
    if (found === undefined) {
      yield {
        type: 'exception',
        exceptionType: 'internalServerException',
        message: `The local planner chose an undeclared function ${plan.function}.`,
      };
      return;
    }
    remember(memory, plan);
    const returnsControl = 'customControl' in found.group.executor;
    yield trace({
      invocationInput: {
        traceId: traceId(),
        invocationType: 'ACTION_GROUP',
        actionGroupInvocationInput: {
          actionGroupName: plan.actionGroup,
          function: plan.function,
          parameters: parametersOf(agent, plan),
          executionType: returnsControl ? 'RETURN_CONTROL' : 'LAMBDA',
        },
      },
    });
    const confirm = found.fn.requireConfirmation === 'ENABLED';
    if (returnsControl || confirm) {
      const type: InvocationType = returnsControl
        ? confirm
          ? 'USER_CONFIRMATION_AND_RESULT'
          : 'RESULT'
        : 'USER_CONFIRMATION';
      const invocationId = options.newId();
      memory.pending = { invocationId, plan, type, inputText };
      yield {
        type: 'returnControl',
        payload: {
          invocationId,
          invocationInputs: [
            {
              functionInvocationInput: {
                actionGroup: plan.actionGroup,
                function: plan.function,
                parameters: parametersOf(agent, plan),
                actionInvocationType: type,
              },
            },
          ],
        },
      };
      return;
    }
    yield* callLambda(agent, aliasId, sessionId, memory, plan, inputText);
  }

  async function* resume(
    agent: LocalAgent,
    aliasId: string,
    sessionId: string,
    memory: Memory,
    pending: PendingCall,
    result: NonNullable<
      NonNullable<
        NonNullable<InvokeAgentBody['sessionState']>['returnControlInvocationResults']
      >[number]['functionResult']
    >,
  ): AsyncGenerator<AgentEvent> {
    if (result.confirmationState === 'DENY') {
      yield trace({
        rationale: {
          traceId: traceId(),
          text: 'Local rule-based planner: the user denied the action, so nothing is done.',
        },
      });
      yield* answer(
        answerFor(pending.plan.function, JSON.stringify({ status: 'denied' }), undefined, 'answer'),
      );
      return;
    }
    if (pending.type === 'USER_CONFIRMATION') {
      yield* callLambda(agent, aliasId, sessionId, memory, pending.plan, pending.inputText);
      return;
    }
    const body = Object.values(result.responseBody ?? {})[0]?.body ?? '';
    yield trace({
      observation: { traceId: traceId(), type: 'ACTION_GROUP', actionGroupInvocationOutput: { text: body } },
    });
    yield* answer(answerFor(pending.plan.function, body, result.responseState, pending.plan.purpose));
  }

  async function* callLambda(
    agent: LocalAgent,
    aliasId: string,
    sessionId: string,
    memory: Memory,
    plan: Extract<Plan, { kind: 'call' }>,
    inputText: string,
  ): AsyncGenerator<AgentEvent> {
    const found = findFunction(agent.definition, plan.actionGroup, plan.function);
    const executor = found?.group.executor;
    const handler = executor && 'lambda' in executor ? agent.lambdas[executor.lambda] : undefined;
    if (handler === undefined) {
      yield {
        type: 'exception',
        exceptionType: 'dependencyFailedException',
        message: `No Lambda is deployed for ${plan.actionGroup}.`,
      };
      return;
    }
    try {
      const response = await invokeLambda(handler, {
        messageVersion: '1.0',
        agent: { name: agent.definition.agentName, id: agent.agentId, alias: aliasId, version: 'DRAFT' },
        inputText,
        sessionId,
        actionGroup: plan.actionGroup,
        function: plan.function,
        parameters: parametersOf(agent, plan),
        sessionAttributes: memory.sessionAttributes,
        promptSessionAttributes: {},
      });
      const { responseBody, responseState } = response.response.functionResponse;
      options.calls.push({
        actionGroup: plan.actionGroup,
        function: plan.function,
        parameters: plan.params,
        result: responseBody.TEXT.body,
        responseState,
      });
      yield trace({
        observation: {
          traceId: traceId(),
          type: 'ACTION_GROUP',
          actionGroupInvocationOutput: { text: responseBody.TEXT.body },
        },
      });
      yield* answer(answerFor(plan.function, responseBody.TEXT.body, responseState, plan.purpose));
    } catch (error) {
      if (!(error instanceof LambdaFailure)) throw error;
      options.calls.push({
        actionGroup: plan.actionGroup,
        function: plan.function,
        parameters: plan.params,
        result: error.message,
        responseState: 'FAILURE',
      });
      yield { type: 'exception', exceptionType: 'dependencyFailedException', message: error.message };
    }
  }

  async function* answer(text: string): AsyncGenerator<AgentEvent> {
    const full = `${text}${LOCAL_MARK}`;
    yield trace({ observation: { traceId: traceId(), type: 'FINISH', finalResponse: { text: full } } });
    let pending = '';
    for (const word of full.match(/\S+\s*|\s+/g) ?? []) {
      pending += word;
      if (pending.length >= 24) {
        yield { type: 'chunk', text: pending };
        pending = '';
      }
    }
    if (pending !== '') yield { type: 'chunk', text: pending };
  }

  const traceId = () => `local-${options.newId().slice(0, 8)}`;
  const trace = (orchestrationTrace: object): AgentEvent => ({
    type: 'trace',
    trace: { orchestrationTrace },
  });

  return { prepare, forget: (sessionId: string) => sessions.delete(sessionId) };
}

function remember(memory: Memory, plan: Extract<Plan, { kind: 'call' }>): void {
  if (plan.params.orderId) memory.lastOrderId = plan.params.orderId;
  if (plan.params.customer) memory.lastCustomer = plan.params.customer;
}

function parametersOf(agent: LocalAgent, plan: Extract<Plan, { kind: 'call' }>) {
  const spec = findFunction(agent.definition, plan.actionGroup, plan.function)?.fn.parameters ?? {};
  return Object.entries(plan.params).map(([name, value]) => ({
    name,
    type: spec[name]?.type ?? 'string',
    value,
  }));
}

export type Orchestrator = ReturnType<typeof createOrchestrator>;
