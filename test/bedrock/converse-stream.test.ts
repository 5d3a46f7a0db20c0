import {
  type ConverseStreamOutput,
  ModelStreamErrorException,
  ThrottlingException,
} from '@aws-sdk/client-bedrock-runtime';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type OpenConverseStream, readConverseStream } from '../../src/bedrock/converse-stream.js';
import type { StreamPart } from '../../src/bedrock/stream-parts.js';
import { StrataError } from '../../src/errors.js';

const delta = (text: string): ConverseStreamOutput => ({
  contentBlockDelta: { contentBlockIndex: 0, delta: { text } },
});

const recorded: ConverseStreamOutput[] = [
  { messageStart: { role: 'assistant' } },
  delta('Hel'),
  delta('lo'),
  { contentBlockStop: { contentBlockIndex: 0 } },
  { messageStop: { stopReason: 'end_turn' } },
  {
    metadata: {
      usage: { inputTokens: 5, outputTokens: 2, totalTokens: 7 },
      metrics: { latencyMs: 42 },
    },
  },
];

/** Yields the events, then (if `then` says so) throws or never produces another event. */
async function* events(
  list: ConverseStreamOutput[],
  then: { throw?: unknown; hang?: boolean } = {},
): AsyncGenerator<ConverseStreamOutput> {
  yield* list;
  if (then.throw !== undefined) throw then.throw;
  if (then.hang) await new Promise(() => undefined);
}

/** An `open` function that records the abort signal the SDK call would get. */
function opener(stream: AsyncIterable<ConverseStreamOutput>) {
  const calls: AbortSignal[] = [];
  const open: OpenConverseStream = async (signal) => {
    calls.push(signal);
    return stream;
  };
  return { open, calls };
}

