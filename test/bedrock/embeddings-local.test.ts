import { BedrockRuntimeClient, InvokeModelCommand } from '@aws-sdk/client-bedrock-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTitanEmbeddings } from '../../src/bedrock/embeddings.js';
import { type LocalBedrock, startLocalBedrock } from '../../src/local/bedrock/bedrock-server.js';

const MODEL = 'amazon.titan-embed-text-v2:0';
let bedrock: LocalBedrock;
let raw: BedrockRuntimeClient;

beforeAll(async () => {
  bedrock = await startLocalBedrock();
  process.env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME = bedrock.endpoint;
  process.env.AWS_ACCESS_KEY_ID = 'test';
  process.env.AWS_SECRET_ACCESS_KEY = 'test';
  raw = new BedrockRuntimeClient({ region: 'us-east-1', maxAttempts: 1 });
});
afterAll(async () => {
  raw?.destroy();
  await bedrock?.close();
});

async function invoke(body: unknown) {
  const out = await raw.send(
    new InvokeModelCommand({ modelId: MODEL, body: JSON.stringify(body), contentType: 'application/json' }),
  );
  return JSON.parse(out.body.transformToString()) as {
    embedding: number[];
    inputTextTokenCount: number;
    embeddingsByType: Record<string, number[]>;
  };
}

const cosine = (a: Float32Array, b: Float32Array) => a.reduce((sum, v, i) => sum + v * (b[i] ?? 0), 0);

describe('the local Titan Text Embeddings V2 stand-in', () => {
  it('answers in Titan v2’s shape with the requested dimensions, normalized by default', async () => {
    const answer = await invoke({ inputText: 'The Q3 launch moves to September 16', dimensions: 512 });
    expect(answer.embedding).toHaveLength(512);
    expect(answer.embeddingsByType.float).toEqual(answer.embedding);
    expect(answer.inputTextTokenCount).toBeGreaterThan(0);
    const norm = Math.sqrt(answer.embedding.reduce((s, v) => s + v * v, 0));
    expect(norm).toBeCloseTo(1, 5);
  });

  it('gives the same vector for the same text every time', async () => {
    const [a, b] = await Promise.all([
      invoke({ inputText: 'retro notes are in the wiki', dimensions: 256 }),
      invoke({ inputText: 'retro notes are in the wiki', dimensions: 256 }),
    ]);
    expect(a.embedding).toEqual(b.embedding);
  });

  it('places texts about the same thing closer than unrelated ones', async () => {
    const embeddings = createTitanEmbeddings({
      region: 'us-east-1',
      modelId: MODEL,
      dimensions: 1024,
      concurrency: 2,
      maxRetries: 0,
    });
    const [question, answer, related, unrelated] = await embeddings.embed([
      'what did we decide about the Q3 launch date?',
      'Decision: the Q3 launch date is Tuesday, September 16.',
      'Launching in Q3 depends on the billing migration.',
      'Tacos or pizza for the Friday lunch order?',
    ]);
    if (!question || !answer || !related || !unrelated) throw new Error('missing vectors');
    expect(cosine(question, answer)).toBeGreaterThan(0.3);
    expect(cosine(question, answer)).toBeGreaterThan(cosine(question, related));
    expect(cosine(question, related)).toBeGreaterThan(cosine(question, unrelated));
    expect(Math.abs(cosine(question, unrelated))).toBeLessThan(0.15);
    embeddings.destroy();
  });

  it('rejects what Titan rejects, with a ValidationException', async () => {
    await expect(invoke({ inputText: 'x', dimensions: 300 })).rejects.toMatchObject({
      name: 'ValidationException',
    });
    await expect(invoke({ inputText: '   ' })).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(invoke({ dimensions: 256 })).rejects.toMatchObject({ name: 'ValidationException' });
  });

  it('returns binary embeddings when asked, as sign bits of the float vector', async () => {
    const answer = await invoke({
      inputText: 'deploy pipeline',
      dimensions: 256,
      embeddingTypes: ['float', 'binary'],
    });
    expect(answer.embeddingsByType.binary).toEqual(answer.embedding.map((v) => (v > 0 ? 1 : 0)));
  });
});
