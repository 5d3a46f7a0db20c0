import type { App } from '@slack/bolt';
import type { Job } from '../jobs.js';
import type { WorkQueue } from '../work-queue.js';

/** A message to Strata in its DM. Edits, deletions, bot and system messages are not questions. */
export function registerDirectMessage(app: App, queue: WorkQueue<Job>): void {
  app.message(async ({ message, body, context }) => {
    if (message.channel_type !== 'im' || message.subtype !== undefined) return;
    if (message.bot_id !== undefined || message.user === undefined) return;
    await queue.enqueue({
      kind: 'chat',
      eventId: 'event_id' in body ? String(body.event_id) : message.ts,
      channel: message.channel,
      threadTs: message.thread_ts ?? message.ts,
      messageTs: message.ts,
      user: message.user,
      teamId: 'team_id' in body && typeof body.team_id === 'string' ? body.team_id : undefined,
      text: message.text ?? '',
      botUserId: context.botUserId,
    });
  });
}
