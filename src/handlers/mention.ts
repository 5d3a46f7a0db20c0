import type { App } from '@slack/bolt';
import type { Job } from '../jobs.js';
import type { WorkQueue } from '../work-queue.js';

/** `@Strata …` in a channel: the reply goes into the thread of the mention. */
export function registerMention(app: App, queue: WorkQueue<Job>): void {
  app.event('app_mention', async ({ event, body, context }) => {
    if (event.user === undefined) return;
    await queue.enqueue({
      kind: 'chat',
      eventId: body.event_id,
      channel: event.channel,
      threadTs: event.thread_ts ?? event.ts,
      messageTs: event.ts,
      user: event.user,
      teamId: body.team_id,
      text: event.text,
      botUserId: context.botUserId,
    });
  });
}
