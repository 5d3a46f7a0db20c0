import type { FileStore } from '../files/file-store.js';
import { fileTypeOf } from '../files/file-store.js';
import { bot } from '../workspace-seed.js';
import type { SlackFile } from '../workspace-types.js';
import { SlackApiError } from './api-error.js';
import { botMessage } from './bot-message.js';
import { joinedChannel } from './channel-access.js';
import { threadOf } from './chat-methods.js';
import type { MessageContent } from './message-content.js';
import type { MethodHandler } from './method-context.js';
import { optionalString, requiredString } from './params.js';

/** files.getUploadURLExternal + upload URL + files.completeUploadExternal: the flow of `filesUploadV2`. */
export function fileMethods(store: FileStore): Record<string, MethodHandler> {
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
      const url = `${ctx.baseUrl}/files/${pending.id}/${encodeURIComponent(pending.filename)}`;
      return {
        id: pending.id,
        name: pending.filename,
        title: typeof title === 'string' && title !== '' ? title : pending.filename,
        ...fileTypeOf(pending.filename),
        size: pending.data.length,
        user: bot.userId,
        url_private: url,
        url_private_download: url,
        permalink: url,
      };
    });

    const channelId = optionalString(params, 'channel_id');
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
    }
    return { files: files.map((f) => ({ id: f.id, title: f.title })) };
  };

  return {
    'files.getUploadURLExternal': getUploadURLExternal,
    'files.completeUploadExternal': completeUploadExternal,
  };
}
