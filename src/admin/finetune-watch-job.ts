import type { FineTuneJobDeps } from './finetune-job.js';

/** Check the watched customization jobs once and post each finished one in its admin's thread. */
export interface FineTuneWatchJob {
  kind: 'finetune-watch';
}

/**
 * What the deployed stack's schedule puts on the work queue every few minutes (infra/lib/ingress.ts); the
 * long-running server polls on its own timer instead (JobWatcher.start).
 */
export const FINETUNE_WATCH_JOB: FineTuneWatchJob = { kind: 'finetune-watch' };

export async function runFineTuneWatch(deps: FineTuneJobDeps): Promise<void> {
  const posted = await deps.adminTools.watcher.pollOnce();
  deps.logger.info({ feature: 'finetune', posted }, 'customization jobs checked');
}
