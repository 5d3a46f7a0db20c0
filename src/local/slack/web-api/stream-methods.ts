import { bot } from '../workspace-seed.js';
import type { StoredMessage } from '../workspace-types.js';
import { SlackApiError } from './api-error.js';
import { botMessage } from './bot-message.js';
import { findMessage, joinedChannel } from './channel-access.js';
import { threadOf } from './chat-methods.js';
import type { MethodContext, MethodHandler } from './method-context.js';
import { optionalString, type Params } from './params.js';

interface StreamPiece {
  text: string;
  blocks: unknown[];
  metadata?: unknown;
}

/** markdown_text plus `chunks` (markdown_text chunks add text, blocks chunks add blocks; others are not shown). */
function readPiece(params: Params): StreamPiece {
  const piece: StreamPiece = { text: optionalString(params, 'markdown_text') ?? '', blocks: [] };
  const chunks = params.chunks;
  if (chunks === undefined) return piece;
  if (!Array.isArray(chunks)) throw new SlackApiError('invalid_chunks');
  for (const chunk of chunks) {
    if (typeof chunk !== 'object' || chunk === null) throw new SlackApiError('invalid_chunks');
    const { type, text, blocks } = chunk as { type?: unknown; text?: unknown; blocks?: unknown };
    if (typeof type !== 'string') throw new SlackApiError('invalid_chunks');
    if (type === 'markdown_text' && typeof text === 'string') piece.text += text;
    if (type === 'blocks' && Array.isArray(blocks)) piece.blocks.push(...blocks);
  }
  if (piece.text.length > 12_000) throw new SlackApiError('msg_too_long');
  return piece;
}

function streamingMessage(ctx: MethodContext, params: Params): StoredMessage {
  const channel = joinedChannel(ctx.workspace, optionalString(params, 'channel'));
  const stored = findMessage(ctx.workspace, channel.id, optionalString(params, 'ts'));
  if (stored.message.user !== bot.userId) throw new SlackApiError('cant_update_message');
  if (stored.streaming !== 'active') throw new SlackApiError('message_not_in_streaming_state');
  return stored;
}

/** Appends a piece: the first block stays the growing `markdown` block, extra blocks follow it. */
function append(ctx: MethodContext, stored: StoredMessage, piece: StreamPiece, final: boolean) {
  return ctx.workspace.changeMessage(
    stored.channel,
    stored.message.ts,
    (message) => {
      const text = message.text + piece.text;
      const extra = (message.blocks ?? []).slice(1);
      const next = { ...message, text, blocks: [{ type: 'markdown', text }, ...extra, ...piece.blocks] };
      if (piece.metadata !== undefined) next.metadata = piece.metadata;
      return next;
    },
    final ? 'stopped' : 'active',
  );
}

const startStream: MethodHandler = (params, ctx) => {
  const { workspace } = ctx;
  const channel = joinedChannel(workspace, optionalString(params, 'channel'));
  const thread = threadOf(ctx, channel.id, params);
  const piece = readPiece(params);
  const message = botMessage(workspace, workspace.nextTs(), { text: piece.text }, thread);
  message.blocks = [{ type: 'markdown', text: piece.text }, ...piece.blocks];
  const stored = workspace.addMessage(channel.id, message, { streaming: 'active' });
  if (thread) workspace.setStatus(channel.id, thread.threadTs, '');
  ctx.activity.posted(stored);
  return { channel: channel.id, ts: message.ts };
};

const appendStream: MethodHandler = (params, ctx) => {
  const stored = streamingMessage(ctx, params);
  const piece = readPiece(params);
  if (piece.text === '' && piece.blocks.length === 0) throw new SlackApiError('no_text');
  append(ctx, stored, piece, false);
  return { channel: stored.channel, ts: stored.message.ts };
};

const stopStream: MethodHandler = (params, ctx) => {
  const stored = streamingMessage(ctx, params);
  const piece = readPiece(params);
  const blocks = params.blocks;
  if (blocks !== undefined) {
    if (!Array.isArray(blocks)) throw new SlackApiError('invalid_blocks');
    piece.blocks.push(...blocks);
  }
  const metadata = params.metadata;
  if (typeof metadata === 'object' && metadata !== null) piece.metadata = metadata;
  const result = append(ctx, stored, piece, true);
  ctx.activity.changed(result.stored, result.previous);
  return { channel: stored.channel, ts: stored.message.ts, message: result.stored.message };
};

export const streamMethods: Record<string, MethodHandler> = {
  'chat.startStream': startStream,
  'chat.appendStream': appendStream,
  'chat.stopStream': stopStream,
};
