import { describe, expect, it } from 'vitest';
import { loadKnowledge, parseSections } from '../../src/local/bedrock/knowledge.js';
import {
  composeReply,
  createLocalEngine,
  localDisclaimer,
  toChunks,
} from '../../src/local/bedrock/local-engine.js';
import type { EngineRequest } from '../../src/local/bedrock/reply-engine.js';

const knowledge = loadKnowledge();

const request = (...texts: string[]): EngineRequest => ({
  modelId: 'anthropic.claude-3-haiku-20240307-v1:0',
  system: undefined,
  messages: texts.map((text, i) => ({ role: i % 2 === 0 ? 'user' : 'assistant', text })),
  inferenceConfig: {},
});

async function replyOf(req: EngineRequest): Promise<{ text: string; chunks: string[] }> {
  const chunks: string[] = [];
  for await (const chunk of createLocalEngine({ chunkDelayMs: 0 })(req)) chunks.push(chunk);
  return { text: chunks.join(''), chunks };
}

describe('the built-in knowledge file', () => {
  it('has 15 to 25 short paragraphs, each under its own heading', () => {
    expect(knowledge.sections.length).toBeGreaterThanOrEqual(15);
    expect(knowledge.sections.length).toBeLessThanOrEqual(25);
    for (const section of knowledge.sections) {
      expect(section.heading).not.toBe('');
      expect(section.text.length).toBeGreaterThan(100);
      expect(section.text.length).toBeLessThan(900);
    }
  });

  it('covers the topics people ask Strata about', () => {
    const headings = knowledge.sections.map((s) => s.heading).join(' | ');
    for (const topic of [
      'Converse',
      'Temperature',
      'SQL',
      'Image',
      'Agents',
      'Knowledge bases',
      'Fine-tuning',
    ]) {
      expect(headings).toContain(topic);
    }
  });
});

describe('the local reply engine', () => {
  it('opens with an italic line saying the reply comes from a local stand-in, not a real model', async () => {
    const { text } = await replyOf(request('What is Amazon Bedrock?'));
    expect(text.split('\n')[0]).toBe(localDisclaimer);
    expect(localDisclaimer).toMatch(/^_.*local stand-in.*not from a real model.*_$/);
  });

  it('answers from the best-matching note with a bold lead and a bullet list', async () => {
    const { text } = await replyOf(request('How do I fine-tune a model with JSONL files in S3?'));
    expect(text).toContain('**Fine-tuning and continued pre-training.** Model customization adapts');
    expect(text).toMatch(/\n- .+/);
  });

  it.each([
    ['What is Amazon Bedrock?', 'What Amazon Bedrock is'],
    ['how do agents call lambda functions', 'Agents and Lambda action groups'],
    ['explain top_k', 'Top P and top K sampling'],
    ['can it turn questions into SQL queries?', 'Text-to-SQL'],
    ['how is usage billed, on-demand or provisioned?', 'Cost: on-demand pricing and provisioned throughput'],
    ['what can Strata do in Slack', 'What Strata does in Slack'],
    ['is my data safe?', 'Security, privacy and IAM'],
    ['how do I generate images', 'Image generation'],
    ['what is top_p', 'Top P and top K sampling'],
  ])('answers "%s" from the note "%s"', (question, heading) => {
    expect(knowledge.search(question)[0]?.heading).toBe(heading);
  });

  it('says how many earlier turns of the conversation it saw', async () => {
    expect((await replyOf(request('What is temperature?'))).text).toContain('I saw 0 earlier turns');
    const later = await replyOf(request('What is temperature?', 'Randomness.', 'And top_p?'));
    expect(later.text).toContain('I saw 2 earlier turns in this conversation.');
  });

  it('admits when nothing in its notes matches, and suggests topics instead of guessing', async () => {
    const { text } = await replyOf(request('Who won the football match yesterday?'));
    expect(text).toContain("**I don't know.**");
    expect(text).toContain('Try asking about one of these topics:');
    expect(text).toContain(`- ${knowledge.sections[0]?.heading}`);
  });

  it('gives the same chunks for the same input', async () => {
    const a = await replyOf(request('How do guardrails work?', 'They filter.', 'And encryption?'));
    const b = await replyOf(request('How do guardrails work?', 'They filter.', 'And encryption?'));
    expect(b.chunks).toEqual(a.chunks);
    expect(a.text).toBe(
      composeReply(knowledge, request('How do guardrails work?', 'They filter.', 'And encryption?')),
    );
  });

  it('streams a few words per chunk', async () => {
    const { chunks } = await replyOf(request('What is streaming?'));
    expect(chunks.length).toBeGreaterThan(10);
    for (const chunk of chunks) {
      const words = chunk.trim().split(/\s+/).length;
      expect(words).toBeGreaterThanOrEqual(1);
      expect(words).toBeLessThanOrEqual(6);
    }
    expect(chunks.slice(0, -1).every((c) => c.trim().split(/\s+/).length >= 3)).toBe(true);
  });
});

describe('toChunks', () => {
  it('splits text into pieces that join back to exactly the same text', () => {
    const text = '  Leading space,\n\n- a bullet\n- another   one with  gaps\n\n_end_  ';
    expect(toChunks(text).join('')).toBe(text);
  });
});

describe('parseSections', () => {
  it('reads one section per ## heading and ignores the title above them', () => {
    expect(parseSections('# Title\nintro\n\n## One\nfirst line\nsecond line\n\n## Two\ntext')).toEqual([
      { heading: 'One', text: 'first line second line' },
      { heading: 'Two', text: 'text' },
    ]);
  });
});
