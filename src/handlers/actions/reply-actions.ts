import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { decodeControls, type ReplyControlValue, replyKey } from '../../chat/reply-controls.js';
import type { Job } from '../../jobs.js';
import type { Logger } from '../../log.js';
import { REPLY_ACTIONS } from '../../slack/reply-render.js';
import type { ReplyStopStore } from '../../store/reply-stops.js';
import type { WorkQueue } from '../../work-queue.js';

/** Stop, Retry and Regenerate on Strata's replies. Only the person who asked may press them. */
export function registerReplyActions(
  app: App,
  deps: { queue: WorkQueue<Job>; stops: ReplyStopStore; logger: Logger },
): void {
  const { queue, stops, logger } = deps;

  app.action<BlockAction<ButtonAction>>(REPLY_ACTIONS.stop, async ({ ack, body, action, respond }) => {
    await ack();
    const value = decodeControls(action.value);
    if (value === undefined) return;
    const refusal = refusalFor(value, body, 'stop');
    if (refusal !== undefined) {
      await respond({ response_type: 'ephemeral', replace_original: false, text: refusal });
      return;
    }
    await stops.request(replyKey(value), body.user.id);
    logger.info({ channel: value.channel, thread_ts: value.threadTs, user: body.user.id }, 'stop requested');
  });

  for (const actionId of [REPLY_ACTIONS.retry, REPLY_ACTIONS.regenerate]) {
    app.action<BlockAction<ButtonAction>>(actionId, async ({ ack, body, action, respond, context }) => {
      await ack();
      const value = decodeControls(action.value);
      if (value === undefined) return;
      const refusal = refusalFor(value, body, 'ask again');
      if (refusal !== undefined) {
        await respond({ response_type: 'ephemeral', replace_original: false, text: refusal });
        return;
      }
      const blocks = (body.message?.blocks ?? []) as Array<{ block_id?: string }>;
      await respond({
        replace_original: true,
        text: body.message?.text ?? '',
        blocks: blocks.filter((b) => b.block_id !== 'strata_reply_controls'),
      } as Parameters<typeof respond>[0]);
      await queue.enqueue({
        kind: 'chat',
        eventId: `action:${action.action_ts}`,
        channel: value.channel,
        threadTs: value.threadTs,
        messageTs: value.messageTs,
        user: value.requester,
        teamId: body.team?.id,
        text: null,
        botUserId: context.botUserId,
      });
    });
  }
}

/** Only the person who asked, and only for a reply in the conversation the button is in. */
function refusalFor(
  value: ReplyControlValue,
  body: { user: { id: string }; channel?: { id: string } | undefined },
  verb: string,
): string | undefined {
  if (value.channel !== body.channel?.id) {
    return ':no_entry: That button belongs to a reply in another conversation, so nothing was done.';
  }
  if (body.user.id !== value.requester)
    return `Only <@${value.requester}>, who asked, can ${verb} this reply.`;
  return undefined;
}
