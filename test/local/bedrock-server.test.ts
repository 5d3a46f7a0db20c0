import {
  BedrockRuntimeClient,
  ConverseCommand,
  ConverseStreamCommand,
  type ConverseStreamOutput,
  type Message,
} from '@aws-sdk/client-bedrock-runtime';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalBedrock, startLocalBedrock } from '../../src/local/bedrock/bedrock-server.js';
import { createLocalEngine, localDisclaimer } from '../../src/local/bedrock/local-engine.js';

const HAIKU = 'anthropic.claude-3-haiku-20240307-v1:0';
const HAIKU_ARN = `arn:aws:bedrock:us-east-1::foundation-model/${HAIKU}`;

let bedrock: LocalBedrock;
const clients: Record<string, BedrockRuntimeClient> = {};

beforeAll(async () => {
  bedrock = await startLocalBedrock({ engine: createLocalEngine({ chunkDelayMs: 0 }) });
  process.env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME = bedrock.endpoint;
  process.env.AWS_ACCESS_KEY_ID = 'AKIDLOCALTEST';
  process.env.AWS_SECRET_ACCESS_KEY = 'local-secret';
  process.env.AWS_REGION = 'us-east-1';
  clients['HTTP/2 (the default client)'] = new BedrockRuntimeClient({ maxAttempts: 1 });
  clients['HTTP/1.1'] = new BedrockRuntimeClient({ maxAttempts: 1, requestHandler: new NodeHttpHandler() });
});

afterAll(async () => {
  for (const client of Object.values(clients)) client.destroy();
  await bedrock?.close();
});

const user = (text: string): Message => ({ role: 'user', content: [{ text }] });

async function streamText(client: BedrockRuntimeClient, modelId: string, messages: Message[]) {
  const output = await client.send(new ConverseStreamCommand({ modelId, messages }));
  const events: ConverseStreamOutput[] = [];
  for await (const event of output.stream ?? []) events.push(event);
  const text = events.map((e) => e.contentBlockDelta?.delta?.text ?? '').join('');
  return { events, text };
}

const client = (name: string): BedrockRuntimeClient => {
  const found = clients[name];
  if (!found) throw new Error(`no client ${name}`);
  return found;
};

describe.each(['HTTP/2 (the default client)', 'HTTP/1.1'])('the local Bedrock endpoint over %s', (name) => {
  it('serves ConverseStream as event-stream frames the SDK parses', async () => {
    const { events, text } = await streamText(client(name), HAIKU, [user('What is temperature?')]);

    expect(Object.keys(events[0] ?? {})).toEqual(['messageStart']);
    expect(events.filter((e) => e.contentBlockDelta).length).toBeGreaterThan(3);
    expect(events.slice(-3).map((e) => Object.keys(e)[0])).toEqual([
      'contentBlockStop',
      'messageStop',
      'metadata',
    ]);
    expect(events.at(-2)?.messageStop?.stopReason).toBe('end_turn');
    expect(events.at(-1)?.metadata?.usage).toEqual({
      inputTokens: Math.ceil('What is temperature?'.length / 4),
      outputTokens: Math.ceil(text.length / 4),
      totalTokens: Math.ceil('What is temperature?'.length / 4) + Math.ceil(text.length / 4),
    });
    expect(text.startsWith(localDisclaimer)).toBe(true);
    expect(text).toContain('**Temperature.**');
  });

  it('serves Converse as one JSON reply with the same text as the stream', async () => {
    const { text: streamed } = await streamText(client(name), HAIKU, [user('What are guardrails?')]);
    const reply = await client(name).send(
      new ConverseCommand({ modelId: HAIKU, messages: [user('What are guardrails?')] }),
    );
    expect(reply.output?.message?.content?.[0]?.text).toBe(streamed);
    expect(reply.stopReason).toBe('end_turn');
    expect(reply.usage?.outputTokens).toBe(Math.ceil(streamed.length / 4));
  });

  it('records each request with its decoded model id, parsed body and no authorization header', async () => {
    await client(name).send(new ConverseCommand({ modelId: HAIKU_ARN, messages: [user('hello')] }));
    const recorded = bedrock.requests.at(-1);
    expect(recorded).toMatchObject({
      method: 'POST',
      operation: 'converse',
      modelId: HAIKU_ARN,
      body: { messages: [{ role: 'user', content: [{ text: 'hello' }] }] },
      httpVersion: name === 'HTTP/1.1' ? '1.1' : '2.0',
    });
    expect(recorded?.path).toContain('arn%3Aaws%3Abedrock');
    expect(recorded?.headers).not.toHaveProperty('authorization');
    expect(recorded?.headers['x-amz-date']).toMatch(/^\d{8}T\d{6}Z$/);
  });

  it('turns a scripted in-stream exception into the SDK exception, after the chunks before it', async () => {
    bedrock.script({
      chunks: ['a ', 'b ', 'c'],
      streamError: { afterChunks: 2, type: 'throttlingException', message: 'slow down' },
    });
    const output = await client(name).send(
      new ConverseStreamCommand({ modelId: HAIKU, messages: [user('x')] }),
    );
    const texts: string[] = [];
    const failure = await (async () => {
      for await (const event of output.stream ?? []) {
        if (event.contentBlockDelta?.delta?.text) texts.push(event.contentBlockDelta.delta.text);
      }
    })().catch((error: unknown) => error);
    expect(texts).toEqual(['a ', 'b ']);
    expect(failure).toMatchObject({ name: 'ThrottlingException', message: 'slow down' });
  });

  it('answers a scripted HTTP error with its status, error type and request id', async () => {
    bedrock.script({ httpError: { status: 503, type: 'ServiceUnavailableException', message: 'try later' } });
    const failure = await client(name)
      .send(new ConverseCommand({ modelId: HAIKU, messages: [user('x')] }))
      .catch((error: unknown) => error);
    expect(failure).toMatchObject({
      name: 'ServiceUnavailableException',
      message: 'try later',
      $metadata: { httpStatusCode: 503, requestId: expect.any(String) },
    });
  });
});

