import { bot } from '../workspace-seed.js';
import type { SlackReaction } from '../workspace-types.js';
import { SlackApiError } from './api-error.js';
import { findMessage, joinedChannel } from './channel-access.js';
import type { MethodContext, MethodHandler } from './method-context.js';
import { optionalString, type Params, requiredString } from './params.js';

function target(params: Params, ctx: MethodContext) {
  const channel = joinedChannel(ctx.workspace, optionalString(params, 'channel'));
  const stored = findMessage(ctx.workspace, channel.id, optionalString(params, 'timestamp'));
  const name = requiredString(params, 'name', 'invalid_name').replace(/^:|:$/g, '');
  return { channel: channel.id, ts: stored.message.ts, reactions: stored.message.reactions ?? [], name };
}

function withUsers(reactions: SlackReaction[], name: string, users: (current: string[]) => string[]) {
  const others = reactions.filter((r) => r.name !== name);
  const current = reactions.find((r) => r.name === name)?.users ?? [];
  const next = users(current);
  return next.length === 0 ? others : [...others, { name, users: next, count: next.length }];
}

const add: MethodHandler = (params, ctx) => {
  const { channel, ts, reactions, name } = target(params, ctx);
  if (reactions.some((r) => r.name === name && r.users.includes(bot.userId))) {
    throw new SlackApiError('already_reacted');
  }
  ctx.workspace.changeMessage(channel, ts, (m) => ({
    ...m,
    reactions: withUsers(reactions, name, (users) => [...users, bot.userId]),
  }));
  return {};
};

const remove: MethodHandler = (params, ctx) => {
  const { channel, ts, reactions, name } = target(params, ctx);
  if (!reactions.some((r) => r.name === name && r.users.includes(bot.userId))) {
    throw new SlackApiError('no_reaction');
  }
  ctx.workspace.changeMessage(channel, ts, (m) => {
    const next = withUsers(reactions, name, (users) => users.filter((u) => u !== bot.userId));
    const { reactions: _old, ...rest } = m;
    return next.length === 0 ? rest : { ...rest, reactions: next };
  });
  return {};
};

export const reactionMethods: Record<string, MethodHandler> = {
  'reactions.add': add,
  'reactions.remove': remove,
};
