import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { actionFromId, IMAGE_ACTIONS } from '../../images/image-blocks.js';
import type { Job } from '../../jobs.js';
import type { WorkQueue } from '../../work-queue.js';

const pattern = new RegExp(`^(${Object.values(IMAGE_ACTIONS).join('|')})$`);

/**
 * Regenerate, Variations, Upscale/Bigger and Remove background under an image. Anyone who can see the
 * image (a member of its conversation) may press them; the worker checks the image belongs there.
 */
export function registerImageActions(app: App, deps: { queue: WorkQueue<Job> }): void {
  app.action<BlockAction<ButtonAction>>(
    { type: 'block_actions', action_id: pattern },
    async ({ ack, body, action }) => {
      await ack();
      const which = actionFromId(action.action_id);
      const channel = body.channel?.id ?? body.container?.channel_id;
      if (which === undefined || channel === undefined || !action.value) return;
      const message = body.message as { ts?: string; thread_ts?: string } | undefined;
      await deps.queue.enqueue({
        kind: 'image',
        task: 'action',
        action: which,
        imageId: action.value,
        channel,
        user: body.user.id,
        threadTs: message?.thread_ts ?? message?.ts,
        responseUrl: body.response_url,
      });
    },
  );
}
