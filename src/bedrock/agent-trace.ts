import { z } from 'zod';
import type { AgentTraceStep } from './agent-parts.js';

/**
 * Agent trace events → readable steps. Traces are large and grow new members; only the parts Strata
 * shows are parsed (zod, lenient), and anything else is skipped rather than trusted.
 */

const text = z.string().optional();
const parameters = z.array(z.object({ name: text, value: text }).loose()).optional();
const usage = z.object({ inputTokens: z.number().optional(), outputTokens: z.number().optional() }).loose();
const metadata = z.object({ usage: usage.optional() }).loose().optional();

const invocationInput = z
  .object({
    invocationType: text,
    actionGroupInvocationInput: z
      .object({
        actionGroupName: text,
        function: text,
        apiPath: text,
        verb: text,
        parameters,
        requestBody: z
          .object({
            content: z.record(z.string(), z.array(z.object({ name: text, value: text }).loose())).optional(),
          })
          .loose()
          .optional(),
        executionType: text,
      })
      .loose()
      .optional(),
    knowledgeBaseLookupInput: z.object({ text, knowledgeBaseId: text }).loose().optional(),
    agentCollaboratorInvocationInput: z
      .object({ agentCollaboratorName: text, input: z.object({ text }).loose().optional() })
      .loose()
      .optional(),
    codeInterpreterInvocationInput: z.object({ code: text }).loose().optional(),
  })
  .loose();

const observation = z
  .object({
    type: text,
    actionGroupInvocationOutput: z.object({ text }).loose().optional(),
    knowledgeBaseLookupOutput: z
      .object({ retrievedReferences: z.array(z.unknown()).optional() })
      .loose()
      .optional(),
    agentCollaboratorInvocationOutput: z
      .object({ agentCollaboratorName: text, output: z.object({ text }).loose().optional() })
      .loose()
      .optional(),
    codeInterpreterInvocationOutput: z
      .object({ executionOutput: text, executionError: text })
      .loose()
      .optional(),
    finalResponse: z.object({ text }).loose().optional(),
    repromptResponse: z.object({ text }).loose().optional(),
  })
  .loose();

const orchestration = z
  .object({
    rationale: z.object({ text }).loose().optional(),
    invocationInput: invocationInput.optional(),
    observation: observation.optional(),
    modelInvocationOutput: z.object({ metadata }).loose().optional(),
  })
  .loose();

const processing = z
  .object({
    modelInvocationOutput: z
      .object({ parsedResponse: z.object({ rationale: text }).loose().optional(), metadata })
      .loose()
      .optional(),
  })
  .loose();

const trace = z
  .object({
    orchestrationTrace: orchestration.optional(),
    preProcessingTrace: processing.optional(),
    postProcessingTrace: processing.optional(),
    failureTrace: z.object({ failureReason: text, failureCode: z.number().optional() }).loose().optional(),
    guardrailTrace: z.object({ action: text }).loose().optional(),
  })
  .loose();

export interface TraceReading {
  steps: AgentTraceStep[];
  usage: { inputTokens: number; outputTokens: number } | undefined;
}

/** One `trace` event (the SDK's TracePart.trace) → the steps it shows and the model usage it reports. */
export function readTrace(value: unknown): TraceReading {
  const parsed = trace.safeParse(value);
  if (!parsed.success) return { steps: [], usage: undefined };
  const t = parsed.data;
  const steps: AgentTraceStep[] = [];
  const o = t.orchestrationTrace;
  if (o?.rationale?.text) steps.push({ kind: 'rationale', text: o.rationale.text });
  if (o?.invocationInput) steps.push(...fromInvocation(o.invocationInput));
  if (o?.observation) steps.push(...fromObservation(o.observation));
  for (const p of [t.preProcessingTrace, t.postProcessingTrace]) {
    const rationale = p?.modelInvocationOutput?.parsedResponse?.rationale;
    if (rationale) steps.push({ kind: 'rationale', text: rationale });
  }
  if (t.failureTrace) {
    steps.push({ kind: 'failure', reason: t.failureTrace.failureReason ?? 'The agent reported a failure.' });
  }
  if (t.guardrailTrace?.action) steps.push({ kind: 'guardrail', action: t.guardrailTrace.action });
  const reported =
    o?.modelInvocationOutput?.metadata?.usage ??
    t.preProcessingTrace?.modelInvocationOutput?.metadata?.usage ??
    t.postProcessingTrace?.modelInvocationOutput?.metadata?.usage;
  return {
    steps,
    usage: reported
      ? { inputTokens: reported.inputTokens ?? 0, outputTokens: reported.outputTokens ?? 0 }
      : undefined,
  };
}

function fromInvocation(input: z.infer<typeof invocationInput>): AgentTraceStep[] {
  const action = input.actionGroupInvocationInput;
  if (action) {
    const body = Object.values(action.requestBody?.content ?? {}).flat();
    return [
      {
        kind: 'action',
        actionGroup: action.actionGroupName ?? 'unknown',
        operation:
          action.function ?? `${action.verb?.toUpperCase() ?? 'CALL'} ${action.apiPath ?? ''}`.trim(),
        parameters: [...(action.parameters ?? []), ...body].map((p) => ({
          name: p.name ?? '?',
          value: p.value ?? '',
        })),
        execution:
          action.executionType === 'LAMBDA'
            ? 'lambda'
            : action.executionType === 'RETURN_CONTROL'
              ? 'return-control'
              : 'unknown',
      },
    ];
  }
  if (input.knowledgeBaseLookupInput) {
    return [
      {
        kind: 'knowledge-base',
        knowledgeBaseId: input.knowledgeBaseLookupInput.knowledgeBaseId,
        query: input.knowledgeBaseLookupInput.text ?? '',
      },
    ];
  }
  const collaborator = input.agentCollaboratorInvocationInput;
  if (collaborator) {
    return [
      {
        kind: 'collaborator',
        name: collaborator.agentCollaboratorName ?? 'collaborator',
        input: collaborator.input?.text ?? '',
      },
    ];
  }
  if (input.codeInterpreterInvocationInput?.code) {
    return [{ kind: 'code', code: input.codeInterpreterInvocationInput.code }];
  }
  return [];
}

function fromObservation(o: z.infer<typeof observation>): AgentTraceStep[] {
  if (o.actionGroupInvocationOutput) {
    return [{ kind: 'observation', source: 'action', text: o.actionGroupInvocationOutput.text ?? '' }];
  }
  if (o.knowledgeBaseLookupOutput) {
    const count = o.knowledgeBaseLookupOutput.retrievedReferences?.length ?? 0;
    return [
      {
        kind: 'observation',
        source: 'knowledge-base',
        text: `${count} passage${count === 1 ? '' : 's'} retrieved`,
        referenceCount: count,
      },
    ];
  }
  if (o.agentCollaboratorInvocationOutput) {
    return [
      {
        kind: 'observation',
        source: 'collaborator',
        text: o.agentCollaboratorInvocationOutput.output?.text ?? '',
      },
    ];
  }
  if (o.codeInterpreterInvocationOutput) {
    const out = o.codeInterpreterInvocationOutput;
    return [{ kind: 'observation', source: 'code', text: out.executionError ?? out.executionOutput ?? '' }];
  }
  if (o.repromptResponse?.text) return [{ kind: 'reprompt', text: o.repromptResponse.text }];
  if (o.finalResponse) return [{ kind: 'final', text: o.finalResponse.text ?? '' }];
  return [];
}
