import { describe, expect, it } from 'vitest';
import { ASK_USAGE, INDEX_USAGE, parseAsk, parseIndexCommand } from '../../src/rag/command-parsing.js';

describe('/ask text', () => {
  it('is the question when no channel is named', () => {
    expect(parseAsk('  what did we decide about the launch?  ')).toEqual({
      ok: true,
      question: 'what did we decide about the launch?',
    });
  });

  it('takes a trailing or leading "in #channel", typed or escaped by Slack', () => {
    expect(parseAsk('when is the launch in #launch?')).toEqual({
      ok: true,
      question: 'when is the launch',
      only: { name: 'launch' },
    });
    expect(parseAsk('when is the launch? in <#C0LAUNCH|launch>')).toEqual({
      ok: true,
      question: 'when is the launch?',
      only: { id: 'C0LAUNCH', name: 'launch' },
    });
    expect(parseAsk('in #eng: who is on call')).toEqual({
      ok: true,
      question: 'who is on call',
      only: { name: 'eng' },
    });
  });

  it('answers empty text and "help" with the usage line', () => {
    expect(parseAsk('')).toEqual({ ok: false, message: ASK_USAGE });
    expect(parseAsk('help')).toEqual({ ok: false, message: ASK_USAGE });
    expect(parseAsk('in #launch')).toMatchObject({
      ok: false,
      message: expect.stringContaining('What would you like to know?'),
    });
  });

  it('refuses an overlong question and says how long it may be', () => {
    expect(parseAsk('why '.repeat(600))).toMatchObject({
      ok: false,
      message: expect.stringContaining('under 2,000'),
    });
  });
});

describe('/bedrock index text', () => {
  it('parses status and the channel commands', () => {
    expect(parseIndexCommand('status')).toEqual({ ok: true, action: 'status' });
    expect(parseIndexCommand('add #launch')).toEqual({
      ok: true,
      action: 'add',
      channel: { name: 'launch' },
    });
    expect(parseIndexCommand('REBUILD <#G0LEADERS|leadership>')).toEqual({
      ok: true,
      action: 'rebuild',
      channel: { id: 'G0LEADERS', name: 'leadership' },
    });
    expect(parseIndexCommand('add D0ALICE')).toEqual({ ok: true, action: 'add', channel: { id: 'D0ALICE' } });
  });

  it('explains what is missing or wrong, with the usage', () => {
    expect(parseIndexCommand('add')).toEqual({
      ok: false,
      message: `Which channel should I add? ${INDEX_USAGE}`,
    });
    expect(parseIndexCommand('remove launch')).toEqual({
      ok: false,
      message: `\`launch\` is not a channel. ${INDEX_USAGE}`,
    });
    expect(parseIndexCommand('purge #x')).toEqual({
      ok: false,
      message: `Unknown index command \`purge\`. ${INDEX_USAGE}`,
    });
    expect(parseIndexCommand('')).toEqual({ ok: false, message: INDEX_USAGE });
  });
});
