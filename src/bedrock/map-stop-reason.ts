import type { FinishReason } from './stream-parts.js';

/** Bedrock's stopReason → Strata's finish reason. Bedrock adds values over time; unknown ones are 'other'. */
export function mapStopReason(stopReason: string | undefined): FinishReason {
  switch (stopReason) {
    case 'end_turn':
      return 'end_turn';
    case 'max_tokens':
      return 'max_tokens';
    case 'stop_sequence':
      return 'stop_sequence';
    case 'tool_use':
      return 'tool_use';
    case 'content_filtered':
      return 'content_filtered';
    case 'guardrail_intervened':
      return 'guardrail_intervened';
    case 'model_context_window_exceeded':
      return 'context_window_exceeded';
    default:
      return 'other';
  }
}
