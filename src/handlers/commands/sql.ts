import type { App } from '@slack/bolt';
import type { Job } from '../../jobs.js';
import type { Logger } from '../../log.js';
import { parseSqlCommand } from '../../sql/command/parse-command.js';
import { routeSqlEvent } from '../../sql/command/route-event.js';
import { SQL_USAGE } from '../../sql/command/usage.js';
import type { SqlDeps } from '../../sql/sql-deps.js';
import type { WorkQueue } from '../../work-queue.js';

/** `/sql …`, `@Strata sql: …`, mentions in SQL threads and `.sql` files shared there. Ack first, then enqueue. */
export function registerSqlCommand(
  app: App,
  deps: { queue: WorkQueue<Job>; sql: Pick<SqlDeps, 'settings'>; logger: Logger },
): void {
  app.command('/sql', async ({ command, ack }) => {
    const parsed = parseSqlCommand(command.text, SQL_USAGE);
    if (parsed.kind === 'reply') {
      await ack({ response_type: 'ephemeral', text: parsed.text });
      return;
    }
    await ack();
    const base = { channel: command.channel_id, user: command.user_id, responseUrl: command.response_url };
    await deps.queue.enqueue({
      kind: 'sql',
      task:
        parsed.kind === 'question'
          ? { type: 'question', ...base, question: parsed.question }
          : { type: 'settings', ...base, command: parsed },
    });
  });

  // A global middleware (events are acked before it runs): a SQL mention is taken here and never reaches chat.
  app.use(async ({ body, context, client, next }) => {
    const route = await routeSqlEvent(body, context.botUserId, deps.sql.settings);
    if (route === undefined) return next();
    if (route.kind === 'tell') {
      const { channel, user, threadTs, text } = route;
      await client.chat.postEphemeral({ channel, user, thread_ts: threadTs, text });
      return;
    }
    await deps.queue.enqueue(route.job);
    deps.logger.debug({ channel: route.job.task.channel, task: route.job.task.type }, 'sql event routed');
  });
}
