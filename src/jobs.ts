import { type ChatDeps, type ChatJob, replyInThread } from './chat/chat-service.js';

/** Every kind of slow work a Slack request can hand to the work queue. */
export type Job = ChatJob;

export type JobDeps = ChatDeps;

export function createJobRunner(deps: JobDeps): (job: Job) => Promise<void> {
  return async (job) => {
    switch (job.kind) {
      case 'chat':
        return replyInThread(job, deps);
    }
  };
}
