import { describe, expect, it } from 'vitest';
import type { ReplyEngine } from '../../src/local/bedrock/reply-engine.js';
import { ANSWER_SYSTEM_PROMPT, buildAnswerMessages } from '../../src/rag/answer-prompt.js';
import {
  composeGroundedReply,
  groundedDisclaimer,
  withGroundedAnswers,
} from '../../src/rag/demo/grounded-engine.js';

const sources = [
  {
    n: 1,
    channelName: 'launch',
    author: 'Alice Park',
    ts: '1763640000.000100',
    text: '#launch · Alice Park · 2025-11-20\nWhen is the Q3 launch? I heard September 7.',
  },
  {
    n: 2,
    channelName: 'launch',
    author: 'Dana Admin',
    ts: '1763640300.000100',
    text: '#launch · Dana Admin · 2025-11-20\nIn reply to Alice Park: "When is the Q3 launch?"\nDecision: the Q3 launch date is September 16. QA gets a week.',
  },
  {
    n: 3,
    channelName: 'launch',
    author: 'Bob Ortiz',
    ts: '1763640600.000100',
    text: '#launch · Bob Ortiz · 2025-11-20\nTacos for lunch.',
  },
];

const request = (question: string) => ({
  modelId: 'local',
  system: ANSWER_SYSTEM_PROMPT,
  messages: buildAnswerMessages(question, sources),
  inferenceConfig: {},
});

describe('the local stand-in’s answers from history', () => {
  it('quotes the best-matching sentence with its citation, preferring stated decisions, and says it is a stand-in', () => {
    const reply = composeGroundedReply(request('what did we decide about the Q3 launch date?')) ?? '';
    expect(reply.startsWith(groundedDisclaimer)).toBe(true);
    expect(reply).toContain(
      'Dana Admin wrote in #launch on 2025-11-20: “Decision: the Q3 launch date is September 16.” [2]',
    );
    expect(reply).not.toContain('Tacos');
  });

  it('says it found nothing when no source shares a word with the question', () => {
    expect(composeGroundedReply(request('kubernetes helm charts'))).toContain('could not find the answer');
  });

  it('leaves every other request to the wrapped engine', async () => {
    const inner: ReplyEngine = async function* () {
      yield 'from the inner engine';
    };
    const chunks: string[] = [];
    for await (const chunk of withGroundedAnswers(inner, { chunkDelayMs: 0 })({
      ...request('x'),
      system: 'You are Strata.',
    })) {
      chunks.push(chunk);
    }
    expect(chunks).toEqual(['from the inner engine']);
    expect(composeGroundedReply({ ...request('x'), system: undefined })).toBeUndefined();
  });
});
