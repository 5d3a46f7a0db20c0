import type { App } from '@slack/bolt';
import type { Job } from '../jobs.js';
import type { SyncEvent } from '../rag/live-sync.js';
import { toSyncEvent } from '../rag/sync-events.js';
import type { WorkQueue } from '../work-queue.js';

type Lifecycle = Exclude<SyncEvent['type'], 'posted' | 'changed' | 'deleted'>;

/**
 * Keeps the history index in step with Slack: messages, edits and deletions, Strata leaving a channel,
 * archives and membership changes. Only queues work; the job checks whether the channel is indexed.
 */
export function registerMessageSync(app: App, queue: WorkQueue<Job>): void {
  const enqueue = (eventId: string, event: SyncEvent, self: { botUserId?: string; botId?: string }) =>
    queue.enqueue({ kind: 'rag-sync', eventId, event, botUserId: self.botUserId, botId: self.botId });

  app.event('message', async ({ event, body, context }) => {
    const sync = toSyncEvent(event, { botUserId: context.botUserId, botId: context.botId });
    if (sync) await enqueue(body.event_id, sync, context);
  });

  const lifecycle = (name: string, type: (user: string | undefined, botUserId?: string) => Lifecycle) => {
    app.event(name, async ({ event, body, context }) => {
      const { channel, user } = event as { channel?: unknown; user?: unknown };
      const id = typeof channel === 'string' ? channel : undefined;
      if (id === undefined) return;
      const who = typeof user === 'string' ? user : undefined;
      await enqueue(body.event_id, { type: type(who, context.botUserId), channel: id }, context);
    });
  };
  for (const name of ['channel_left', 'group_left', 'channel_deleted', 'group_deleted'])
    lifecycle(name, () => 'left');
  for (const name of ['channel_archive', 'group_archive']) lifecycle(name, () => 'archived');
  for (const name of ['channel_unarchive', 'group_unarchive']) lifecycle(name, () => 'unarchived');
  lifecycle('member_left_channel', (user, bot) =>
    user !== undefined && user === bot ? 'left' : 'members-changed',
  );
  lifecycle('member_joined_channel', () => 'members-changed');
}
