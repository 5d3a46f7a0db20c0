import type { AnyMiddlewareArgs, App, Middleware } from '@slack/bolt';
import { z } from 'zod';
import { toStrataError } from '../../errors.js';
import { describePlan, parseGenerateText, planGeneration } from '../../images/generation-plan.js';
import { looksLikeImageRequest, withoutBotMention } from '../../images/mention-intent.js';
import type { Job } from '../../jobs.js';
import type { WorkQueue } from '../../work-queue.js';
import { registerImageActions } from '../actions/image-actions.js';

export interface ImageHandlerDeps {
  queue: WorkQueue<Job>;
  /** STRATA_IMAGE_MODEL_ID, so bad input is answered before anything is queued. */
  imageModelId: string;
}

/**
 * Image surfaces: `/image <prompt> [--no …] [--style …] [--size …] [--seed …] [--count …] [--model …]`,
 * `@Strata draw …` and edit mentions (a global middleware, so chat never sees them), and the buttons.
 */
export function registerImages(app: App, deps: ImageHandlerDeps): void {
  app.use(routeImageMentions(deps.queue));
  registerImageActions(app, { queue: deps.queue });
  app.command('/image', async ({ command, ack }) => {
    let summary: string;
    const request = (() => {
      try {
        const parsed = parseGenerateText(command.text);
        const plan = planGeneration(parsed, { modelId: deps.imageModelId });
        summary = describePlan(plan);
        return { ...parsed, seed: String(plan.seed) };
      } catch (error) {
        summary = toStrataError(error).toSlackText();
        return undefined;
      }
    })();
    await ack({ response_type: 'ephemeral', text: summary });
    if (request === undefined) return;
    await deps.queue.enqueue({
      kind: 'image',
      task: 'generate',
      request,
      channel: command.channel_id,
      user: command.user_id,
      responseUrl: command.response_url,
    });
  });
}

const eventBody = z.object({
  event_id: z.string(),
  team_id: z.string().optional(),
  event: z.object({
    type: z.string(),
    user: z.string().optional(),
    text: z.string().optional(),
    ts: z.string(),
    thread_ts: z.string().optional(),
    channel: z.string(),
    channel_type: z.string().optional(),
    subtype: z.string().optional(),
    bot_id: z.string().optional(),
  }),
});

/**
 * `@Strata draw …`, or an edit request in a thread with an image (also in Strata's DM, files included):
 * queued as image work and kept from the chat listeners. Everything else passes through untouched.
 */
export function routeImageMentions(queue: WorkQueue<Job>): Middleware<AnyMiddlewareArgs> {
  return async ({ body, context, next }) => {
    const parsed = eventBody.safeParse(body);
    const event = parsed.success ? parsed.data.event : undefined;
    const addressed =
      event?.type === 'app_mention' ||
      (event?.type === 'message' &&
        event.channel_type === 'im' &&
        (event.subtype === undefined || event.subtype === 'file_share') &&
        event.bot_id === undefined);
    if (!parsed.success || !event || !addressed || event.user === undefined) return next();
    const text = event.text ?? '';
    if (looksLikeImageRequest(withoutBotMention(text, context.botUserId)) === undefined) return next();
    await queue.enqueue({
      kind: 'image',
      task: 'mention',
      mention: {
        eventId: parsed.data.event_id,
        channel: event.channel,
        threadTs: event.thread_ts ?? event.ts,
        messageTs: event.ts,
        user: event.user,
        teamId: parsed.data.team_id,
        text,
        botUserId: context.botUserId,
      },
    });
  };
}
