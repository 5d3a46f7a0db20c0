import { describe, expect, it } from 'vitest';
import { createJournaledQueue } from '../src/journaled-queue.js';
import { createLogger } from '../src/log.js';
import type { JobJournal } from '../src/store/job-journal.js';

const logger = createLogger({ level: 'silent' });

function memoryJournal(): JobJournal & { entries: Map<string, { job: unknown; attempts: number }> } {
  const entries = new Map<string, { job: unknown; attempts: number }>();
  return {
    entries,
    record: async (id, job, attempts) => void entries.set(id, { job, attempts }),
    remove: async (id) => void entries.delete(id),
    pending: async () => [...entries.entries()].map(([id, e]) => ({ id, ...e })),
  };
}

describe('the journaled work queue', () => {
  it('keeps a job in the journal while it runs and removes it when it ends', async () => {
    const journal = memoryJournal();
    let seenWhileRunning = 0;
    const queue = createJournaledQueue<string>({
      journal,
      concurrency: 1,
      logger,
      run: async () => {
        seenWhileRunning = journal.entries.size;
      },
    });
    await queue.enqueue('job');
    await queue.onIdle();
    expect(seenWhileRunning).toBe(1);
    expect(journal.entries.size).toBe(0);
  });

  it('runs again, marked as recovered, what a previous process left unfinished', async () => {
    const journal = memoryJournal();
    journal.entries.set('a', { job: 'interrupted', attempts: 0 });
    const runs: Array<[string, boolean]> = [];
    const queue = createJournaledQueue<string>({
      journal,
      concurrency: 1,
      logger,
      run: async (job, { recovered }) => void runs.push([job, recovered]),
    });
    expect(await queue.recover()).toBe(1);
    await queue.onIdle();
    expect(runs).toEqual([['interrupted', true]]);
    expect(journal.entries.size).toBe(0);
  });

  it('gives up on a job that keeps being interrupted', async () => {
    const journal = memoryJournal();
    journal.entries.set('poison', { job: 'crashes the process', attempts: 2 });
    const runs: string[] = [];
    const queue = createJournaledQueue<string>({
      journal,
      concurrency: 1,
      logger,
      run: async (job) => void runs.push(job),
    });
    expect(await queue.recover()).toBe(0);
    expect(runs).toEqual([]);
    expect(journal.entries.size).toBe(0);
  });

  it('still runs the job when the journal cannot be written', async () => {
    const journal = memoryJournal();
    journal.record = async () => {
      throw new Error('store down');
    };
    const runs: string[] = [];
    const queue = createJournaledQueue<string>({
      journal,
      concurrency: 1,
      logger,
      run: async (job) => void runs.push(job),
    });
    await queue.enqueue('important');
    await queue.onIdle();
    expect(runs).toEqual(['important']);
  });
});
