import type { App, BlockButtonAction } from '@slack/bolt';
import type { Job } from '../../jobs.js';
import { ACTION_EXPLAIN, ACTION_REGENERATE, ACTION_RUN } from '../../sql/render/answer-card.js';
import type { WorkQueue } from '../../work-queue.js';

/** The buttons under a posted query. The query id is looked up within the clicked message's channel only. */
export function registerSqlActions(app: App, deps: { queue: WorkQueue<Job> }): void {
  const handle = (type: 'run' | 'explain' | 'regenerate') =>
    app.action<BlockButtonAction>(
      type === 'run' ? ACTION_RUN : type === 'explain' ? ACTION_EXPLAIN : ACTION_REGENERATE,
      async ({ ack, body, action }) => {
        await ack();
        const channel = body.channel?.id;
        if (channel === undefined || action.value === undefined) return;
        const base = { channel, user: body.user.id, queryId: action.value, responseUrl: body.response_url };
        await deps.queue.enqueue({
          kind: 'sql',
          task: type === 'regenerate' ? { type: 'regenerate', ...base } : { type, ...base },
        });
      },
    );
  handle('run');
  handle('explain');
  handle('regenerate');
}