describe('request validation', () => {
  const rejection = (input: Record<string, unknown>) =>
    client('HTTP/2 (the default client)')
      .send(
        new ConverseStreamCommand({ modelId: HAIKU, ...input } as ConstructorParameters<
          typeof ConverseStreamCommand
        >[0]),
      )
      .catch((error: unknown) => error);

  it('rejects a request without messages with a ValidationException naming messages', async () => {
    expect(await rejection({})).toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining("'messages'"),
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('rejects a temperature above 1 with a ValidationException mentioning temperature', async () => {
    expect(await rejection({ messages: [user('x')], inferenceConfig: { temperature: 1.5 } })).toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining('temperature'),
    });
  });

  it('rejects an Anthropic top_k above 500 the way the model does', async () => {
    expect(
      await rejection({ messages: [user('x')], additionalModelRequestFields: { top_k: 501 } }),
    ).toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining('#/top_k: 501 is not less or equal to 500'),
    });
  });

  it('rejects a conversation that does not alternate between user and assistant', async () => {
    expect(await rejection({ messages: [user('a'), user('b')] })).toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining('alternate between user and assistant'),
    });
  });

  it('answers unknown routes with 404 UnknownOperationException', async () => {
    const response = await fetch(`${bedrock.endpoint}/model/${encodeURIComponent(HAIKU)}/invoke-something`, {
      method: 'POST',
      body: '{}',
    });
    expect(response.status).toBe(404);
    expect(response.headers.get('x-amzn-errortype')).toBe('UnknownOperationException');
    expect(await response.json()).toEqual({ message: expect.stringContaining('invoke-something') });
  });
});

describe('the local reply engine behind the endpoint', () => {
  const http2 = () => client('HTTP/2 (the default client)');

  it('gives the same answer to the same conversation', async () => {
    const messages = [user('How does fine-tuning work?')];
    const first = await streamText(http2(), HAIKU, messages);
    const second = await streamText(http2(), HAIKU, messages);
    expect(second.text).toBe(first.text);
    expect(first.text).toContain('JSONL');
  });

  it('says it is a local stand-in and how many earlier turns it saw', async () => {
    const { text } = await streamText(http2(), HAIKU, [
      user('What is Bedrock?'),
      { role: 'assistant', content: [{ text: 'A managed service.' }] },
      user('What about agents?'),
    ]);
    expect(text).toMatch(/local stand-in/);
    expect(text).toMatch(/not from a real model/);
    expect(text).toContain('I saw 2 earlier turns in this conversation.');
    expect(text).toContain('Lambda');
  });
});

describe('recorded requests', () => {
  it('keeps only the most recent ones beyond maxRecorded', async () => {
    const own = await startLocalBedrock({ maxRecorded: 2 });
    try {
      for (const name of ['one', 'two', 'three']) {
        await fetch(`${own.endpoint}/${name}`, { method: 'POST', body: '{}' });
      }
      expect(own.requests.map((r) => r.path)).toEqual(['/two', '/three']);
    } finally {
      await own.close();
    }
  });
});

describe('closing the endpoint', () => {
  it('ends a stalled stream instead of waiting for it', async () => {
    const own = await startLocalBedrock({ engine: createLocalEngine({ chunkDelayMs: 0 }) });
    own.script({ chunks: ['first ', 'second'], stallAfterChunks: 1 });
    process.env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME = own.endpoint;
    const stalling = new BedrockRuntimeClient({ maxAttempts: 1 });
    const output = await stalling
      .send(new ConverseStreamCommand({ modelId: HAIKU, messages: [user('x')] }))
      .finally(() => {
        process.env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME = bedrock.endpoint;
      });
    expect(own.requests).toHaveLength(1);
    if (!output.stream) throw new Error('no event stream');
    const iterator = output.stream[Symbol.asyncIterator]();
    const seen: string[] = [];
    for (;;) {
      const { value } = await iterator.next();
      if (value?.contentBlockDelta?.delta?.text) {
        seen.push(value.contentBlockDelta.delta.text);
        break;
      }
    }
    const rest = (async () => {
      for (let step = await iterator.next(); !step.done; step = await iterator.next()) {
        if (step.value.contentBlockDelta?.delta?.text) seen.push(step.value.contentBlockDelta.delta.text);
      }
    })().catch(() => undefined);

    await own.close();
    await rest;
    stalling.destroy();
    expect(seen).toEqual(['first ']);
  });
});
