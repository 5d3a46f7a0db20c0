import type { App } from '@slack/bolt';
import type { AdminPolicy } from '../../access/admin-policy.js';
import { runAgentCommand } from '../../agents/agent-command.js';
import type { AgentServices } from '../../agents/agent-deps.js';
import { createAgentSlack } from '../../agents/agent-slack.js';
import { toStrataError } from '../../errors.js';
import type { Job } from '../../jobs.js';
import type { Logger } from '../../log.js';
import type { WorkQueue } from '../../work-queue.js';

/** `/agent <request>` starts an agent session in a new thread; `end`, `status` and admin `use` manage it. */
export function registerAgentCommand(
  app: App,
  deps: { queue: WorkQueue<Job>; agents: AgentServices; admins: AdminPolicy; logger: Logger },
): void {
  app.command('/agent', async ({ command, ack, respond, client }) => {
    await ack();
    const whisper = (text: string) => respond({ response_type: 'ephemeral', replace_original: false, text });
    try {
      const reply = await runAgentCommand(
        {
          agents: deps.agents,
          slack: createAgentSlack(client),
          isAdmin: (user) => deps.admins.isAdmin(user),
          enqueue: (job) => deps.queue.enqueue(job),
        },
        {
          channel: command.channel_id,
          user: command.user_id,
          text: command.text,
          teamId: command.team_id,
          triggerId: command.trigger_id,
        },
      );
      if (reply !== undefined) await whisper(reply);
    } catch (error) {
      const failure = toStrataError(error);
      deps.logger.error(
        { err: failure, code: failure.code, channel: command.channel_id, user: command.user_id },
        '/agent failed',
      );
      const notInChannel = /not_in_channel|channel_not_found/.test(failure.message);
      await whisper(
        notInChannel
          ? 'Strata is not in this channel. Invite it with `/invite @Strata`, then try again.'
          : failure.toSlackText(),
      );
    }
  });
}
