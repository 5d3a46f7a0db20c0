import { bot } from '../workspace-seed.js';
import { SlackApiError } from './api-error.js';
import type { MethodHandler } from './method-context.js';
import { optionalString } from './params.js';

const authTest: MethodHandler = (_params, ctx) => ({
  url: `${ctx.baseUrl}/`,
  team: ctx.workspace.team.name,
  user: bot.name,
  team_id: ctx.workspace.team.id,
  user_id: bot.userId,
  bot_id: bot.botId,
  app_id: bot.appId,
  is_enterprise_install: false,
});

const usersInfo: MethodHandler = (params, ctx) => {
  const id = optionalString(params, 'user');
  const user = id === undefined ? undefined : ctx.workspace.user(id);
  if (!user) throw new SlackApiError('user_not_found');
  return { user };
};

export const identityMethods: Record<string, MethodHandler> = {
  'auth.test': authTest,
  'users.info': usersInfo,
};
