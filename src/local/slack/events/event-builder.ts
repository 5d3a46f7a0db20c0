import { randomBytes } from 'node:crypto';
import type { Workspace } from '../workspace.js';
import { bot } from '../workspace-seed.js';
import type { SlackMessage, StoredMessage } from '../workspace-types.js';

export interface EventEnvelope {
  token: string;
  team_id: string;
  context_team_id: string;
  api_app_id: string;
  event: Record<string, unknown>;
  type: 'event_callback';
  event_id: string;
  event_time: number;
  authorizations: {
    enterprise_id: null;
    team_id: string;
    user_id: string;
    is_bot: boolean;
    is_enterprise_install: boolean;
  }[];
  is_ext_shared_channel: boolean;
}

const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** A fresh event id in Slack's shape (`Ev` + 10 upper-case characters). */
export function newEventId(): string {
  const bytes = randomBytes(10);
  let id = 'Ev';
  for (const byte of bytes) id += alphabet[byte % alphabet.length];
  return id;
}

export function buildEnvelope(
  workspace: Workspace,
  event: Record<string, unknown>,
  eventTimeMs: number,
  eventId: string = newEventId(),
): EventEnvelope {
  const teamId = workspace.team.id;
  return {
    token: 'local-verification-token',
    team_id: teamId,
    context_team_id: teamId,
    api_app_id: bot.appId,
    event,
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(eventTimeMs / 1000),
    authorizations: [
      {
        enterprise_id: null,
        team_id: teamId,
        user_id: bot.userId,
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
    is_ext_shared_channel: false,
  };
}

/** The channel's type as events name it, or undefined when the bot is not in the channel (no events). */
function subscribedChannelType(workspace: Workspace, channelId: string): string | undefined {
  const channel = workspace.channel(channelId);
  if (!channel) return undefined;
  if (!channel.members.includes(bot.userId)) return undefined;
  return workspace.channelType(channel);
}

/** Slack's message event fields for a stored message (no thread summary fields). */
function messageFields(message: SlackMessage): Record<string, unknown> {
  const { reply_count, reply_users, reply_users_count, latest_reply, reactions, ...rest } = message;
  return rest;
}

/** A new message: `app_mention` (people mentioning the bot outside DMs) and `message`. */
export function newMessageEvents(workspace: Workspace, stored: StoredMessage): Record<string, unknown>[] {
  const channelType = subscribedChannelType(workspace, stored.channel);
  if (channelType === undefined || stored.ephemeralUser !== undefined) return [];
  const { message } = stored;
  const events: Record<string, unknown>[] = [];
  if (channelType !== 'im' && message.bot_id === undefined && message.text.includes(`<@${bot.userId}>`)) {
    const mention: Record<string, unknown> = {
      type: 'app_mention',
      user: message.user,
      text: message.text,
      ts: message.ts,
      team: message.team,
      channel: stored.channel,
      event_ts: message.ts,
    };
    for (const key of ['thread_ts', 'parent_user_id', 'client_msg_id', 'blocks', 'files'] as const) {
      if (message[key] !== undefined) mention[key] = message[key];
    }
    events.push(mention);
  }
  events.push({
    ...messageFields(message),
    channel: stored.channel,
    event_ts: message.ts,
    channel_type: channelType,
  });
  return events;
}

export function messageChangedEvent(
  workspace: Workspace,
  stored: StoredMessage,
  previous: SlackMessage,
  eventTs: string,
): Record<string, unknown> | undefined {
  const channelType = subscribedChannelType(workspace, stored.channel);
  if (channelType === undefined) return undefined;
  return {
    type: 'message',
    subtype: 'message_changed',
    hidden: true,
    channel: stored.channel,
    channel_type: channelType,
    ts: eventTs,
    event_ts: eventTs,
    message: stored.message,
    previous_message: previous,
  };
}

export function messageDeletedEvent(
  workspace: Workspace,
  channel: string,
  previous: SlackMessage,
  eventTs: string,
): Record<string, unknown> | undefined {
  const channelType = subscribedChannelType(workspace, channel);
  if (channelType === undefined) return undefined;
  return {
    type: 'message',
    subtype: 'message_deleted',
    hidden: true,
    channel,
    channel_type: channelType,
    ts: eventTs,
    event_ts: eventTs,
    deleted_ts: previous.ts,
    previous_message: previous,
  };
}

/** `file_shared` for each file of a person's file_share message, in channels the bot is in. */
export function fileSharedEvents(workspace: Workspace, stored: StoredMessage): Record<string, unknown>[] {
  if (subscribedChannelType(workspace, stored.channel) === undefined) return [];
  return (stored.message.files ?? []).map((file) => ({
    type: 'file_shared',
    channel_id: stored.channel,
    file_id: file.id,
    user_id: stored.message.user,
    file: { id: file.id },
    event_ts: stored.message.ts,
  }));
}
