import type { Logger } from './log.js';

/**
 * The ack/work split: Slack handlers ack at once and enqueue; workers run the slow part.
 * The long-running server uses the in-process queue below; the Lambda deployment swaps in a real queue.
 */
export interface WorkQueue<J> {
  enqueue(job: J): Promise<void>;
  /** Resolves once nothing is queued or running. */
  onIdle(): Promise<void>;
  /** Stops taking jobs and waits for the running ones. */
  close(): Promise<void>;
}

export interface InProcessQueueOptions<J> {
  run: (job: J) => Promise<void>;
  concurrency: number;
  logger: Logger;
}

export function createInProcessQueue<J>({
  run,
  concurrency,
  logger,
}: InProcessQueueOptions<J>): WorkQueue<J> {
  const waiting: J[] = [];
  let running = 0;
  let closed = false;
  let idleWaiters: Array<() => void> = [];

  const settleIdle = () => {
    if (running > 0 || waiting.length > 0) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const resolve of waiters) resolve();
  };

  const pump = () => {
    while (running < concurrency && waiting.length > 0) {
      const job = waiting.shift() as J;
      running += 1;
      run(job)
        .catch((error: unknown) => logger.error({ err: error }, 'job failed outside its own error handling'))
        .finally(() => {
          running -= 1;
          pump();
          settleIdle();
        });
    }
  };

  return {
    async enqueue(job) {
      if (closed) throw new Error('work queue is closed');
      waiting.push(job);
      pump();
    },
    onIdle() {
      return new Promise<void>((resolve) => {
        idleWaiters.push(resolve);
        settleIdle();
      });
    },
    async close() {
      closed = true;
      await this.onIdle();
    },
  };
}
