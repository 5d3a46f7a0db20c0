import type { ActionsBlock, SectionBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { StrataError } from '../../src/errors.js';
import { REPLY_ACTIONS, renderReply, THINKING_TEXT } from '../../src/slack/reply-render.js';

const buttons = (blocks: unknown[]) =>
  (blocks as ActionsBlock[])
    .filter((b) => b.type === 'actions')
    .flatMap((b) => b.elements.map((e) => 'action_id' in e && e.action_id));
const sectionTexts = (blocks: unknown[]) =>
  (blocks as SectionBlock[]).filter((b) => b.type === 'section').map((b) => b.text?.text ?? '');

describe('renderReply', () => {
  it('shows the thinking placeholder and a Stop button before any text arrives', () => {
    const [message] = renderReply('', { kind: 'streaming' }, 'v');
    expect(message?.text).toBe(THINKING_TEXT);
    expect(sectionTexts(message?.blocks ?? [])).toEqual([THINKING_TEXT]);
    expect(buttons(message?.blocks ?? [])).toEqual([REPLY_ACTIONS.stop]);
  });

  it('converts Markdown to mrkdwn with a cursor while streaming', () => {
    const [message] = renderReply('**Bedrock** is _managed_', { kind: 'streaming' }, 'v');
    expect(message?.text).toBe('*Bedrock* is _managed_ ▍');
    expect(sectionTexts(message?.blocks ?? [])).toEqual(['*Bedrock* is _managed_ ▍']);
  });

  it('puts the cursor on its own line after a code block', () => {
    const [message] = renderReply('```\ncode\n```', { kind: 'streaming' });
    expect(message?.text.endsWith('```\n▍')).toBe(true);
  });

  it('offers Regenerate once the answer is complete, without a cursor', () => {
    const [message] = renderReply('Done.', { kind: 'done' }, 'v');
    expect(message?.text).toBe('Done.');
    expect(buttons(message?.blocks ?? [])).toEqual([REPLY_ACTIONS.regenerate]);
  });

  it('keeps the partial answer and adds the error and a Retry button when the model fails', () => {
    const error = new StrataError('model_error', 'boom');
    const [message] = renderReply('Half an answer', { kind: 'failed', error }, 'v');
    expect(message?.text).toBe('Half an answer\n\n:warning: The model failed while answering.');
    expect(sectionTexts(message?.blocks ?? [])).toEqual([
      'Half an answer',
      ':warning: The model failed while answering.',
    ]);
    expect(buttons(message?.blocks ?? [])).toEqual([REPLY_ACTIONS.retry]);
    expect(JSON.stringify(message)).not.toContain('boom');
  });

  it('says who stopped a reply', () => {
    const [message] = renderReply('Partial', { kind: 'stopped', by: 'U0ALICE' }, 'v');
    expect(JSON.stringify(message?.blocks)).toContain('Stopped by <@U0ALICE>.');
    expect(buttons(message?.blocks ?? [])).toEqual([REPLY_ACTIONS.regenerate]);
  });

  it('says there was no answer when a finished reply is empty', () => {
    const [message] = renderReply('', { kind: 'done' });
    expect(message?.text).toBe('_No answer._');
  });

  it('shows no buttons without a controls value', () => {
    const [message] = renderReply('x', { kind: 'streaming' });
    expect(buttons(message?.blocks ?? [])).toEqual([]);
  });

  it('spreads a long reply over several messages with buttons only on the last, sections within Slack limits', () => {
    const paragraph = `${'word '.repeat(150).trim()}.`;
    const markdown = Array.from({ length: 20 }, () => paragraph).join('\n\n');
    const messages = renderReply(markdown, { kind: 'done' }, 'v');
    expect(messages.length).toBeGreaterThan(3);
    for (const [index, message] of messages.entries()) {
      expect(buttons(message.blocks)).toEqual(
        index === messages.length - 1 ? [REPLY_ACTIONS.regenerate] : [],
      );
      for (const text of sectionTexts(message.blocks)) expect(text.length).toBeLessThanOrEqual(3000);
      expect(message.text.length).toBeLessThanOrEqual(4000);
    }
    const words = messages
      .flatMap((m) => sectionTexts(m.blocks))
      .join(' ')
      .match(/word/g)?.length;
    expect(words).toBe(150 * 20);
  });
});
