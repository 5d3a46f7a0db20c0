import { SlackApiError } from './api-error.js';
import { optionalString, type Params } from './params.js';

export interface MessageContent {
  text: string;
  blocks?: unknown[];
  attachments?: unknown[];
}

const maxTextLength = 40_000;
const maxMarkdownLength = 12_000;
const maxBlocks = 50;

function isBlock(value: unknown): boolean {
  return (
    typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string'
  );
}

/**
 * Reads text / blocks / attachments / markdown_text as chat.postMessage and chat.update do.
 * `markdown_text` becomes a `markdown` block with the same text as fallback.
 */
export function readContent(params: Params): MessageContent {
  const text = optionalString(params, 'text');
  const markdown = optionalString(params, 'markdown_text');
  const blocks = params.blocks;
  const attachments = params.attachments;

  if (markdown !== undefined && markdown !== '') {
    if ((text !== undefined && text !== '') || blocks !== undefined) {
      throw new SlackApiError('markdown_text_conflict');
    }
    if (markdown.length > maxMarkdownLength) throw new SlackApiError('msg_too_long');
    return { text: markdown, blocks: [{ type: 'markdown', text: markdown }] };
  }
  if (blocks !== undefined) {
    if (!Array.isArray(blocks) || blocks.length > maxBlocks || !blocks.every(isBlock)) {
      throw new SlackApiError('invalid_blocks');
    }
  }
  if (attachments !== undefined && !Array.isArray(attachments))
    throw new SlackApiError('invalid_attachments');
  const hasBlocks = Array.isArray(blocks) && blocks.length > 0;
  const hasAttachments = Array.isArray(attachments) && attachments.length > 0;
  if ((text === undefined || text === '') && !hasBlocks && !hasAttachments)
    throw new SlackApiError('no_text');
  if (text !== undefined && text.length > maxTextLength) throw new SlackApiError('msg_too_long');

  const content: MessageContent = { text: text ?? '' };
  if (hasBlocks) content.blocks = blocks;
  if (hasAttachments) content.attachments = attachments;
  return content;
}
