import { bot } from '../workspace-seed.js';
import type { SlackMessage } from '../workspace-types.js';
import { SlackApiError } from './api-error.js';
import { botMessage } from './bot-message.js';
import { findMessage, joinedChannel, resolveThread, visibleChannel } from './channel-access.js';
import { readContent } from './message-content.js';
import type { MethodContext, MethodHandler } from './method-context.js';
import { optionalString, type Params, requiredString } from './params.js';

/** The thread a bot message goes into, if `thread_ts` is given. */
export function threadOf(ctx: MethodContext, channel: string, params: Params) {
  const threadTs = optionalString(params, 'thread_ts');
  if (threadTs === undefined || threadTs === '') return undefined;
  const parentTs = resolveThread(ctx.workspace, channel, threadTs);
  const parentUser = ctx.workspace.message(channel, parentTs)?.message.user ?? bot.userId;
  return { threadTs: parentTs, parentUser };
}

function metadataOf(params: Params): unknown {
  const metadata = params.metadata;
  return typeof metadata === 'object' && metadata !== null ? metadata : undefined;
}

const postMessage: MethodHandler = (params, ctx) => {
  const { workspace } = ctx;
  const channel = joinedChannel(workspace, optionalString(params, 'channel'));
  const content = readContent(params);
  const thread = threadOf(ctx, channel.id, params);
  const message = botMessage(workspace, workspace.nextTs(), content, thread);
  const metadata = metadataOf(params);
  if (metadata !== undefined) message.metadata = metadata;
  const stored = workspace.addMessage(channel.id, message);
  // Slack clears the assistant status as soon as the app replies in the thread.
  if (thread) workspace.setStatus(channel.id, thread.threadTs, '');
  ctx.activity.posted(stored);
  return { channel: channel.id, ts: message.ts, message };
};

const update: MethodHandler = (params, ctx) => {
  const { workspace } = ctx;
  const channel = joinedChannel(workspace, optionalString(params, 'channel'));
  const target = findMessage(workspace, channel.id, optionalString(params, 'ts'));
  if (target.message.user !== bot.userId) throw new SlackApiError('cant_update_message');
  const content = readContent(params);
  const metadata = metadataOf(params);
  const editedTs = workspace.nextTs();
  const { stored, previous } = workspace.changeMessage(channel.id, target.message.ts, (old) => {
    const { text, blocks, attachments, ...rest } = old;
    const next: SlackMessage = { ...rest, ...content, edited: { user: bot.userId, ts: editedTs } };
    if (params.attachments === undefined && attachments !== undefined) next.attachments = attachments;
    if (metadata !== undefined) next.metadata = metadata;
    return next;
  });
  ctx.activity.changed(stored, previous);
  return { channel: channel.id, ts: stored.message.ts, text: stored.message.text, message: stored.message };
};

const remove: MethodHandler = (params, ctx) => {
  const { workspace } = ctx;
  const channel = joinedChannel(workspace, optionalString(params, 'channel'));
  const target = findMessage(workspace, channel.id, optionalString(params, 'ts'));
  if (target.message.user !== bot.userId) throw new SlackApiError('cant_delete_message');
  const previous = workspace.removeMessage(channel.id, target.message.ts);
  ctx.activity.deleted(channel.id, previous);
  return { channel: channel.id, ts: target.message.ts };
};

const postEphemeral: MethodHandler = (params, ctx) => {
  const { workspace } = ctx;
  const channel = joinedChannel(workspace, optionalString(params, 'channel'));
  const userId = requiredString(params, 'user', 'user_not_found');
  if (!workspace.user(userId)) throw new SlackApiError('user_not_found');
  if (!channel.is_im && !channel.members.includes(userId)) throw new SlackApiError('user_not_in_channel');
  if (channel.is_im && channel.user !== userId) throw new SlackApiError('user_not_in_channel');
  const content = readContent(params);
  const thread = threadOf(ctx, channel.id, params);
  const message = botMessage(workspace, workspace.nextTs(), content, thread);
  workspace.addMessage(channel.id, message, { ephemeralUser: userId });
  return { message_ts: message.ts };
};

const getPermalink: MethodHandler = (params, ctx) => {
  const channel = visibleChannel(ctx.workspace, optionalString(params, 'channel'));
  const target = findMessage(ctx.workspace, channel.id, optionalString(params, 'message_ts'));
  const { ts, thread_ts } = target.message;
  let permalink = `${ctx.baseUrl}/archives/${channel.id}/p${ts.replace('.', '')}`;
  if (thread_ts !== undefined && thread_ts !== ts) permalink += `?thread_ts=${thread_ts}&cid=${channel.id}`;
  return { channel: channel.id, permalink };
};

export const chatMethods: Record<string, MethodHandler> = {
  'chat.postMessage': postMessage,
  'chat.update': update,
  'chat.delete': remove,
  'chat.postEphemeral': postEphemeral,
  'chat.getPermalink': getPermalink,
};
