import type { ConverseStreamExceptionType } from './event-stream-frames.js';

/** A canned reply for the next converse / converse-stream request (tests and fault injection). */
export interface ScriptedReply {
  /** Text chunks, one contentBlockDelta each. Without them the engine writes the text. */
  chunks?: string[];
  /** Pause before each chunk. */
  delayMs?: number;
  /** Defaults to end_turn. */
  stopReason?: string;
  /** Overrides the chars/4 estimates. */
  usage?: { inputTokens?: number; outputTokens?: number; totalTokens?: number };
  /** Answer with this HTTP error instead of a reply (e.g. 429 ThrottlingException). */
  httpError?: { status: number; type: string; message: string };
  /** Send an in-stream exception frame after this many chunks, then end the stream. */
  streamError?: { afterChunks: number; type: ConverseStreamExceptionType; message: string };
  /** Stop sending after this many chunks, without ending the response. */
  stallAfterChunks?: number;
}
