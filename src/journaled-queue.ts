import { randomUUID } from 'node:crypto';
import type { Logger } from './log.js';
import type { JobJournal } from './store/job-journal.js';
import { createInProcessQueue, type WorkQueue } from './work-queue.js';

export interface JournaledQueue<J> extends WorkQueue<J> {
  /** Runs again what an earlier process accepted but did not finish; returns how many. */
  recover(): Promise<number>;
}

/**
 * The in-process queue, with every job journaled in the store until it ends. A job that was running
 * when the process died runs again with `recovered: true` (so it can tidy the reply it left behind);
 * one that keeps dying is dropped after `maxAttempts`, with an error in the log.
 */
export function createJournaledQueue<J>(options: {
  journal: JobJournal;
  run: (job: J, context: { recovered: boolean; jobId: string }) => Promise<void>;
  concurrency: number;
  logger: Logger;
  /** Runs of one job in all, first included, before it is given up. */
  maxAttempts?: number;
}): JournaledQueue<J> {
  const { journal, logger } = options;
  const maxAttempts = options.maxAttempts ?? 3;
  const inner = createInProcessQueue<{ id: string; job: J; attempts: number }>({
    concurrency: options.concurrency,
    logger,
    run: async ({ id, job, attempts }) => {
      try {
        await options.run(job, { recovered: attempts > 0, jobId: id });
      } finally {
        await journal
          .remove(id)
          .catch((error: unknown) => logger.error({ err: error }, 'job journal: remove failed'));
      }
    },
  });
  return {
    async enqueue(job) {
      const id = randomUUID();
      await journal
        .record(id, job, 0)
        .catch((error: unknown) =>
          logger.error({ err: error }, 'job journal: record failed; the job runs unjournaled'),
        );
      await inner.enqueue({ id, job, attempts: 0 });
    },
    onIdle: () => inner.onIdle(),
    close: () => inner.close(),
    async recover() {
      let recovered = 0;
      for (const pending of await journal.pending()) {
        if (pending.attempts + 1 >= maxAttempts) {
          logger.error(
            { job_id: pending.id, attempts: pending.attempts },
            'job dropped after repeated interruptions',
          );
          await journal.remove(pending.id);
          continue;
        }
        await journal.record(pending.id, pending.job, pending.attempts + 1);
        await inner.enqueue({ id: pending.id, job: pending.job as J, attempts: pending.attempts + 1 });
        recovered += 1;
      }
      if (recovered > 0) logger.warn({ jobs: recovered }, 'resumed work interrupted by a restart');
      return recovered;
    },
  };
}
