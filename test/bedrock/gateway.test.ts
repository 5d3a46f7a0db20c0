import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BedrockGateway, type ChatRequest, createBedrockGateway } from '../../src/bedrock/gateway.js';
import type { StreamPart } from '../../src/bedrock/stream-parts.js';
import { StrataError } from '../../src/errors.js';
import { type LocalBedrock, startLocalBedrock } from '../../src/local/bedrock/bedrock-server.js';
import { createLocalEngine } from '../../src/local/bedrock/local-engine.js';

const HAIKU = 'us.anthropic.claude-3-5-haiku-20241022-v1:0';
const NOVA = 'us.amazon.nova-lite-v1:0';

const engine = createLocalEngine({ chunkDelayMs: 0 });
let bedrock: LocalBedrock;
let gateway: BedrockGateway;
let slowGateway: BedrockGateway;

beforeAll(async () => {
  bedrock = await startLocalBedrock({ engine });
  process.env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME = bedrock.endpoint;
  process.env.AWS_ACCESS_KEY_ID = 'AKIDLOCALTEST';
  process.env.AWS_SECRET_ACCESS_KEY = 'local-secret';
  process.env.AWS_REGION = 'us-east-1';
  gateway = createBedrockGateway({ region: 'us-east-1', idleTimeoutMs: 10_000, maxAttempts: 1 });
  slowGateway = createBedrockGateway({ region: 'us-east-1', idleTimeoutMs: 300, maxAttempts: 1 });
});

afterAll(async () => {
  gateway?.destroy();
  slowGateway?.destroy();
  await bedrock?.close();
});

const ask = (text: string, extra: Partial<ChatRequest> = {}): ChatRequest => ({
  modelId: HAIKU,
  system: 'You are Strata.',
  messages: [{ role: 'user', text }],
  ...extra,
});

/** Runs a stream to its end; returns the parts seen and the error it ended with, if any. */
async function run(parts: AsyncIterable<StreamPart>): Promise<{ parts: StreamPart[]; error: unknown }> {
  const seen: StreamPart[] = [];
  try {
    for await (const part of parts) seen.push(part);
    return { parts: seen, error: undefined };
  } catch (error) {
    return { parts: seen, error };
  }
}

const textOf = (parts: StreamPart[]) => parts.map((p) => (p.type === 'text-delta' ? p.text : '')).join('');

