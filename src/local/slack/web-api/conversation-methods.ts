import { compareTs } from '../workspace.js';
import { bot } from '../workspace-seed.js';
import type { SlackChannel, StoredMessage } from '../workspace-types.js';
import { SlackApiError } from './api-error.js';
import { joinedChannel, visibleChannel } from './channel-access.js';
import type { MethodHandler } from './method-context.js';
import { paginate } from './paging.js';
import { optionalBoolean, optionalString, type Params } from './params.js';

/** `oldest` / `latest` bounds (exclusive unless `inclusive`), as in conversations.history. */
function inRange(params: Params): (stored: StoredMessage) => boolean {
  const oldest = optionalString(params, 'oldest');
  const latest = optionalString(params, 'latest');
  const inclusive = optionalBoolean(params, 'inclusive') ?? false;
  return ({ message }) => {
    if (oldest !== undefined && oldest !== '') {
      const c = compareTs(message.ts, oldest);
      if (c < 0 || (c === 0 && !inclusive)) return false;
    }
    if (latest !== undefined && latest !== '') {
      const c = compareTs(message.ts, latest);
      if (c > 0 || (c === 0 && !inclusive)) return false;
    }
    return true;
  };
}

const byTs = (s: StoredMessage) => s.message.ts;

function channelView(channel: SlackChannel, params: Params): Record<string, unknown> {
  const { members, ...rest } = channel;
  const view: Record<string, unknown> = { ...rest, is_member: members.includes(bot.userId) };
  if (optionalBoolean(params, 'include_num_members')) view.num_members = members.length;
  return view;
}

const history: MethodHandler = (params, ctx) => {
  const channel = joinedChannel(ctx.workspace, optionalString(params, 'channel'));
  const messages = ctx.workspace
    .messages(channel.id)
    .filter((s) => s.ephemeralUser === undefined)
    .filter((s) => s.message.thread_ts === undefined || s.message.thread_ts === s.message.ts)
    .filter(inRange(params))
    .reverse();
  const page = paginate(messages, byTs, params);
  return {
    messages: page.items.map((s) => s.message),
    has_more: page.has_more,
    pin_count: 0,
    channel_actions_ts: null,
    channel_actions_count: 0,
    response_metadata: page.response_metadata,
  };
};

const replies: MethodHandler = (params, ctx) => {
  const { workspace } = ctx;
  const channel = joinedChannel(workspace, optionalString(params, 'channel'));
  const ts = optionalString(params, 'ts');
  const target = ts === undefined ? undefined : workspace.message(channel.id, ts);
  if (!target || target.ephemeralUser !== undefined) throw new SlackApiError('thread_not_found');
  const parentTs = target.message.thread_ts ?? target.message.ts;
  const parent = workspace.message(channel.id, parentTs);
  const thread = [...(parent ? [parent] : []), ...workspace.replies(channel.id, parentTs)].filter(
    inRange(params),
  );
  const page = paginate(thread, byTs, params);
  return {
    messages: page.items.map((s) => s.message),
    has_more: page.has_more,
    response_metadata: page.response_metadata,
  };
};

const info: MethodHandler = (params, ctx) => {
  const channel = visibleChannel(ctx.workspace, optionalString(params, 'channel'));
  return { channel: channelView(channel, params) };
};

const members: MethodHandler = (params, ctx) => {
  const channel = visibleChannel(ctx.workspace, optionalString(params, 'channel'));
  const page = paginate(channel.members, (id) => id, params);
  return { members: page.items, response_metadata: page.response_metadata };
};

const join: MethodHandler = (params, ctx) => {
  const channel = visibleChannel(ctx.workspace, optionalString(params, 'channel'));
  if (channel.is_private) throw new SlackApiError('method_not_supported_for_channel_type');
  const already = channel.members.includes(bot.userId);
  ctx.workspace.addMember(channel.id, bot.userId);
  return already
    ? { channel: channelView(channel, params), already_in_channel: true, warning: 'already_in_channel' }
    : { channel: channelView(channel, params) };
};

const typeNames: Record<string, (c: SlackChannel) => boolean> = {
  public_channel: (c) => !c.is_private,
  private_channel: (c) => c.is_private && !c.is_im && !c.is_mpim,
  im: (c) => c.is_im,
  mpim: (c) => c.is_mpim,
};

const list: MethodHandler = (params, ctx) => {
  const types = (optionalString(params, 'types') || 'public_channel').split(',').map((t) => t.trim());
  const matchers = types.map((t) => typeNames[t]);
  if (matchers.some((m) => m === undefined)) throw new SlackApiError('invalid_types');
  const channels = ctx.workspace.channels.filter(
    (c) => ctx.workspace.canSee(bot.userId, c.id) && matchers.some((m) => m?.(c)),
  );
  const page = paginate(channels, (c) => c.id, params);
  return {
    channels: page.items.map((c) => channelView(c, params)),
    response_metadata: page.response_metadata,
  };
};

const open: MethodHandler = (params, ctx) => {
  const users = (optionalString(params, 'users') ?? '').split(',').filter(Boolean);
  const channelId = optionalString(params, 'channel');
  const channel =
    users.length === 1 && users[0] !== undefined
      ? ctx.workspace.directMessageWith(users[0])
      : channelId === undefined
        ? undefined
        : visibleChannel(ctx.workspace, channelId);
  if (!channel) throw new SlackApiError(users.length > 1 ? 'not_supported' : 'user_not_found');
  return optionalBoolean(params, 'return_im')
    ? { channel: channelView(channel, params) }
    : { channel: { id: channel.id }, no_op: true, already_open: true };
};

export const conversationMethods: Record<string, MethodHandler> = {
  'conversations.list': list,
  'conversations.open': open,
  'conversations.history': history,
  'conversations.replies': replies,
  'conversations.info': info,
  'conversations.members': members,
  'conversations.join': join,
};
