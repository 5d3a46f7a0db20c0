import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';

/** AWS event-stream frames, encoded with the SDK's own codec. Payloads are the bare member body. */
const codec = new EventStreamCodec(toUtf8, fromUtf8);

const header = (value: string) => ({ type: 'string' as const, value });

export type ConverseStreamEventType =
  | 'messageStart'
  | 'contentBlockDelta'
  | 'contentBlockStop'
  | 'messageStop'
  | 'metadata';

export type ConverseStreamExceptionType =
  | 'modelStreamErrorException'
  | 'throttlingException'
  | 'internalServerException'
  | 'serviceUnavailableException'
  | 'validationException';

export function eventFrame(type: ConverseStreamEventType, payload: object): Uint8Array {
  return codec.encode({
    headers: {
      ':event-type': header(type),
      ':content-type': header('application/json'),
      ':message-type': header('event'),
    },
    body: fromUtf8(JSON.stringify(payload)),
  });
}

/** An in-stream exception: the SDK throws it while the caller iterates. The type is the camelCase member. */
export function exceptionFrame(type: ConverseStreamExceptionType, payload: { message: string }): Uint8Array {
  return codec.encode({
    headers: {
      ':exception-type': header(type),
      ':content-type': header('application/json'),
      ':message-type': header('exception'),
    },
    body: fromUtf8(JSON.stringify(payload)),
  });
}
