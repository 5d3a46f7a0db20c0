/** The closed set of things a chat stream yields. Bedrock's own event shapes stop at src/bedrock. */
export type FinishReason =
  | 'end_turn'
  | 'max_tokens'
  | 'stop_sequence'
  | 'tool_use'
  | 'content_filtered'
  | 'guardrail_intervened'
  | 'context_window_exceeded'
  | 'other';

export interface Usage {
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  latencyMs: number | undefined;
}

export type StreamPart =
  | { type: 'text-delta'; text: string }
  | { type: 'finish'; reason: FinishReason }
  | { type: 'usage'; usage: Usage };
