import { fileObject } from '../files/file-object.js';
import type { FileStore } from '../files/file-store.js';
import type { Workspace } from '../workspace.js';
import { bot } from '../workspace-seed.js';
import type { SlackFile } from '../workspace-types.js';
import { SlackApiError } from './api-error.js';
import { botMessage } from './bot-message.js';
import { joinedChannel } from './channel-access.js';
import { threadOf } from './chat-methods.js';
import type { MessageContent } from './message-content.js';
import type { MethodHandler } from './method-context.js';
import { optionalString, requiredString } from './params.js';

/**
 * files.getUploadURLExternal + upload URL + files.completeUploadExternal (the flow of `filesUploadV2`),
 * and files.info for any shared file.
 */
export function fileMethods(store: FileStore, now: () => number): Record<string, MethodHandler> {
  const getUploadURLExternal: MethodHandler = (params, ctx) => {
    const filename = requiredString(params, 'filename');
    const length = Number(requiredString(params, 'length'));
    if (!Number.isInteger(length) || length < 0) throw new SlackApiError('invalid_arguments');
    const file = store.reserve(filename, length, optionalString(params, 'alt_text'));
    return { upload_url: `${ctx.baseUrl}/upload/v1/${file.id}`, file_id: file.id };
  };

  const completeUploadExternal: MethodHandler = (params, ctx) => {
    const entries = params.files;
    if (!Array.isArray(entries) || entries.length === 0) throw new SlackApiError('invalid_arguments');
    const files: SlackFile[] = entries.map((entry: unknown) => {
      const { id, title } = (entry ?? {}) as { id?: unknown; title?: unknown };
      const pending = typeof id === 'string' ? store.pending(id) : undefined;
      if (!pending?.data) throw new SlackApiError('file_not_found');
      return fileObject({
        id: pending.id,
        filename: pending.filename,
        title: typeof title === 'string' ? title : undefined,
        data: pending.data,
        user: bot.userId,
        baseUrl: ctx.baseUrl,
        nowMs: now(),
      });
    });

    const channelId = optionalString(params, 'channel_id');
    let shareTo: string | undefined;
    if (channelId !== undefined && channelId !== '') {
      const { workspace } = ctx;
      const channel = joinedChannel(workspace, channelId);
      const thread = threadOf(ctx, channel.id, params);
      const comment = optionalString(params, 'initial_comment');
      const content: MessageContent = { text: comment ?? '' };
      if (comment === undefined && Array.isArray(params.blocks)) content.blocks = params.blocks;
      const message = botMessage(workspace, workspace.nextTs(), content, thread);
      message.files = files;
      ctx.activity.posted(workspace.addMessage(channel.id, message));
      shareTo = channel.id;
    }
    for (const file of files) store.describe(file, shareTo);
    return { files: files.map((f) => ({ id: f.id, title: f.title })) };
  };

  const info: MethodHandler = (params, ctx) => {
    const id = requiredString(params, 'file', 'file_not_found');
    const found = store.info(id) ?? findInMessages(ctx.workspace, id);
    if (!found) throw new SlackApiError('file_not_found');
    const visible = found.channels.filter((c) => ctx.workspace.canSee(bot.userId, c));
    if (found.file.user !== bot.userId && visible.length === 0) throw new SlackApiError('file_not_found');
    const byType = (type: 'C' | 'G' | 'D') => visible.filter((c) => c.startsWith(type));
    return {
      file: {
        ...found.file,
        channels: byType('C'),
        groups: byType('G'),
        ims: byType('D'),
        comments_count: 0,
      },
      comments: [],
      response_metadata: { next_cursor: '' },
    };
  };

  return {
    'files.getUploadURLExternal': getUploadURLExternal,
    'files.completeUploadExternal': completeUploadExternal,
    'files.info': info,
  };
}

/** After a restart only the messages remember their files. */
function findInMessages(
  workspace: Workspace,
  id: string,
): { file: SlackFile; channels: string[] } | undefined {
  for (const channel of workspace.channels) {
    for (const stored of workspace.messages(channel.id)) {
      const file = stored.message.files?.find((f) => f.id === id);
      if (file && stored.ephemeralUser === undefined) return { file, channels: [channel.id] };
    }
  }
  return undefined;
}
