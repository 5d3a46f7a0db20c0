import {
  AccessDeniedException,
  BedrockRuntimeServiceException,
  InternalServerException,
  ModelErrorException,
  ModelNotReadyException,
  ModelStreamErrorException,
  ModelTimeoutException,
  ResourceNotFoundException,
  ServiceQuotaExceededException,
  ServiceUnavailableException,
  ThrottlingException,
  ValidationException,
} from '@aws-sdk/client-bedrock-runtime';
import { describe, expect, it } from 'vitest';
import { mapSdkError } from '../../src/bedrock/map-sdk-error.js';
import { StrataError } from '../../src/errors.js';

const meta = (httpStatusCode: number) => ({
  $metadata: { httpStatusCode, requestId: 'req-1' },
  $fault: 'client' as const,
});

describe('mapSdkError', () => {
  it.each([
    [
      'ThrottlingException',
      new ThrottlingException({ message: 'Too many requests', ...meta(429) }),
      'model_throttled',
      true,
    ],
    [
      'ServiceQuotaExceededException',
      new ServiceQuotaExceededException({ message: 'quota', ...meta(400) }),
      'model_throttled',
      true,
    ],
    [
      'ServiceUnavailableException',
      new ServiceUnavailableException({ message: 'down', ...meta(503) }),
      'model_unavailable',
      true,
    ],
    [
      'ModelNotReadyException',
      new ModelNotReadyException({ message: 'warming', ...meta(429) }),
      'model_unavailable',
      true,
    ],
    [
      'InternalServerException',
      new InternalServerException({ message: 'oops', ...meta(500) }),
      'model_unavailable',
      true,
    ],
    [
      'ModelTimeoutException',
      new ModelTimeoutException({ message: 'slow', ...meta(408) }),
      'model_timeout',
      true,
    ],
    [
      'AccessDeniedException',
      new AccessDeniedException({ message: 'no', ...meta(403) }),
      'model_access_denied',
      false,
    ],
    [
      'ResourceNotFoundException',
      new ResourceNotFoundException({ message: 'gone', ...meta(404) }),
      'model_not_found',
      false,
    ],
    [
      'ValidationException',
      new ValidationException({ message: 'bad', ...meta(400) }),
      'model_validation',
      false,
    ],
    [
      'ModelStreamErrorException',
      new ModelStreamErrorException({ message: 'boom', originalStatusCode: 500, ...meta(424) }),
      'model_error',
      true,
    ],
  ] as const)('turns %s into %s (retryable: %s)', (_name, error, code, retryable) => {
    const mapped = mapSdkError(error);
    expect(mapped).toBeInstanceOf(StrataError);
    expect(mapped).toMatchObject({ code, retryable });
    expect(mapped.cause).toBe(error);
  });

  it("shows Bedrock's own ValidationException text to the user, because it names the bad parameter", () => {
    const error = new ValidationException({
      message: 'The maximum tokens you requested exceeds the model limit of 4096.',
      ...meta(400),
    });
    expect(mapSdkError(error).userMessage).toBe(
      'Amazon Bedrock rejected the request: The maximum tokens you requested exceeds the model limit of 4096.',
    );
  });

  it('keeps other exception texts out of the user message but in the logged message', () => {
    const mapped = mapSdkError(
      new AccessDeniedException({ message: 'arn:aws:iam::123:role/x is not authorized', ...meta(403) }),
      'm1',
    );
    expect(mapped.userMessage).not.toContain('arn:aws:iam');
    expect(mapped.userMessage).toContain('`m1`');
    expect(mapped.message).toContain('arn:aws:iam::123:role/x is not authorized');
    expect(mapped.message).toContain('req-1');
  });

  it('treats a model error as retryable only when the model itself failed on its side', () => {
    const serverSide = new ModelErrorException({ message: 'x', originalStatusCode: 503, ...meta(424) });
    const clientSide = new ModelErrorException({ message: 'x', originalStatusCode: 400, ...meta(424) });
    expect(mapSdkError(serverSide)).toMatchObject({ code: 'model_error', retryable: true });
    expect(mapSdkError(clientSide)).toMatchObject({ code: 'model_error', retryable: false });
  });

  it('maps aborts and socket timeouts to a retryable model_timeout', () => {
    const abort = Object.assign(new Error('Request aborted'), { name: 'AbortError' });
    const timeout = Object.assign(new Error('Stream timed out'), { name: 'TimeoutError' });
    const etimedout = Object.assign(new Error('connect ETIMEDOUT'), { code: 'ETIMEDOUT' });
    for (const error of [abort, timeout, etimedout]) {
      expect(mapSdkError(error)).toMatchObject({ code: 'model_timeout', retryable: true });
    }
  });

  it('maps network failures to a retryable model_unavailable', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    const h2 = Object.assign(new Error('Protocol error'), { code: 'ERR_HTTP2_ERROR' });
    expect(mapSdkError(refused)).toMatchObject({ code: 'model_unavailable', retryable: true });
    expect(mapSdkError(h2)).toMatchObject({ code: 'model_unavailable', retryable: true });
  });

  it('falls back to the HTTP status for exceptions the SDK does not model', () => {
    const unknown = (status: number) =>
      new BedrockRuntimeServiceException({ name: 'SomethingNewException', message: 'new', ...meta(status) });
    expect(mapSdkError(unknown(429))).toMatchObject({ code: 'model_throttled', retryable: true });
    expect(mapSdkError(unknown(502))).toMatchObject({ code: 'model_unavailable', retryable: true });
    expect(mapSdkError(unknown(400))).toMatchObject({ code: 'model_validation', retryable: false });
  });

  it('passes StrataErrors through and turns anything else into internal', () => {
    const already = new StrataError('bad_input', 'x');
    expect(mapSdkError(already)).toBe(already);
    expect(mapSdkError(new TypeError('undefined is not a function'))).toMatchObject({
      code: 'internal',
      retryable: false,
    });
  });
});