describe('the Bedrock gateway against the local Bedrock endpoint', () => {
  it("streams the engine's reply in order, then the finish reason and the usage", async () => {
    const request = ask('How do knowledge bases use embeddings?');
    let expected = '';
    for await (const chunk of engine({
      modelId: HAIKU,
      system: request.system,
      messages: [{ role: 'user', text: 'How do knowledge bases use embeddings?' }],
      inferenceConfig: {},
    })) {
      expected += chunk;
    }

    const { parts, error } = await run(gateway.streamChat(request));

    expect(error).toBeUndefined();
    expect(parts.filter((p) => p.type === 'text-delta').length).toBeGreaterThan(5);
    expect(textOf(parts)).toBe(expected);
    expect(parts.slice(-2).map((p) => p.type)).toEqual(['finish', 'usage']);
    expect(parts.at(-2)).toEqual({ type: 'finish', reason: 'end_turn' });
    const inputChars = 'You are Strata.'.length + 'How do knowledge bases use embeddings?'.length;
    expect(parts.at(-1)).toMatchObject({
      type: 'usage',
      usage: {
        inputTokens: Math.ceil(inputChars / 4),
        outputTokens: Math.ceil(expected.length / 4),
        totalTokens: Math.ceil(inputChars / 4) + Math.ceil(expected.length / 4),
        latencyMs: expect.any(Number),
      },
    });
  });

  it('sends the conversation, system prompt and inference settings as Converse fields', async () => {
    bedrock.script({ chunks: ['ok'] });
    await run(
      gateway.streamChat({
        modelId: HAIKU,
        system: 'Be brief.',
        messages: [
          { role: 'user', text: 'What is temperature?' },
          { role: 'assistant', text: 'Randomness.' },
          { role: 'user', text: 'And top_p?' },
        ],
        inference: { maxTokens: 256, temperature: 0.3, topP: 0.8 },
      }),
    );
    const sent = bedrock.requests.at(-1);
    expect(sent?.modelId).toBe(HAIKU);
    expect(sent?.operation).toBe('converse-stream');
    expect(sent?.body).toEqual({
      messages: [
        { role: 'user', content: [{ text: 'What is temperature?' }] },
        { role: 'assistant', content: [{ text: 'Randomness.' }] },
        { role: 'user', content: [{ text: 'And top_p?' }] },
      ],
      system: [{ text: 'Be brief.' }],
      inferenceConfig: { maxTokens: 256, temperature: 0.3, topP: 0.8 },
    });
  });

  it.each([
    [HAIKU, { top_k: 40 }],
    [NOVA, { inferenceConfig: { topK: 40 } }],
  ])('sends top_k to %s in its native field', async (modelId, fields) => {
    bedrock.script({ chunks: ['ok'] });
    const { error } = await run(gateway.streamChat(ask('hi', { modelId, inference: { topK: 40 } })));
    expect(error).toBeUndefined();
    expect(bedrock.requests.at(-1)).toMatchObject({
      modelId,
      body: { additionalModelRequestFields: fields },
    });
  });

  it('refuses top_k for a Llama model before calling Bedrock, naming the parameter and the model', async () => {
    const before = bedrock.requests.length;
    const modelId = 'us.meta.llama3-2-3b-instruct-v1:0';
    const { error } = await run(gateway.streamChat(ask('hi', { modelId, inference: { topK: 5 } })));
    expect(error).toMatchObject({ code: 'bad_input' });
    expect((error as StrataError).userMessage).toMatch(/top_k/);
    expect((error as StrataError).userMessage).toContain(modelId);
    expect(bedrock.requests.length).toBe(before);
  });

  it('surfaces an in-stream model error as model_error after the first chunks were yielded', async () => {
    bedrock.script({
      chunks: ['Bedrock offers ', 'several ', 'model families'],
      streamError: { afterChunks: 2, type: 'modelStreamErrorException', message: 'model crashed' },
    });
    const { parts, error } = await run(gateway.streamChat(ask('list models')));
    expect(textOf(parts)).toBe('Bedrock offers several ');
    expect(error).toBeInstanceOf(StrataError);
    expect(error).toMatchObject({ code: 'model_error', retryable: true });
    expect((error as StrataError).userMessage).not.toContain('model crashed');
  });

  it('surfaces a 429 ThrottlingException as a retryable model_throttled, after one attempt', async () => {
    const before = bedrock.requests.length;
    bedrock.script({ httpError: { status: 429, type: 'ThrottlingException', message: 'Too many requests' } });
    const { parts, error } = await run(gateway.streamChat(ask('hi')));
    expect(parts).toEqual([]);
    expect(error).toMatchObject({ code: 'model_throttled', retryable: true });
    expect(bedrock.requests.length).toBe(before + 1);
  });

  it('fails with a retryable model_timeout when the stream stalls', async () => {
    bedrock.script({ chunks: ['Starting ', 'never finishing'], stallAfterChunks: 1 });
    const { parts, error } = await run(slowGateway.streamChat(ask('hi')));
    expect(textOf(parts)).toBe('Starting ');
    expect(error).toMatchObject({ code: 'model_timeout', retryable: true });
  });

  it("shows Bedrock's own ValidationException message to the user", async () => {
    const { error } = await run(
      gateway.streamChat({
        modelId: HAIKU,
        messages: [
          { role: 'assistant', text: 'I spoke first.' },
          { role: 'user', text: 'hi' },
        ],
      }),
    );
    expect(error).toMatchObject({ code: 'model_validation', retryable: false });
    expect((error as StrataError).userMessage).toBe(
      'Amazon Bedrock rejected the request: A conversation must start with a user message. ' +
        'Try again with a conversation that starts with a user message.',
    );
  });

  it('ends quietly, without an error, when the caller stops the stream', async () => {
    bedrock.script({ chunks: ['one ', 'two ', 'three ', 'four '], delayMs: 20 });
    const stop = new AbortController();
    const seen: StreamPart[] = [];
    for await (const part of gateway.streamChat(ask('count', { signal: stop.signal }))) {
      seen.push(part);
      stop.abort();
    }
    expect(textOf(seen)).toBe('one ');
  });
});