async function collect(parts: AsyncIterable<StreamPart>): Promise<StreamPart[]> {
  const seen: StreamPart[] = [];
  for await (const part of parts) seen.push(part);
  return seen;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('readConverseStream', () => {
  it('turns text deltas, the stop reason and metadata into stream parts, in order', async () => {
    const { open } = opener(events(recorded));
    expect(await collect(readConverseStream(open, { idleTimeoutMs: 1000 }))).toEqual([
      { type: 'text-delta', text: 'Hel' },
      { type: 'text-delta', text: 'lo' },
      { type: 'finish', reason: 'end_turn' },
      { type: 'usage', usage: { inputTokens: 5, outputTokens: 2, totalTokens: 7, latencyMs: 42 } },
    ]);
  });

  it('ignores members Strata does not use, such as tool-use starts and reasoning deltas', async () => {
    const { open } = opener(
      events([
        { contentBlockStart: { contentBlockIndex: 1, start: { toolUse: { toolUseId: 't1', name: 'f' } } } },
        { contentBlockDelta: { contentBlockIndex: 1, delta: { reasoningContent: { text: 'thinking' } } } },
        delta('answer'),
        { messageStop: { stopReason: 'some_new_reason' as 'end_turn' } },
      ]),
    );
    expect(await collect(readConverseStream(open, { idleTimeoutMs: 1000 }))).toEqual([
      { type: 'text-delta', text: 'answer' },
      { type: 'finish', reason: 'other' },
    ]);
  });

  it('yields the text received before an in-stream exception, then throws it as a StrataError', async () => {
    const failure = new ModelStreamErrorException({
      message: 'model crashed',
      originalStatusCode: 500,
      $metadata: {},
    });
    const { open } = opener(events([delta('Partial '), delta('answer')], { throw: failure }));
    const seen: StreamPart[] = [];
    const run = async () => {
      for await (const part of readConverseStream(open, { idleTimeoutMs: 1000 })) seen.push(part);
    };
    await expect(run()).rejects.toMatchObject({ code: 'model_error', retryable: true, cause: failure });
    expect(seen).toEqual([
      { type: 'text-delta', text: 'Partial ' },
      { type: 'text-delta', text: 'answer' },
    ]);
  });

  it('maps an exception member that arrives as an event the same way as a thrown one', async () => {
    const { open } = opener(
      events([delta('a'), { throttlingException: { message: 'slow down' } as ThrottlingException }]),
    );
    await expect(collect(readConverseStream(open, { idleTimeoutMs: 1000 }))).rejects.toMatchObject({
      code: 'model_throttled',
      retryable: true,
    });
  });

  it('maps an error from starting the call (an HTTP error) before any part', async () => {
    const throttled = new ThrottlingException({
      message: 'Too many requests',
      $metadata: { httpStatusCode: 429 },
    });
    const open: OpenConverseStream = () => Promise.reject(throttled);
    await expect(
      collect(readConverseStream(open, { idleTimeoutMs: 1000, modelId: 'm' })),
    ).rejects.toMatchObject({
      code: 'model_throttled',
      retryable: true,
    });
  });

  it('aborts the request and throws a retryable model_timeout when no event arrives within the idle timeout', async () => {
    vi.useFakeTimers();
    const { open, calls } = opener(events([delta('first')], { hang: true }));
    const seen: StreamPart[] = [];
    const run = (async () => {
      for await (const part of readConverseStream(open, { idleTimeoutMs: 5000, modelId: 'm1' }))
        seen.push(part);
    })();
    const outcome = run.then(
      () => undefined,
      (error: unknown) => error,
    );

    await vi.advanceTimersByTimeAsync(4999);
    expect(calls[0]?.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);

    const error = await outcome;
    expect(error).toBeInstanceOf(StrataError);
    expect(error).toMatchObject({ code: 'model_timeout', retryable: true });
    expect(calls[0]?.aborted).toBe(true);
    expect(seen).toEqual([{ type: 'text-delta', text: 'first' }]);
  });

  it('applies the idle timeout to the wait for the response headers too', async () => {
    vi.useFakeTimers();
    const calls: AbortSignal[] = [];
    const open: OpenConverseStream = (signal) => {
      calls.push(signal);
      return new Promise(() => undefined);
    };
    const outcome = collect(readConverseStream(open, { idleTimeoutMs: 2000 })).catch(
      (error: unknown) => error,
    );
    await vi.advanceTimersByTimeAsync(2000);
    expect(await outcome).toMatchObject({ code: 'model_timeout' });
    expect(calls[0]?.aborted).toBe(true);
  });

  it('does not time out while events keep arriving within the idle timeout', async () => {
    vi.useFakeTimers();
    async function* slow(): AsyncGenerator<ConverseStreamOutput> {
      for (const text of ['a', 'b', 'c', 'd']) {
        await new Promise((resolve) => setTimeout(resolve, 900));
        yield delta(text);
      }
    }
    const { open } = opener(slow());
    const result = collect(readConverseStream(open, { idleTimeoutMs: 1000 }));
    await vi.advanceTimersByTimeAsync(4000);
    expect((await result).map((p) => (p.type === 'text-delta' ? p.text : p.type))).toEqual([
      'a',
      'b',
      'c',
      'd',
    ]);
  });

  it('ends quietly and aborts the SDK call when the caller stops the stream', async () => {
    const stop = new AbortController();
    const { open, calls } = opener(events([delta('one'), delta('two')], { hang: true }));
    const seen: StreamPart[] = [];
    for await (const part of readConverseStream(open, { idleTimeoutMs: 60_000, signal: stop.signal })) {
      seen.push(part);
      if (seen.length === 2) stop.abort();
    }
    expect(seen.map((p) => p.type === 'text-delta' && p.text)).toEqual(['one', 'two']);
    expect(calls[0]?.aborted).toBe(true);
  });

  it('does not call Bedrock at all when the stop signal is already aborted', async () => {
    const { open, calls } = opener(events(recorded));
    const parts = await collect(
      readConverseStream(open, { idleTimeoutMs: 1000, signal: AbortSignal.abort() }),
    );
    expect(parts).toEqual([]);
    expect(calls).toHaveLength(0);
  });

  it('aborts the SDK call when the consumer stops iterating early', async () => {
    const { open, calls } = opener(events(recorded));
    for await (const part of readConverseStream(open, { idleTimeoutMs: 1000 })) {
      if (part.type === 'text-delta') break;
    }
    expect(calls[0]?.aborted).toBe(true);
  });
});
