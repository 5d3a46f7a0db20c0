/** What the local Bedrock endpoint hands to a reply engine: the Converse request, reduced to text. */
export interface EngineMessage {
  role: 'user' | 'assistant';
  text: string;
}

export interface EngineRequest {
  /** Decoded from the path; may be an inference-profile id or an ARN. */
  modelId: string;
  system: string | undefined;
  messages: EngineMessage[];
  inferenceConfig: { maxTokens?: number; temperature?: number; topP?: number };
  /** Aborted when the client goes away. */
  signal?: AbortSignal;
}

/** Produces the reply text as chunks; each chunk becomes one contentBlockDelta event. */
export type ReplyEngine = (request: EngineRequest) => AsyncIterable<string>;
