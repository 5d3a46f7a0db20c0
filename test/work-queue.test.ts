import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/log.js';
import { createInProcessQueue } from '../src/work-queue.js';

const logger = createLogger({ level: 'silent' });

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('the in-process work queue', () => {
  it('runs no more jobs at once than its concurrency', async () => {
    const gates = [deferred(), deferred(), deferred()];
    const started: number[] = [];
    const queue = createInProcessQueue<number>({
      concurrency: 2,
      logger,
      run: async (n) => {
        started.push(n);
        await gates[n]?.promise;
      },
    });
    for (const n of [0, 1, 2]) await queue.enqueue(n);
    expect(started).toEqual([0, 1]);
    gates[0]?.resolve();
    await Promise.resolve();
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual([0, 1, 2]);
    gates[1]?.resolve();
    gates[2]?.resolve();
    await queue.onIdle();
  });

  it('keeps running later jobs after one fails, and logs the failure', async () => {
    const done: number[] = [];
    const queue = createInProcessQueue<number>({
      concurrency: 1,
      logger,
      run: async (n) => {
        if (n === 1) throw new Error('boom');
        done.push(n);
      },
    });
    for (const n of [1, 2, 3]) await queue.enqueue(n);
    await queue.onIdle();
    expect(done).toEqual([2, 3]);
  });

  it('refuses new jobs once closed', async () => {
    const queue = createInProcessQueue<number>({ concurrency: 1, logger, run: async () => {} });
    await queue.close();
    await expect(queue.enqueue(1)).rejects.toThrow('closed');
  });
});
