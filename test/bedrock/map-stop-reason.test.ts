import { describe, expect, it } from 'vitest';
import { mapStopReason } from '../../src/bedrock/map-stop-reason.js';

describe('mapStopReason', () => {
  it.each([
    ['end_turn', 'end_turn'],
    ['max_tokens', 'max_tokens'],
    ['stop_sequence', 'stop_sequence'],
    ['tool_use', 'tool_use'],
    ['content_filtered', 'content_filtered'],
    ['guardrail_intervened', 'guardrail_intervened'],
    ['model_context_window_exceeded', 'context_window_exceeded'],
  ])('maps Bedrock stop reason %s to %s', (bedrock, strata) => {
    expect(mapStopReason(bedrock)).toBe(strata);
  });

  it.each([['malformed_model_output'], ['some_future_reason'], [undefined]])(
    'maps %s, which Strata has no name for, to other',
    (bedrock) => {
      expect(mapStopReason(bedrock)).toBe('other');
    },
  );
});
