import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';

/**
 * InvokeAgent `completion` frames, encoded with the SDK's own codec like the runtime's frames in
 * ../bedrock/event-stream-frames.ts (whose types name only ConverseStream members). Payloads are the bare
 * member body; blobs (chunk bytes) travel base64-encoded inside the JSON.
 */
const codec = new EventStreamCodec(toUtf8, fromUtf8);

const header = (value: string) => ({ type: 'string' as const, value });

export type AgentEventType = 'chunk' | 'trace' | 'returnControl' | 'files';

export type AgentExceptionType =
  | 'throttlingException'
  | 'internalServerException'
  | 'validationException'
  | 'resourceNotFoundException'
  | 'serviceQuotaExceededException'
  | 'accessDeniedException'
  | 'conflictException'
  | 'dependencyFailedException'
  | 'badGatewayException'
  | 'modelNotReadyException';

export function agentEventFrame(type: AgentEventType, payload: object): Uint8Array {
  return codec.encode({
    headers: {
      ':event-type': header(type),
      ':content-type': header('application/json'),
      ':message-type': header('event'),
    },
    body: fromUtf8(JSON.stringify(payload)),
  });
}

/** A text chunk: `{ bytes: base64 }`, optionally with knowledge-base attribution. */
export function chunkFrame(text: string, attribution?: object): Uint8Array {
  return agentEventFrame('chunk', {
    bytes: Buffer.from(text, 'utf8').toString('base64'),
    ...(attribution ? { attribution } : {}),
  });
}

export function agentExceptionFrame(type: AgentExceptionType, message: string): Uint8Array {
  return codec.encode({
    headers: {
      ':exception-type': header(type),
      ':content-type': header('application/json'),
      ':message-type': header('exception'),
    },
    body: fromUtf8(JSON.stringify({ message })),
  });
}
