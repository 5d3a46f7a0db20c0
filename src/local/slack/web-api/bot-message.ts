import type { Workspace } from '../workspace.js';
import { bot } from '../workspace-seed.js';
import type { SlackMessage } from '../workspace-types.js';
import type { MessageContent } from './message-content.js';

/** A message written by the Strata bot, carrying bot_id, app_id and bot_profile like Slack's. */
export function botMessage(
  workspace: Workspace,
  ts: string,
  content: MessageContent,
  thread?: { threadTs: string; parentUser: string },
): SlackMessage {
  const message: SlackMessage = {
    type: 'message',
    ts,
    user: bot.userId,
    bot_id: bot.botId,
    app_id: bot.appId,
    bot_profile: { id: bot.botId, app_id: bot.appId, name: bot.displayName, team_id: workspace.team.id },
    team: workspace.team.id,
    ...content,
  };
  if (thread) {
    message.thread_ts = thread.threadTs;
    message.parent_user_id = thread.parentUser;
  }
  return message;
}
