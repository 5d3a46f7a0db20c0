import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { AdminPolicy } from '../../access/admin-policy.js';
import { AGENT_ACTIONS, type AgentControlValue, decodeAgentControl } from '../../agents/agent-controls.js';
import { decideConfirmation } from '../../agents/agent-decision.js';
import type { AgentServices } from '../../agents/agent-deps.js';
import { createAgentSlack } from '../../agents/agent-slack.js';
import { stepsFor } from '../../agents/agent-steps.js';
import { toStrataError } from '../../errors.js';
import type { Job } from '../../jobs.js';
import type { Logger } from '../../log.js';
import type { WorkQueue } from '../../work-queue.js';

const NOT_THIS_CONVERSATION =
  ':no_entry: That button doesn’t belong to an agent session in this conversation, so nothing was done. Use the buttons in the agent’s thread.';

/** Confirm / Deny, Show steps, End session and Retry on agent messages. */
export function registerAgentActions(
  app: App,
  deps: { queue: WorkQueue<Job>; agents: AgentServices; admins: AdminPolicy; logger: Logger },
): void {
  const { queue, agents } = deps;
  const on = (
    actionId: string,
    run: (
      value: AgentControlValue,
      user: string,
      ephemeral: (message: { text: string; blocks?: unknown[] }) => Promise<void>,
      slack: ReturnType<typeof createAgentSlack>,
    ) => Promise<void>,
  ) =>
    app.action<BlockAction<ButtonAction>>(actionId, async ({ ack, body, action, respond, client }) => {
      await ack();
      const value = decodeAgentControl(action.value);
      const ephemeral = async (message: { text: string; blocks?: unknown[] }) => {
        await respond({ response_type: 'ephemeral', replace_original: false, ...message } as Parameters<
          typeof respond
        >[0]);
      };
      // Buttons only act on the thread of the message they are on: a value never reaches across channels.
      if (value === undefined || value.channel !== body.channel?.id) {
        deps.logger.warn(
          { action: actionId, channel: body.channel?.id, user: body.user.id, outcome: 'refused' },
          'agent button for another conversation refused',
        );
        await ephemeral({ text: NOT_THIS_CONVERSATION });
        return;
      }
      try {
        await run(value, body.user.id, ephemeral, createAgentSlack(client));
      } catch (error) {
        const failure = toStrataError(error);
        deps.logger.error(
          { err: failure, action: actionId, channel: value.channel, user: body.user.id },
          'agent action failed',
        );
        await ephemeral({ text: failure.toSlackText() });
      }
    });

  for (const [actionId, decision] of [
    [AGENT_ACTIONS.confirm, 'confirmed'],
    [AGENT_ACTIONS.deny, 'denied'],
  ] as const) {
    on(actionId, async (value, user, ephemeral, slack) => {
      const reply = await decideConfirmation(
        { agents, slack, logger: deps.logger },
        { channel: value.channel, threadTs: value.threadTs, confirmationId: value.ref, user, decision },
      );
      if (reply.kind === 'whisper') await ephemeral({ text: reply.text });
      else await queue.enqueue(reply.job);
    });
  }
  on(AGENT_ACTIONS.steps, async (value, _user, ephemeral) => {
    await ephemeral(
      await stepsFor(agents, { channel: value.channel, threadTs: value.threadTs, turn: value.ref }),
    );
  });
  on(AGENT_ACTIONS.end, async (value, user) => {
    await queue.enqueue({
      kind: 'agent-end',
      channel: value.channel,
      threadTs: value.threadTs,
      user,
      isAdmin: await deps.admins.isAdmin(user),
    });
  });
  on(AGENT_ACTIONS.retry, async (value, user) => {
    await queue.enqueue({ kind: 'agent-retry', channel: value.channel, threadTs: value.threadTs, user });
  });
}
