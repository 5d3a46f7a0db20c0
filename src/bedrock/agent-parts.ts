/** The closed set of things an agent invocation yields. Bedrock Agent Runtime shapes stop at src/bedrock. */

export interface AgentParameter {
  name: string;
  /** Bedrock's declared type: string, number, integer, boolean or array. */
  type: string;
  /** Always a string on the wire, whatever the declared type. */
  value: string;
}

/**
 * What the caller must do with a returned call: `confirm` asks the user and Bedrock runs the action;
 * `confirm-and-run` asks the user and the caller runs it; `run` runs it without asking.
 */
export type AgentInvocationMode = 'confirm' | 'confirm-and-run' | 'run';

export type ReturnedInvocation =
  | {
      kind: 'function';
      actionGroup: string;
      function: string;
      parameters: AgentParameter[];
      mode: AgentInvocationMode;
    }
  | {
      kind: 'api';
      actionGroup: string;
      httpMethod: string;
      apiPath: string;
      parameters: AgentParameter[];
      /** application/json request body properties, flattened. */
      body: AgentParameter[];
      mode: AgentInvocationMode;
    };

/** The caller's answer to one returned invocation, sent back in `sessionState.returnControlInvocationResults`. */
export type InvocationResult =
  | {
      kind: 'function';
      actionGroup: string;
      function: string;
      confirmation?: 'CONFIRM' | 'DENY';
      body: string;
      state?: 'FAILURE' | 'REPROMPT';
    }
  | {
      kind: 'api';
      actionGroup: string;
      httpMethod: string;
      apiPath: string;
      confirmation?: 'CONFIRM' | 'DENY';
      statusCode: number;
      body: string;
    };

export interface AgentReference {
  /** The cited passage, trimmed. */
  excerpt: string;
  /** A browsable link (web, Confluence, SharePoint, Salesforce…) when the source has one. */
  url?: string;
  /** Where it came from when there is no link: an s3:// URI or a source name. */
  location?: string;
}

export interface AgentCitation {
  /** The part of the answer this citation supports. */
  text: string;
  references: AgentReference[];
}

export interface AgentFile {
  name: string;
  mimeType: string;
  bytes: Uint8Array;
}

/** One readable step of the agent's reasoning, from its trace events. */
export type AgentTraceStep =
  | { kind: 'rationale'; text: string }
  | {
      kind: 'action';
      actionGroup: string;
      /** Function name, or `METHOD /path` for OpenAPI action groups. */
      operation: string;
      parameters: Array<{ name: string; value: string }>;
      execution: 'lambda' | 'return-control' | 'unknown';
    }
  | { kind: 'knowledge-base'; knowledgeBaseId: string | undefined; query: string }
  | { kind: 'collaborator'; name: string; input: string }
  | { kind: 'code'; code: string }
  | {
      kind: 'observation';
      source: 'action' | 'knowledge-base' | 'collaborator' | 'code';
      text: string;
      referenceCount?: number;
    }
  | { kind: 'reprompt'; text: string }
  | { kind: 'final'; text: string }
  | { kind: 'guardrail'; action: string }
  | { kind: 'failure'; reason: string };

export type AgentPart =
  | { type: 'text'; text: string }
  | { type: 'citations'; citations: AgentCitation[] }
  | { type: 'trace'; step: AgentTraceStep }
  | { type: 'return-control'; invocationId: string; invocations: ReturnedInvocation[] }
  | { type: 'files'; files: AgentFile[] }
  | { type: 'usage'; inputTokens: number; outputTokens: number };
