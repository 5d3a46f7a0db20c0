import { type ErrorCode, StrataError } from '../errors.js';

interface ErrorFacts {
  name: string;
  message: string;
  code: string | undefined;
  status: number | undefined;
  requestId: string | undefined;
  originalStatusCode: number | undefined;
}

const networkCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ERR_HTTP2_ERROR',
  'ERR_HTTP2_STREAM_ERROR',
  'ERR_HTTP2_SESSION_ERROR',
  'ERR_HTTP2_GOAWAY_SESSION',
  'ERR_HTTP2_INVALID_SESSION',
  'ERR_STREAM_PREMATURE_CLOSE',
]);

/**
 * Any error out of the Bedrock runtime client (HTTP errors, in-stream exception frames, aborts, sockets)
 * → StrataError. Only ValidationException's own text reaches users: it names the bad parameter.
 */
export function mapSdkError(error: unknown, modelId?: string): StrataError {
  if (error instanceof StrataError) return error;
  const facts = readFacts(error);
  const detail = describe(facts);
  const make = (code: ErrorCode, retryable: boolean, userMessage?: string) =>
    new StrataError(code, detail, { retryable, cause: error, ...(userMessage ? { userMessage } : {}) });
  const model = modelId ? ` \`${modelId}\`` : '';

  switch (facts.name) {
    case 'ThrottlingException':
      return make('model_throttled', true);
    case 'ServiceQuotaExceededException':
      return make(
        'model_throttled',
        true,
        `Strata has reached its Amazon Bedrock quota for the model${model}. Please try again later.`,
      );
    case 'ServiceUnavailableException':
    case 'ModelNotReadyException':
    case 'InternalServerException':
      return make('model_unavailable', true);
    case 'ModelTimeoutException':
    case 'TimeoutError':
      return make('model_timeout', true);
    case 'AccessDeniedException':
      return make(
        'model_access_denied',
        false,
        modelId
          ? `Strata is not allowed to use the model${model}. Ask an admin to enable access to it in Amazon Bedrock.`
          : undefined,
      );
    case 'ResourceNotFoundException':
      return make(
        'model_not_found',
        false,
        modelId
          ? `The model${model} does not exist in this region, or is not available for on-demand use.`
          : undefined,
      );
    case 'ValidationException':
      return make('model_validation', false, `Amazon Bedrock rejected the request: ${facts.message}`);
    case 'ModelStreamErrorException':
      return make('model_error', true);
    case 'ModelErrorException':
      return make('model_error', facts.originalStatusCode === undefined || facts.originalStatusCode >= 500);
    case 'AbortError':
      return make('model_timeout', true);
  }
  if (facts.code === 'ETIMEDOUT') return make('model_timeout', true);
  if (facts.code !== undefined && networkCodes.has(facts.code)) return make('model_unavailable', true);
  return byStatus(facts.status, make) ?? new StrataError('internal', detail, { cause: error });
}

function byStatus(
  status: number | undefined,
  make: (code: ErrorCode, retryable: boolean) => StrataError,
): StrataError | undefined {
  if (status === undefined) return undefined;
  if (status === 429) return make('model_throttled', true);
  if (status === 403) return make('model_access_denied', false);
  if (status === 404) return make('model_not_found', false);
  if (status === 408) return make('model_timeout', true);
  if (status >= 500) return make('model_unavailable', true);
  if (status >= 400) return make('model_validation', false);
  return undefined;
}

function readFacts(error: unknown): ErrorFacts {
  const source: Record<string, unknown> = typeof error === 'object' && error !== null ? { ...error } : {};
  const metadata = asRecord(source.$metadata);
  return {
    name: error instanceof Error ? error.name : (str(source.name) ?? 'Unknown'),
    message: error instanceof Error ? error.message : (str(source.message) ?? String(error)),
    code: str(source.code),
    status: num(metadata.httpStatusCode),
    requestId: str(metadata.requestId),
    originalStatusCode: num(source.originalStatusCode),
  };
}

function describe(facts: ErrorFacts): string {
  const extras = [
    facts.code ? `code=${facts.code}` : '',
    facts.status ? `status=${facts.status}` : '',
    facts.requestId ? `requestId=${facts.requestId}` : '',
  ].filter(Boolean);
  return `Bedrock ${facts.name}: ${facts.message}${extras.length > 0 ? ` (${extras.join(', ')})` : ''}`;
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? { ...value } : {};
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}
