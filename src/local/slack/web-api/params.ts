import { SlackApiError } from './api-error.js';

/** Parameters of one Web API call, after decoding the body (form, JSON or multipart) and the query. */
export type Params = Record<string, unknown>;

/** A string parameter; numbers and booleans arrive as strings in forms, so they are accepted too. */
export function optionalString(params: Params, key: string): string | undefined {
  const value = params[key];
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

export function requiredString(params: Params, key: string, error = 'invalid_arguments'): string {
  const value = optionalString(params, key);
  if (value === undefined || value === '') {
    throw new SlackApiError(error, {
      response_metadata: { messages: [`[ERROR] missing required field: ${key}`] },
    });
  }
  return value;
}

export function optionalBoolean(params: Params, key: string): boolean | undefined {
  const value = optionalString(params, key);
  if (value === undefined) return undefined;
  return value === 'true' || value === '1';
}

export function limitParam(params: Params, fallback: number, max = 999): number {
  const raw = optionalString(params, 'limit');
  const value = raw === undefined ? Number.NaN : Number.parseInt(raw, 10);
  if (!Number.isFinite(value) || value <= 0) return fallback;
  return Math.min(value, max);
}
