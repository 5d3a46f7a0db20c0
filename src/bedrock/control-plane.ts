import { BedrockClient } from '@aws-sdk/client-bedrock';
import { type ErrorCode, StrataError } from '../errors.js';

/** The endpoint comes from the SDK's own AWS_ENDPOINT_URL_BEDROCK; nothing here reads it. */
export function createBedrockControlClient(options: { region: string; maxAttempts?: number }): BedrockClient {
  return new BedrockClient({
    region: options.region,
    ...(options.maxAttempts === undefined ? {} : { maxAttempts: options.maxAttempts }),
  });
}

/**
 * Control-plane exceptions (ListFoundationModels, model customization jobs) → StrataError.
 * ValidationException, ConflictException and ResourceNotFoundException texts name what was wrong,
 * so they reach the admin; everything else keeps its detail in the logs.
 */
export function mapControlPlaneError(error: unknown, operation: string): StrataError {
  if (error instanceof StrataError) return error;
  const name = error instanceof Error ? error.name : 'Unknown';
  const message = error instanceof Error ? error.message : String(error);
  const status = httpStatus(error);
  const detail = `Bedrock ${operation} ${name}: ${message}${status ? ` (status=${status})` : ''}`;
  const make = (code: ErrorCode, retryable: boolean, userMessage?: string) =>
    new StrataError(code, detail, { retryable, cause: error, ...(userMessage ? { userMessage } : {}) });

  switch (name) {
    case 'ValidationException':
      return make('model_validation', false, `Amazon Bedrock rejected the request: ${message}`);
    case 'ResourceNotFoundException':
      return make('model_not_found', false, `Amazon Bedrock could not find it: ${message}`);
    case 'ConflictException':
    case 'ResourceInUseException':
      return make('model_validation', false, `Amazon Bedrock refused: ${message}`);
    case 'ServiceQuotaExceededException':
    case 'TooManyTagsException':
      return make('model_validation', false, `Amazon Bedrock quota reached: ${message}`);
    case 'AccessDeniedException':
      return make(
        'model_access_denied',
        false,
        `Strata's IAM role is not allowed to call Bedrock ${operation}. Ask the platform team to grant it.`,
      );
    case 'ThrottlingException':
      return make('model_throttled', true);
    case 'InternalServerException':
    case 'ServiceUnavailableException':
      return make('model_unavailable', true);
  }
  if (status === 429) return make('model_throttled', true);
  if (status !== undefined && status >= 500) return make('model_unavailable', true);
  if (isNetworkError(error)) return make('model_unavailable', true);
  return new StrataError('internal', detail, { cause: error });
}

function httpStatus(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('$metadata' in error)) return undefined;
  const metadata = error.$metadata;
  if (typeof metadata !== 'object' || metadata === null || !('httpStatusCode' in metadata)) return undefined;
  return typeof metadata.httpStatusCode === 'number' ? metadata.httpStatusCode : undefined;
}

function isNetworkError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null || !('code' in error)) return false;
  return (
    typeof error.code === 'string' &&
    /^(ECONN|EPIPE|ENOTFOUND|EAI_AGAIN|EHOST|ENET|ETIMEDOUT)/.test(error.code)
  );
}
