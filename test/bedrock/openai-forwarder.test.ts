import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBedrockGateway } from '../../src/bedrock/gateway.js';
import type { StreamPart } from '../../src/bedrock/stream-parts.js';
import { startLocalBedrock } from '../../src/local/bedrock/bedrock-server.js';
import { createOpenAiEngine } from '../../src/local/bedrock/openai-forwarder.js';
import type { EngineRequest } from '../../src/local/bedrock/reply-engine.js';

/** A tiny OpenAI-compatible server: records each request and streams fixed tokens as SSE. */
const received: { url: string; body: unknown }[] = [];
const tokens = ['Hello', ' from', ' a', ' local', ' LLM', '.'];
let failNext: number | undefined;
let llm: http.Server;
let baseUrl: string;

beforeAll(async () => {
  llm = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    req.on('end', () => {
      received.push({ url: req.url ?? '', body: JSON.parse(body) as unknown });
      if (failNext !== undefined) {
        res.writeHead(failNext, { 'content-type': 'application/json' });
        res.end('{"error":{"message":"model \\"nope\\" not found"}}');
        failNext = undefined;
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const events = [
        `data: ${JSON.stringify({ choices: [{ delta: { role: 'assistant', content: '' } }] })}\n\n`,
        ...tokens.map(
          (t) => `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: t } }] })}\n\n`,
        ),
        `data: ${JSON.stringify({ choices: [{ delta: {}, finish_reason: 'stop' }] })}\n\n`,
        'data: [DONE]\n\n',
      ].join('');
      // Split mid-line so the client has to buffer partial events.
      const cut = Math.floor(events.length / 3);
      res.write(events.slice(0, cut));
      res.write(events.slice(cut, cut * 2));
      res.end(events.slice(cut * 2));
    });
  });
  await new Promise<void>((resolve) => llm.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(llm.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => llm?.close(resolve));
});

const request: EngineRequest = {
  modelId: 'anthropic.claude-3-haiku-20240307-v1:0',
  system: 'Be brief.',
  messages: [
    { role: 'user', text: 'Hi' },
    { role: 'assistant', text: 'Hello!' },
    { role: 'user', text: 'Say hello again' },
  ],
  inferenceConfig: { maxTokens: 64, temperature: 0.2, topP: 0.9 },
};

describe('the OpenAI-compatible forwarder', () => {
  it('posts the conversation to /v1/chat/completions and yields the streamed tokens', async () => {
    const engine = createOpenAiEngine({ baseUrl: `${baseUrl}/v1/`, model: 'llama3.2' });
    const chunks: string[] = [];
    for await (const chunk of engine(request)) chunks.push(chunk);

    expect(chunks).toEqual(tokens);
    expect(received.at(-1)).toEqual({
      url: '/v1/chat/completions',
      body: {
        model: 'llama3.2',
        stream: true,
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: 'Hi' },
          { role: 'assistant', content: 'Hello!' },
          { role: 'user', content: 'Say hello again' },
        ],
        temperature: 0.2,
        top_p: 0.9,
        max_tokens: 64,
      },
    });
  });

  it('fails with the status and the server text when the model server refuses', async () => {
    failNext = 404;
    const engine = createOpenAiEngine({ baseUrl, model: 'nope' });
    const run = async () => {
      for await (const _ of engine(request)) {
        // drain
      }
    };
    await expect(run()).rejects.toThrow(/answered 404: .*not found/);
  });

  it('feeds the local Bedrock endpoint, so the real SDK streams the forwarded tokens', async () => {
    const bedrock = await startLocalBedrock({ engine: createOpenAiEngine({ baseUrl, model: 'llama3.2' }) });
    process.env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME = bedrock.endpoint;
    process.env.AWS_ACCESS_KEY_ID = 'AKIDLOCALTEST';
    process.env.AWS_SECRET_ACCESS_KEY = 'local-secret';
    const gateway = createBedrockGateway({ region: 'us-east-1', idleTimeoutMs: 10_000, maxAttempts: 1 });
    try {
      const parts: StreamPart[] = [];
      for await (const part of gateway.streamChat({
        modelId: 'us.amazon.nova-lite-v1:0',
        messages: [{ role: 'user', text: 'Say hello' }],
      })) {
        parts.push(part);
      }
      const text = parts.map((p) => (p.type === 'text-delta' ? p.text : '')).join('');
      expect(text).toBe('Hello from a local LLM.');
      expect(parts.map((p) => p.type).slice(-2)).toEqual(['finish', 'usage']);
    } finally {
      gateway.destroy();
      await bedrock.close();
    }
  });

  it('turns a model server failure into a model_error from the gateway', async () => {
    const bedrock = await startLocalBedrock({ engine: createOpenAiEngine({ baseUrl, model: 'nope' }) });
    process.env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME = bedrock.endpoint;
    const gateway = createBedrockGateway({ region: 'us-east-1', idleTimeoutMs: 10_000, maxAttempts: 1 });
    failNext = 500;
    try {
      const run = async () => {
        for await (const _ of gateway.streamChat({ modelId: 'm', messages: [{ role: 'user', text: 'x' }] })) {
          // drain
        }
      };
      await expect(run()).rejects.toMatchObject({ code: 'model_error' });
    } finally {
      gateway.destroy();
      await bedrock.close();
    }
  });
});
