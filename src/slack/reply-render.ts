import type { ActionsBlock, Button, ContextBlock, KnownBlock, SectionBlock } from '@slack/types';
import type { StrataError } from '../errors.js';
import { escapeMrkdwn, markdownToMrkdwn } from './mrkdwn.js';
import { SLACK_TEXT_LIMIT, splitMessage } from './split-message.js';

/** Where a reply is: still streaming, or one of its final states. */
export type ReplyState =
  | { kind: 'streaming' }
  | { kind: 'done' }
  | { kind: 'stopped'; by: string | undefined }
  | { kind: 'failed'; error: StrataError };

export interface RenderedMessage {
  /** mrkdwn fallback, used by Slack for notifications and screen readers. */
  text: string;
  blocks: KnownBlock[];
}

export const REPLY_ACTIONS = {
  stop: 'strata_reply_stop',
  retry: 'strata_reply_retry',
  regenerate: 'strata_reply_regenerate',
} as const;

export const THINKING_TEXT = '_Thinking…_';
const CURSOR = '▍';
const NO_ANSWER = '_No answer._';
/** Section text is capped at 3,000 characters; Markdown is cut shorter so its mrkdwn fits. */
const SECTION_MARKDOWN_LIMIT = 2_400;
const SECTION_TEXT_LIMIT = 3_000;

/**
 * A reply's Markdown as Slack messages: one message per safe part of the text, each part as mrkdwn
 * sections; the last message carries the state (cursor, error, stopped note) and its buttons.
 * `controls` is the opaque value the buttons send back; without it no buttons are shown.
 */
export function renderReply(markdown: string, state: ReplyState, controls?: string): RenderedMessage[] {
  const parts = splitMessage(markdown, SLACK_TEXT_LIMIT);
  if (parts.length === 0 || parts.every((p) => p.trim() === '')) parts.splice(0, parts.length, '');
  return parts.map((part, index) => {
    const sections = toSections(part);
    const body = sections.join('\n');
    if (index < parts.length - 1) return { text: body, blocks: sections.map(section) };
    return renderLast(body, sections, state, controls);
  });
}

function renderLast(body: string, sections: string[], state: ReplyState, controls: string | undefined) {
  const empty = body.trim() === '';
  const blocks: KnownBlock[] = empty ? [] : sections.map(section);
  // After a closing fence the cursor needs its own line, or it would sit on the fence marker.
  const cursor = body.endsWith('```') ? `\n${CURSOR}` : ` ${CURSOR}`;
  if (state.kind === 'streaming') {
    const last = blocks.at(-1) as SectionBlock | undefined;
    if (last?.text) last.text.text += cursor;
    else blocks.push(section(THINKING_TEXT));
  } else if (state.kind === 'failed') {
    blocks.push(section(escapeMrkdwn(state.error.toSlackText())));
  } else {
    if (empty) blocks.push(section(NO_ANSWER));
    if (state.kind === 'stopped') blocks.push(context(state.by ? `Stopped by <@${state.by}>.` : 'Stopped.'));
  }
  const button = controlButton(state, controls);
  if (button)
    blocks.push({ type: 'actions', block_id: 'strata_reply_controls', elements: [button] } as ActionsBlock);

  const fallback = state.kind === 'streaming' ? THINKING_TEXT : NO_ANSWER;
  const text =
    state.kind === 'failed'
      ? [body, escapeMrkdwn(state.error.toSlackText())].filter((t) => t.trim() !== '').join('\n\n')
      : empty
        ? fallback
        : `${body}${state.kind === 'streaming' ? cursor : ''}`;
  return { text, blocks };
}

function toSections(part: string): string[] {
  if (part.trim() === '') return [''];
  return splitMessage(part, SECTION_MARKDOWN_LIMIT).flatMap((piece) => hardLimit(markdownToMrkdwn(piece)));
}

/** Escaping can lengthen text past Slack's section limit; such rare text is cut without losing any of it. */
function hardLimit(text: string): string[] {
  const pieces: string[] = [];
  for (let start = 0; start < text.length; start += SECTION_TEXT_LIMIT) {
    pieces.push(text.slice(start, start + SECTION_TEXT_LIMIT));
  }
  return pieces;
}

function controlButton(state: ReplyState, value: string | undefined): Button | undefined {
  if (value === undefined) return undefined;
  const button = (action_id: string, label: string, style?: 'danger' | 'primary'): Button => ({
    type: 'button',
    action_id,
    text: { type: 'plain_text', text: label },
    value,
    ...(style ? { style } : {}),
  });
  switch (state.kind) {
    case 'streaming':
      return button(REPLY_ACTIONS.stop, 'Stop', 'danger');
    case 'failed':
      return button(REPLY_ACTIONS.retry, 'Retry', 'primary');
    case 'done':
    case 'stopped':
      return button(REPLY_ACTIONS.regenerate, 'Regenerate');
  }
}

const section = (text: string): SectionBlock => ({ type: 'section', text: { type: 'mrkdwn', text } });
const context = (text: string): ContextBlock => ({ type: 'context', elements: [{ type: 'mrkdwn', text }] });
