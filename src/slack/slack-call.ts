import { StrataError } from '../errors.js';
import type { Logger } from '../log.js';
import { RateLimitedError } from './edit-scheduler.js';

/** Retry-After of a 429 from a WebClient built with `rejectRateLimitedCalls`, in ms. */
export function rateLimitDelayMs(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  if (error.code !== 'slack_webapi_rate_limited_error') return undefined;
  return ('retryAfter' in error && typeof error.retryAfter === 'number' ? error.retryAfter : 1) * 1000;
}

/** The `error` code of a Slack `{ok:false}` answer, if that is what `error` is (or the cause of a StrataError). */
export function slackErrorCode(error: unknown): string | undefined {
  if (error instanceof StrataError) return slackErrorCode(error.cause);
  if (typeof error !== 'object' || error === null || !('data' in error)) return undefined;
  const data = error.data;
  return typeof data === 'object' && data !== null && 'error' in data && typeof data.error === 'string'
    ? data.error
    : undefined;
}

/**
 * Wraps a stream's Slack calls: a 429 goes to the scheduler (which pauses everyone); other failures
 * are retried a few times by the scheduler asking again, then `giveUp` decides what is lost.
 */
export function slackCalls(logger: Logger, maxAttempts = 3) {
  let failures = 0;
  return (run: () => Promise<void>, giveUp: (error: unknown) => void) => async () => {
    try {
      await run();
      failures = 0;
    } catch (error) {
      const retryAfter = rateLimitDelayMs(error);
      if (retryAfter !== undefined) throw new RateLimitedError(retryAfter);
      failures += 1;
      logger.warn(
        { err: error, attempt: failures, slack_error: slackErrorCode(error) },
        'Slack write failed',
      );
      if (failures >= maxAttempts) {
        logger.error({ err: error }, 'Slack write given up after retries');
        failures = 0;
        giveUp(error);
      }
    }
  };
}
