import { StrataError } from '../errors.js';

/** Any unexpected failure talking to DynamoDB or S3: the request may succeed if retried. */
export function storeUnavailable(operation: string, cause: unknown): StrataError {
  const detail = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
  return new StrataError('store_unavailable', `${operation} failed: ${detail}`, { retryable: true, cause });
}
