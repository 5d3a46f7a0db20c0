import { describe, expect, it } from 'vitest';
import { parseInlineFlags, resolveSettings } from '../../src/chat/chat-settings.js';
import { loadConfig } from '../../src/config.js';
import { StrataError } from '../../src/errors.js';

const defaults = loadConfig({}).chat;

describe('parseInlineFlags', () => {
  it('reads a leading run of flags and leaves the question', () => {
    expect(parseInlineFlags('--temperature 0.2 --top-k 50 explain RAG')).toEqual({
      settings: { temperature: 0.2, topK: 50 },
      question: 'explain RAG',
    });
  });

  it('accepts --flag=value, --temp and --model', () => {
    expect(parseInlineFlags('--temp=0.9 --model us.amazon.nova-lite-v1:0 --max-tokens 200 hi')).toEqual({
      settings: { temperature: 0.9, modelId: 'us.amazon.nova-lite-v1:0', maxTokens: 200 },
      question: 'hi',
    });
  });

  it('leaves -- inside the question alone', () => {
    expect(parseInlineFlags('what does git commit --amend do?')).toEqual({
      settings: {},
      question: 'what does git commit --amend do?',
    });
  });

  it.each([
    ['--tempreature 0.2 hi', 'Unknown flag `--tempreature`'],
    ['--temperature 1.5 hi', '`--temperature` must be at most 1'],
    ['--top-k -3 hi', '`--top-k` must be at least 0'],
    ['--top-k 2.5 hi', '`--top-k`'],
    ['--top-p abc hi', '`--top-p` must be a number'],
    ['--temperature', '`--temperature` needs a value'],
    ['--model --top-k 3 hi', '`--model` needs a value'],
  ])('explains what is wrong with %j and how to write flags', (text, problem) => {
    try {
      parseInlineFlags(text);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(StrataError);
      expect((error as StrataError).userMessage).toContain(problem);
      expect((error as StrataError).userMessage).toContain('--top-k 0–500');
    }
  });
});

describe('resolveSettings', () => {
  it('lets inline flags override the person, the person override the channel, the channel the defaults', () => {
    const effective = resolveSettings(
      defaults,
      { modelId: 'channel-model', temperature: 0.1, topK: 10 },
      { temperature: 0.3, topP: 0.8 },
      { topP: 0.5 },
    );
    expect(effective).toEqual({
      modelId: 'channel-model',
      temperature: 0.3,
      topP: 0.5,
      topK: 10,
      maxTokens: defaults.maxTokens,
      systemPrompt: defaults.systemPrompt,
    });
  });

  it('falls back to the defaults when nobody chose anything', () => {
    expect(resolveSettings(defaults, {}, {})).toMatchObject({
      modelId: defaults.modelId,
      temperature: defaults.temperature,
      topP: undefined,
      topK: undefined,
    });
  });
});
