import type { AnyMiddlewareArgs, App, Middleware } from '@slack/bolt';
import { z } from 'zod';
import type { AgentServices } from '../agents/agent-deps.js';
import { routeMessage } from '../agents/agent-routing.js';
import type { Job } from '../jobs.js';
import type { Logger } from '../log.js';
import type { EventReceipts } from '../store/event-receipts.js';
import type { WorkQueue } from '../work-queue.js';

/**
 * Replies in an agent thread continue its session; a mention in a channel whose admin routed mentions
 * to the agent starts one. Runs as global middleware so a mention the agent takes never also reaches
 * chat. A reply that mentions Strata arrives twice (app_mention and message): one claim on its ts lets
 * only one through. Other listeners (history sync) still see channel messages.
 */
export function registerAgentThreads(
  app: App,
  deps: { queue: WorkQueue<Job>; receipts: EventReceipts; agents: AgentServices; logger: Logger },
): void {
  app.use(routeToAgent(deps));
}

const messageEvent = z.looseObject({
  type: z.string(),
  channel: z.string(),
  user: z.string(),
  ts: z.string(),
  text: z.string().default(''),
  thread_ts: z.string().optional(),
  subtype: z.string().optional(),
  bot_id: z.string().optional(),
  channel_type: z.string().optional(),
});

function routeToAgent(deps: {
  queue: WorkQueue<Job>;
  receipts: EventReceipts;
  agents: AgentServices;
  logger: Logger;
}): Middleware<AnyMiddlewareArgs> {
  return async ({ body, context, next }) => {
    const parsed = messageEvent.safeParse('event' in body ? body.event : undefined);
    if (!parsed.success) return next();
    const {
      channel,
      user,
      ts,
      text,
      thread_ts: threadTs,
      type,
      subtype,
      bot_id: botId,
      channel_type: channelType,
    } = parsed.data;
    const mention = type === 'app_mention';
    const reply =
      type === 'message' &&
      (subtype === undefined || subtype === 'thread_broadcast') &&
      botId === undefined &&
      threadTs !== undefined &&
      threadTs !== ts;
    if (!mention && !reply) return next();

    let route: Awaited<ReturnType<typeof routeMessage>>;
    let claimed: boolean;
    try {
      route = await routeMessage(deps.agents, { channel, threadTs, isMention: mention });
      if (route === 'pass') return next();
      claimed = (await deps.receipts.claim(`agent:${channel}:${ts}`)) === 'claimed';
    } catch (error) {
      // Without the session table Strata cannot tell an agent thread; the message goes on as usual.
      deps.logger.error({ err: error, channel, thread_ts: threadTs }, 'agent routing failed');
      return next();
    }
    if (claimed) {
      const bot = context.botUserId;
      await deps.queue.enqueue({
        kind: 'agent-turn',
        eventId: 'event_id' in body ? String(body.event_id) : ts,
        channel,
        threadTs: threadTs ?? ts,
        messageTs: ts,
        user,
        text: bot ? text.replaceAll(`<@${bot}>`, '').trim() : text.trim(),
        teamId: 'team_id' in body ? String(body.team_id) : undefined,
        start: route === 'start',
      });
      deps.logger.debug({ channel, thread_ts: threadTs, user, route }, 'message routed to the agent');
    }
    // Mentions and DMs the agent takes go no further (chat would answer them too); channel replies do.
    if (!mention && channelType !== 'im') await next();
  };
}
