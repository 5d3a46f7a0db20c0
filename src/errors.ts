/** One error type for Strata. Each code carries the text a Slack user sees; details stay in logs. */

const userMessages = {
  bad_input: 'That request could not be understood.',
  model_throttled: 'Amazon Bedrock is busy right now (throttled). Please try again in a moment.',
  model_unavailable: 'Amazon Bedrock is temporarily unavailable. Please try again shortly.',
  model_timeout: 'The model took too long to respond. Please try again.',
  model_access_denied:
    'Strata is not allowed to use this model. Ask an admin to enable model access in Amazon Bedrock.',
  model_not_found: 'That model does not exist in this region, or is not available for on-demand use.',
  model_validation: 'Amazon Bedrock rejected the request.',
  model_error: 'The model failed while answering.',
  slack_error: 'Slack rejected a request from Strata.',
  store_unavailable: 'Strata could not reach its database. Please try again shortly.',
  internal: 'Something went wrong inside Strata. The error has been logged.',
} as const;

export type ErrorCode = keyof typeof userMessages;

export interface StrataErrorOptions {
  /** Overrides the default text for the code; must be safe to show to a Slack user. */
  userMessage?: string;
  retryable?: boolean;
  cause?: unknown;
}

export class StrataError extends Error {
  readonly code: ErrorCode;
  readonly userMessage: string;
  readonly retryable: boolean;

  constructor(code: ErrorCode, message: string, options: StrataErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'StrataError';
    this.code = code;
    this.userMessage = options.userMessage ?? userMessages[code];
    this.retryable = options.retryable ?? false;
  }

  /** The line shown in Slack when this error ends a reply. */
  toSlackText(): string {
    return `:warning: ${this.userMessage}`;
  }
}

/** Anything thrown becomes a StrataError; unknown errors become `internal` and keep the original as cause. */
export function toStrataError(error: unknown): StrataError {
  if (error instanceof StrataError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new StrataError('internal', message, { cause: error });
}
