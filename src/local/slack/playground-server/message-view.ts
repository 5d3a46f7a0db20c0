import type { Workspace } from '../workspace.js';
import type { SlackMessage, StoredMessage } from '../workspace-types.js';

/** A message as the playground page receives it. */
export type MessageView = SlackMessage & { channel: string; ephemeral: boolean; streaming: boolean };

export function messageView(stored: StoredMessage): MessageView {
  return {
    ...stored.message,
    channel: stored.channel,
    ephemeral: stored.ephemeralUser !== undefined,
    streaming: stored.streaming === 'active',
  };
}

/** Members only for private channels and DMs; ephemeral messages only for their user. */
export function canSeeMessage(workspace: Workspace, userId: string, stored: StoredMessage): boolean {
  if (!workspace.canSee(userId, stored.channel)) return false;
  return stored.ephemeralUser === undefined || stored.ephemeralUser === userId;
}

/** Everything one person may see, for the page's first render. */
export function stateFor(workspace: Workspace, userId: string) {
  const channels = workspace.channels
    .filter((c) => workspace.canSee(userId, c.id))
    .map((c) => ({
      id: c.id,
      name: c.name,
      is_private: c.is_private,
      is_im: c.is_im,
      user: c.user,
      is_member: c.members.includes(userId),
      members: [...c.members],
    }));
  const messages = channels.flatMap((c) =>
    workspace
      .messages(c.id)
      .filter((s) => canSeeMessage(workspace, userId, s))
      .map(messageView),
  );
  return {
    team: workspace.team,
    me: userId,
    users: workspace.users.map((u) => ({ id: u.id, name: u.name, real_name: u.real_name, is_bot: u.is_bot })),
    channels,
    messages,
    statuses: workspace.allStatuses().filter((s) => workspace.canSee(userId, s.channel)),
  };
}
