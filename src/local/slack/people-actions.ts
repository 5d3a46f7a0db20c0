import { randomUUID } from 'node:crypto';
import { SlackApiError } from './web-api/api-error.js';
import type { Workspace } from './workspace.js';
import type { SlackMessage, StoredMessage } from './workspace-types.js';

/** What a person does in the playground. Errors use Slack's codes (SlackApiError). */

export interface PostInput {
  user: string;
  channel: string;
  text: string;
  thread_ts?: string;
}

export function personIn(workspace: Workspace, userId: string, channelId: string) {
  const user = workspace.user(userId);
  if (!user || user.is_bot) throw new SlackApiError('user_not_found');
  const channel = workspace.channel(channelId);
  if (!channel || !workspace.canSee(userId, channelId)) throw new SlackApiError('channel_not_found');
  if (!channel.members.includes(userId)) throw new SlackApiError('not_in_channel');
  return { user, channel };
}

function ownMessage(workspace: Workspace, userId: string, channelId: string, ts: string, error: string) {
  personIn(workspace, userId, channelId);
  const stored = workspace.message(channelId, ts);
  if (!stored || stored.ephemeralUser !== undefined) throw new SlackApiError('message_not_found');
  if (stored.message.user !== userId) throw new SlackApiError(error);
  return stored;
}

export function postAsPerson(workspace: Workspace, input: PostInput): StoredMessage {
  const { user, channel } = personIn(workspace, input.user, input.channel);
  if (input.text.trim() === '') throw new SlackApiError('no_text');
  if (input.text.length > 40_000) throw new SlackApiError('msg_too_long');
  const message: SlackMessage = {
    type: 'message',
    ts: '',
    client_msg_id: randomUUID(),
    user: user.id,
    text: input.text,
    team: workspace.team.id,
  };
  if (input.thread_ts !== undefined && input.thread_ts !== '') {
    const target = workspace.message(channel.id, input.thread_ts);
    if (!target || target.ephemeralUser !== undefined) throw new SlackApiError('thread_not_found');
    const parentTs = target.message.thread_ts ?? target.message.ts;
    message.thread_ts = parentTs;
    message.parent_user_id = workspace.message(channel.id, parentTs)?.message.user ?? target.message.user;
  }
  message.ts = workspace.nextTs();
  return workspace.addMessage(channel.id, message);
}

export function editAsPerson(
  workspace: Workspace,
  input: { user: string; channel: string; ts: string; text: string },
): { stored: StoredMessage; previous: SlackMessage } {
  ownMessage(workspace, input.user, input.channel, input.ts, 'cant_update_message');
  if (input.text.trim() === '') throw new SlackApiError('no_text');
  const editedTs = workspace.nextTs();
  return workspace.changeMessage(input.channel, input.ts, (m) => {
    const { blocks, ...rest } = m;
    return { ...rest, text: input.text, edited: { user: input.user, ts: editedTs } };
  });
}

export function deleteAsPerson(
  workspace: Workspace,
  input: { user: string; channel: string; ts: string },
): SlackMessage {
  ownMessage(workspace, input.user, input.channel, input.ts, 'cant_delete_message');
  return workspace.removeMessage(input.channel, input.ts).message;
}
