import { type CustomizationClient, type CustomizationJob, isFinished } from '../bedrock/customization.js';
import type { Logger } from '../log.js';
import type { JobWatchStore, WatchedJob } from '../store/job-watch-store.js';

export interface JobWatcher {
  /** Checks every watched job once; posts the outcome of each that finished. Returns how many were posted. */
  pollOnce(): Promise<number>;
  /** Polls every `intervalMs` until stopped (long-running server; a scheduled event calls pollOnce in Lambda). */
  start(): void;
  stop(): Promise<void>;
}

/**
 * Watches running customization jobs and posts in the thread of the admin who started each one when it
 * completes, fails or is stopped. State lives in DynamoDB, so a restart loses nothing, and a conditional
 * claim makes sure one process posts each outcome once.
 */
export function createJobWatcher(options: {
  store: JobWatchStore;
  customization: CustomizationClient;
  post: (watch: WatchedJob, job: CustomizationJob) => Promise<void>;
  intervalMs: number;
  logger: Logger;
  now?: () => Date;
}): JobWatcher {
  const now = options.now ?? (() => new Date());
  const log = options.logger.child({ component: 'finetune-watcher' });
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;

  const check = async (watch: WatchedJob): Promise<boolean> => {
    const job = await options.customization.getJob(watch.jobArn);
    if (!isFinished(job.status)) return false;
    if (!(await options.store.claimNotification(watch.jobArn, job.status, now()))) return false;
    try {
      await options.post(watch, job);
    } catch (error) {
      await options.store.releaseNotification(watch.jobArn);
      throw error;
    }
    log.info(
      { job: watch.jobName, status: job.status, channel: watch.channel },
      'customization job finished',
    );
    return true;
  };

  const pollOnce = async (): Promise<number> => {
    let posted = 0;
    for (const watch of await options.store.open()) {
      try {
        if (await check(watch)) posted += 1;
      } catch (error) {
        // One broken job (or a Slack hiccup) must not stop the others from being reported.
        log.error({ err: error, job: watch.jobName }, 'could not check or report a customization job');
      }
    }
    return posted;
  };

  const tick = () => {
    running ??= pollOnce()
      .catch((error: unknown) => {
        log.error({ err: error }, 'customization job poll failed');
        return 0;
      })
      .finally(() => {
        running = undefined;
      });
  };

  return {
    pollOnce: () => {
      tick();
      return running ?? Promise.resolve(0);
    },
    start() {
      if (timer) return;
      timer = setInterval(tick, options.intervalMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
}
