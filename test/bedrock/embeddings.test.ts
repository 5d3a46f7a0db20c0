import { createServer, type Http2Server } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTitanEmbeddings } from '../../src/bedrock/embeddings.js';
import { StrataError } from '../../src/errors.js';

/**
 * A Bedrock-shaped InvokeModel endpoint (cleartext HTTP/2, as the SDK speaks by default) whose answers each
 * test scripts: slow answers to see concurrency, 429 ThrottlingException, validation errors.
 */
type Answer = { status: number; type?: string; body: unknown; delayMs?: number };
let server: Http2Server;
let script: Array<(input: string) => Answer> = [];
let inFlight = 0;
let maxInFlight = 0;
let received: Array<{ path: string; body: Record<string, unknown> }> = [];
let sessions = 0;

const ok = (input: string, dims = 4): Answer => ({
  status: 200,
  body: {
    embedding: Array.from({ length: dims }, (_, i) => (i === input.length % dims ? 3 : 0)),
    inputTextTokenCount: 3,
  },
});

beforeAll(async () => {
  server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => {
      raw += chunk;
    });
    req.on('end', () => {
      const body = JSON.parse(raw) as Record<string, unknown>;
      received.push({ path: req.url ?? '', body });
      const answer = (script.shift() ?? ((input: string) => ok(input)))(String(body.inputText));
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      setTimeout(() => {
        inFlight -= 1;
        res.writeHead(answer.status, {
          'content-type': 'application/json',
          ...(answer.type ? { 'x-amzn-errortype': answer.type } : {}),
        });
        res.end(JSON.stringify(answer.body));
      }, answer.delayMs ?? 0);
    });
  });
  server.on('session', () => {
    sessions += 1;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  process.env.AWS_ACCESS_KEY_ID = 'test';
  process.env.AWS_SECRET_ACCESS_KEY = 'test';
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  script = [];
  received = [];
  maxInFlight = 0;
  sessions = 0;
});

// Gateways keep their connection open; each test's are closed after it.
const opened: Array<{ destroy(): void }> = [];
afterEach(() => {
  for (const embeddings of opened.splice(0)) embeddings.destroy();
});

const gateway = (overrides: Partial<Parameters<typeof createTitanEmbeddings>[0]> = {}) => {
  const embeddings = createTitanEmbeddings({
    region: 'us-east-1',
    modelId: 'amazon.titan-embed-text-v2:0',
    dimensions: 256,
    concurrency: 3,
    maxRetries: 2,
    sleep: async () => {},
    ...overrides,
  });
  opened.push(embeddings);
  return embeddings;
};

describe('the Titan v2 embedding gateway', () => {
  it('sends one InvokeModel per text with the configured dimensions and normalize, in input order', async () => {
    script = Array.from({ length: 3 }, () => (input: string) => ok(input, 256));
    const vectors = await gateway().embed(['a', 'bb', 'ccc']);

    expect(vectors).toHaveLength(3);
    expect(received.map((r) => r.path)).toEqual(
      Array(3).fill('/model/amazon.titan-embed-text-v2%3A0/invoke'),
    );
    // Requests run concurrently, so they may arrive in any order; the vectors come back in input order.
    const bodies = received
      .map((r) => r.body)
      .sort((a, b) => String(a.inputText).localeCompare(String(b.inputText)));
    expect(bodies).toEqual(
      ['a', 'bb', 'ccc'].map((inputText) => ({ inputText, dimensions: 256, normalize: true })),
    );
    expect(vectors.map((v) => v.indexOf(1))).toEqual([1, 2, 3]);
  });

  it('returns unit-length vectors even if the model does not', async () => {
    script = [() => ({ status: 200, body: { embedding: [3, 4, ...Array(254).fill(0)] } })];
    const [vector] = await gateway().embed(['x']);
    expect(vector?.slice(0, 2)).toEqual(new Float32Array([0.6, 0.8]));
  });

  it('keeps at most `concurrency` requests in flight however many texts it gets', async () => {
    script = Array.from({ length: 10 }, () => (input: string) => ({ ...ok(input, 256), delayMs: 20 }));
    await gateway({ concurrency: 3 }).embed(Array.from({ length: 10 }, (_, i) => `text ${i}`));
    expect(received).toHaveLength(10);
    expect(maxInFlight).toBe(3);
  });

  it('sends its concurrent calls as streams of one connection, not a connection per call', async () => {
    script = Array.from({ length: 12 }, () => (input: string) => ({ ...ok(input, 256), delayMs: 5 }));
    const embeddings = gateway({ concurrency: 4 });
    await embeddings.embed(Array.from({ length: 6 }, (_, i) => `text ${i}`));
    await embeddings.embed(Array.from({ length: 6 }, (_, i) => `more ${i}`));
    expect(received).toHaveLength(12);
    expect(maxInFlight).toBe(4);
    expect(sessions).toBe(1);
  });

  it('backs off and retries when Bedrock throttles, then succeeds', async () => {
    const throttled = (): Answer => ({
      status: 429,
      type: 'ThrottlingException',
      body: { message: 'Too many requests' },
    });
    script = [throttled, throttled, (input) => ok(input, 256)];
    const delays: number[] = [];
    const [vector] = await gateway({
      random: () => 1,
      baseDelayMs: 100,
      sleep: async (ms) => void delays.push(ms),
    }).embed(['x']);
    expect(vector).toHaveLength(256);
    expect(delays).toEqual([100, 200]);
  });

  it('gives up after its retries with a retryable, throttled StrataError', async () => {
    const throttled = (): Answer => ({
      status: 429,
      type: 'ThrottlingException',
      body: { message: 'slow down' },
    });
    script = [throttled, throttled, throttled];
    const failure = await gateway({ maxRetries: 2 })
      .embed(['x'])
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(StrataError);
    expect(failure).toMatchObject({ code: 'model_throttled', retryable: true });
    expect(received).toHaveLength(3);
  });

  it('does not retry a validation error, and says what Bedrock rejected', async () => {
    script = [
      () => ({
        status: 400,
        type: 'ValidationException',
        body: { message: 'dimensions must be 256, 512 or 1024' },
      }),
    ];
    const failure = await gateway()
      .embed(['x'])
      .catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 'model_validation', retryable: false });
    expect((failure as StrataError).userMessage).toContain('dimensions must be 256, 512 or 1024');
    expect(received).toHaveLength(1);
  });

  it('rejects a body with the wrong number of dimensions instead of storing it', async () => {
    script = [(input) => ok(input, 8)];
    await expect(gateway().embed(['x'])).rejects.toMatchObject({ code: 'model_error' });
  });
});
