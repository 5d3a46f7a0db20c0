import { describe, expect, it } from 'vitest';
import { stripBotMention, toConversation } from '../../src/chat/conversation.js';

describe('toConversation', () => {
  it('keeps alternating turns as they are', () => {
    expect(
      toConversation([
        { role: 'user', text: 'hi' },
        { role: 'assistant', text: 'hello' },
        { role: 'user', text: 'bye' },
      ]),
    ).toEqual([
      { role: 'user', text: 'hi' },
      { role: 'assistant', text: 'hello' },
      { role: 'user', text: 'bye' },
    ]);
  });

  it('merges consecutive turns of the same role and drops a leading assistant turn', () => {
    expect(
      toConversation([
        { role: 'assistant', text: 'welcome' },
        { role: 'user', text: 'a' },
        { role: 'user', text: 'b' },
        { role: 'assistant', text: 'c' },
        { role: 'assistant', text: 'd' },
        { role: 'user', text: 'e' },
      ]),
    ).toEqual([
      { role: 'user', text: 'a\n\nb' },
      { role: 'assistant', text: 'c\n\nd' },
      { role: 'user', text: 'e' },
    ]);
  });

  it('skips empty turns so Bedrock never receives an empty content block', () => {
    expect(
      toConversation([
        { role: 'user', text: '  ' },
        { role: 'user', text: 'q' },
        { role: 'assistant', text: '' },
        { role: 'user', text: 'r' },
      ]),
    ).toEqual([{ role: 'user', text: 'q\n\nr' }]);
  });
});

describe('stripBotMention', () => {
  it('removes the bot mention wherever it appears, with or without a label', () => {
    expect(stripBotMention('<@U0STRATA> what is <@U0STRATA|strata> Bedrock?', 'U0STRATA')).toBe(
      'what is Bedrock?',
    );
  });

  it('keeps mentions of other people', () => {
    expect(stripBotMention('<@U0STRATA> ask <@U0BOB>', 'U0STRATA')).toBe('ask <@U0BOB>');
  });
});
