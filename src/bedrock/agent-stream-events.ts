import type {
  ApiInvocationInput,
  Citation,
  FunctionInvocationInput,
  InvocationInputMember,
  ResponseStream,
  RetrievedReference,
} from '@aws-sdk/client-bedrock-agent-runtime';
import type {
  AgentCitation,
  AgentInvocationMode,
  AgentParameter,
  AgentPart,
  AgentReference,
  ReturnedInvocation,
} from './agent-parts.js';
import { readTrace } from './agent-trace.js';
import { inStreamException } from './stream-exception.js';

const decoder = new TextDecoder();

/** One InvokeAgent `completion` event → zero or more parts. Exception members throw. */
export function toAgentParts(event: ResponseStream): AgentPart[] {
  if (event.chunk) {
    const parts: AgentPart[] = [];
    const text = event.chunk.bytes ? decoder.decode(event.chunk.bytes) : '';
    if (text !== '') parts.push({ type: 'text', text });
    const citations = (event.chunk.attribution?.citations ?? []).map(toCitation).filter(hasReferences);
    if (citations.length > 0) parts.push({ type: 'citations', citations });
    return parts;
  }
  if (event.trace) {
    const { steps, usage } = readTrace(event.trace.trace);
    const parts: AgentPart[] = steps.map((step) => ({ type: 'trace', step }));
    if (usage) parts.push({ type: 'usage', ...usage });
    return parts;
  }
  if (event.returnControl) {
    const invocations = (event.returnControl.invocationInputs ?? [])
      .map(toReturnedInvocation)
      .filter((i): i is ReturnedInvocation => i !== undefined);
    return [{ type: 'return-control', invocationId: event.returnControl.invocationId ?? '', invocations }];
  }
  if (event.files) {
    const files = (event.files.files ?? []).map((f) => ({
      name: f.name ?? 'file',
      mimeType: f.type ?? 'application/octet-stream',
      bytes: f.bytes ?? new Uint8Array(),
    }));
    return files.length > 0 ? [{ type: 'files', files }] : [];
  }
  const exception = inStreamException(event);
  if (exception) throw exception;
  return [];
}

function toCitation(citation: Citation): AgentCitation {
  return {
    text: citation.generatedResponsePart?.textResponsePart?.text ?? '',
    references: (citation.retrievedReferences ?? []).map(toReference),
  };
}

function hasReferences(citation: AgentCitation): boolean {
  return citation.references.length > 0;
}

function toReference(reference: RetrievedReference): AgentReference {
  const location = reference.location;
  const url =
    location?.webLocation?.url ??
    location?.confluenceLocation?.url ??
    location?.salesforceLocation?.url ??
    location?.sharePointLocation?.url;
  const where = location?.s3Location?.uri ?? location?.customDocumentLocation?.id ?? location?.type;
  const excerpt = (reference.content?.text ?? '').replace(/\s+/g, ' ').trim();
  return { excerpt, ...(url ? { url } : {}), ...(where && !url ? { location: where } : {}) };
}

function toMode(type: string | undefined): AgentInvocationMode {
  if (type === 'USER_CONFIRMATION') return 'confirm';
  if (type === 'USER_CONFIRMATION_AND_RESULT') return 'confirm-and-run';
  return 'run';
}

function toParameters(list: Array<{ name?: string; type?: string; value?: string }> | undefined) {
  return (list ?? []).map(
    (p): AgentParameter => ({ name: p.name ?? '', type: p.type ?? 'string', value: p.value ?? '' }),
  );
}

function toReturnedInvocation(member: InvocationInputMember): ReturnedInvocation | undefined {
  if (member.functionInvocationInput) return fromFunction(member.functionInvocationInput);
  if (member.apiInvocationInput) return fromApi(member.apiInvocationInput);
  return undefined;
}

function fromFunction(input: FunctionInvocationInput): ReturnedInvocation {
  return {
    kind: 'function',
    actionGroup: input.actionGroup ?? '',
    function: input.function ?? '',
    parameters: toParameters(input.parameters),
    mode: toMode(input.actionInvocationType),
  };
}

function fromApi(input: ApiInvocationInput): ReturnedInvocation {
  const body = Object.values(input.requestBody?.content ?? {}).flatMap((c) => c.properties ?? []);
  return {
    kind: 'api',
    actionGroup: input.actionGroup ?? '',
    httpMethod: (input.httpMethod ?? 'GET').toUpperCase(),
    apiPath: input.apiPath ?? '/',
    parameters: toParameters(input.parameters),
    body: toParameters(body),
    mode: toMode(input.actionInvocationType),
  };
}
