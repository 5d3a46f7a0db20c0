import type { Logger } from '../log.js';
import type { ModelCall, StrataMetrics, UsageRecorder } from '../metrics.js';
import type { UsageStore } from '../store/usage-store.js';

/**
 * Records each model call three ways: a DynamoDB usage item (reports, budgets), EMF metrics
 * (CloudWatch, no extra calls), and a log line. Never throws: a reply must not fail because its
 * usage could not be stored; that failure is logged at error level with the whole call, so it is not lost.
 */
export function createUsageRecorder(options: {
  store: UsageStore;
  metrics: StrataMetrics;
  logger: Logger;
  now?: () => Date;
  /** Runs after a call is stored, e.g. budget warnings. */
  afterRecord?: (call: ModelCall) => Promise<void>;
}): UsageRecorder {
  const now = options.now ?? (() => new Date());
  const log = options.logger.child({ component: 'usage' });
  return {
    async record(call) {
      const usage = { ...call, imagesGenerated: call.imagesGenerated ?? 0 };
      try {
        options.metrics.usage(usage);
        options.metrics.latency(usage);
        options.metrics.outcome(usage);
      } catch (error) {
        log.error({ err: error, usage }, 'could not emit usage metrics');
      }
      try {
        const { errorCode, ...rest } = usage;
        await options.store.record({ ...rest, at: now(), ...(errorCode === undefined ? {} : { errorCode }) });
        await options.afterRecord?.(call);
      } catch (error) {
        log.error({ err: error, usage }, 'could not store usage');
        return;
      }
      log.debug({ usage }, 'usage recorded');
    },
  };
}
