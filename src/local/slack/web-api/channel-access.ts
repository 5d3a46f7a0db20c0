import type { Workspace } from '../workspace.js';
import { bot } from '../workspace-seed.js';
import type { SlackChannel, StoredMessage } from '../workspace-types.js';
import { SlackApiError } from './api-error.js';

/** A channel the bot can see: public ones, and private ones or DMs it belongs to. */
export function visibleChannel(workspace: Workspace, id: string | undefined): SlackChannel {
  // Posting to a user ID means the app's DM with that user, as in Slack.
  const channel =
    id === undefined
      ? undefined
      : id.startsWith('U')
        ? workspace.directMessageWith(id)
        : workspace.channel(id);
  if (!channel || !workspace.canSee(bot.userId, channel.id)) throw new SlackApiError('channel_not_found');
  return channel;
}

/** A channel the bot is a member of (reading history, posting): Strata has no chat:write.public locally. */
export function joinedChannel(workspace: Workspace, id: string | undefined): SlackChannel {
  const channel = visibleChannel(workspace, id);
  if (!channel.members.includes(bot.userId)) throw new SlackApiError('not_in_channel');
  return channel;
}

/** A message everyone in the channel sees (not an ephemeral one). */
export function findMessage(workspace: Workspace, channel: string, ts: string | undefined): StoredMessage {
  const stored = ts === undefined ? undefined : workspace.message(channel, ts);
  if (!stored || stored.ephemeralUser !== undefined) throw new SlackApiError('message_not_found');
  return stored;
}

/** The parent ts of the thread `threadTs` names (a reply's ts names its thread). */
export function resolveThread(workspace: Workspace, channel: string, threadTs: string): string {
  const target = workspace.message(channel, threadTs);
  if (!target || target.ephemeralUser !== undefined) throw new SlackApiError('thread_not_found');
  return target.message.thread_ts ?? target.message.ts;
}
