import { describe, expect, it } from 'vitest';
import { createJobWatcher } from '../../src/admin/job-watcher.js';
import type { CustomizationClient, CustomizationJob, JobStatus } from '../../src/bedrock/customization.js';
import { createLogger } from '../../src/log.js';
import type { JobWatchStore, WatchedJob } from '../../src/store/job-watch-store.js';

const watch = (name: string): WatchedJob => ({
  jobArn: `arn:${name}`,
  jobName: name,
  admin: 'U0ADMIN',
  channel: 'C1',
  threadTs: '1.1',
  createdAt: new Date(0),
});

function fakes(statuses: Record<string, JobStatus>) {
  const open = new Set(['a', 'b', 'c'].filter((n) => n in statuses));
  const store: JobWatchStore = {
    add: async () => undefined,
    open: async () => [...open].map(watch),
    claimNotification: async (arn) => open.delete(arn.slice(4)),
    releaseNotification: async (arn) => void open.add(arn.slice(4)),
  };
  const customization = {
    getJob: async (arn: string) => {
      const status = statuses[arn.slice(4)];
      if (status === undefined) throw new Error('Bedrock is down');
      return { arn, name: arn.slice(4), status } as CustomizationJob;
    },
  } as unknown as CustomizationClient;
  return { store, customization, open };
}

describe('the customization job watcher', () => {
  it('posts once for each finished job and keeps watching running ones', async () => {
    const { store, customization, open } = fakes({ a: 'Completed', b: 'InProgress', c: 'Failed' });
    const posted: string[] = [];
    const watcher = createJobWatcher({
      store,
      customization,
      intervalMs: 1000,
      logger: createLogger({ level: 'silent' }),
      post: async (w, job) => void posted.push(`${w.threadTs}:${job.name}:${job.status}`),
    });
    expect(await watcher.pollOnce()).toBe(2);
    expect(posted.sort()).toEqual(['1.1:a:Completed', '1.1:c:Failed']);
    expect([...open]).toEqual(['b']);
    expect(await watcher.pollOnce()).toBe(0);
  });

  it('tries again next time when posting fails', async () => {
    const { store, customization, open } = fakes({ a: 'Stopped' });
    let fail = true;
    const watcher = createJobWatcher({
      store,
      customization,
      intervalMs: 1000,
      logger: createLogger({ level: 'silent' }),
      post: async () => {
        if (fail) throw new Error('slack down');
      },
    });
    expect(await watcher.pollOnce()).toBe(0);
    expect(open.has('a')).toBe(true);
    fail = false;
    expect(await watcher.pollOnce()).toBe(1);
  });

  it('keeps reporting other jobs when one cannot be read', async () => {
    const { store, customization } = fakes({ a: 'Completed', b: 'Completed' });
    const broken = {
      ...customization,
      getJob: async (arn: string) =>
        arn === 'arn:a' ? Promise.reject(new Error('x')) : customization.getJob(arn),
    } as CustomizationClient;
    const posted: string[] = [];
    const watcher = createJobWatcher({
      store,
      customization: broken,
      intervalMs: 1000,
      logger: createLogger({ level: 'silent' }),
      post: async (w) => void posted.push(w.jobName),
    });
    expect(await watcher.pollOnce()).toBe(1);
    expect(posted).toEqual(['b']);
  });
});
