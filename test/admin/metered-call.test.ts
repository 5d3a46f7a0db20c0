import { describe, expect, it } from 'vitest';
import type { AccessDecision } from '../../src/access/access-guard.js';
import {
  accessRefusal,
  meteredCall,
  meteredGateway,
  requireAccess,
  startMeteredCall,
} from '../../src/access/metered-call.js';
import type { ChatRequest, ModelGateway } from '../../src/bedrock/gateway.js';
import type { StreamPart } from '../../src/bedrock/stream-parts.js';
import { StrataError } from '../../src/errors.js';
import type { ModelCall } from '../../src/metrics.js';

const caller = { user: 'U1', channel: 'C1', feature: 'sql' as const };
const usagePart = (inputTokens: number, outputTokens: number): StreamPart => ({
  type: 'usage',
  usage: { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens, latencyMs: 5 },
});

function setup(parts: StreamPart[], failAfter?: StrataError) {
  const recorded: ModelCall[] = [];
  const gateway: ModelGateway = {
    async *streamChat() {
      for (const part of parts) yield part;
      if (failAfter) throw failAfter;
    },
  };
  const usage = { record: async (call: ModelCall) => void recorded.push(call) };
  return { recorded, metered: meteredGateway(gateway, { usage }, caller) };
}

const request = (signal?: AbortSignal): ChatRequest => ({
  modelId: 'us.amazon.nova-pro-v1:0',
  messages: [{ role: 'user', text: 'q' }],
  inference: { maxTokens: 100 },
  ...(signal ? { signal } : {}),
});

async function drain(gateway: ModelGateway, req: ChatRequest): Promise<string> {
  let text = '';
  for await (const part of gateway.streamChat(req)) if (part.type === 'text-delta') text += part.text;
  return text;
}

describe('meteredGateway', () => {
  it('passes the stream through and records one ok call with the reported tokens', async () => {
    const { recorded, metered } = setup([{ type: 'text-delta', text: 'hi' }, usagePart(30, 7)]);
    expect(await drain(metered, request())).toBe('hi');
    expect(recorded).toEqual([
      expect.objectContaining({
        ...caller,
        modelId: 'us.amazon.nova-pro-v1:0',
        inputTokens: 30,
        outputTokens: 7,
        outcome: 'ok',
      }),
    ]);
  });

  it('records a throttled call with its error code and the tokens seen, and rethrows', async () => {
    const throttled = new StrataError('model_throttled', 'slow down');
    const { recorded, metered } = setup([usagePart(12, 0)], throttled);
    await expect(drain(metered, request())).rejects.toBe(throttled);
    expect(recorded).toEqual([
      expect.objectContaining({ outcome: 'throttled', errorCode: 'model_throttled', inputTokens: 12 }),
    ]);
  });

  it('records other failures as errors', async () => {
    const { recorded, metered } = setup([], new StrataError('model_error', 'broke'));
    await expect(drain(metered, request())).rejects.toThrow('broke');
    expect(recorded).toEqual([expect.objectContaining({ outcome: 'error', errorCode: 'model_error' })]);
  });

  it('records a stream the reader left early, or that was aborted, as stopped', async () => {
    const { recorded, metered } = setup([
      { type: 'text-delta', text: 'a' },
      { type: 'text-delta', text: 'b' },
    ]);
    for await (const _part of metered.streamChat(request())) break;
    const abort = new AbortController();
    abort.abort();
    await drain(metered, request(abort.signal));
    expect(recorded.map((c) => c.outcome)).toEqual(['stopped', 'stopped']);
  });
});

describe('meteredCall', () => {
  it('records what the result consumed, or the failure', async () => {
    const recorded: ModelCall[] = [];
    const usage = { record: async (call: ModelCall) => void recorded.push(call) };
    const call = { ...caller, feature: 'image' as const, modelId: 'amazon.nova-canvas-v1:0' };
    expect(
      await meteredCall(
        { usage },
        call,
        async () => ['a', 'b'],
        (r) => ({ imagesGenerated: r.length }),
      ),
    ).toEqual(['a', 'b']);
    await expect(
      meteredCall(
        { usage },
        call,
        () => Promise.reject(new Error('boom')),
        () => ({}),
      ),
    ).rejects.toMatchObject({ code: 'internal' });
    expect(recorded).toEqual([
      expect.objectContaining({ outcome: 'ok', imagesGenerated: 2, inputTokens: 0 }),
      expect.objectContaining({ outcome: 'error', errorCode: 'internal' }),
    ]);
  });
});

describe('startMeteredCall', () => {
  it('records one call when it ends, with what it consumed before a failure', async () => {
    const recorded: ModelCall[] = [];
    const usage = { record: async (call: ModelCall) => void recorded.push(call) };
    const call = { user: 'U1', channel: 'C1', feature: 'agent' as const, modelId: 'agent/A1/L1' };
    await startMeteredCall({ usage }, call)('ok', { inputTokens: 900, outputTokens: 40 });
    await startMeteredCall({ usage }, call)(new StrataError('model_throttled', 'busy'), { inputTokens: 12 });
    await startMeteredCall({ usage }, { ...call, feature: 'index', modelId: 'amazon.titan-embed-text-v2:0' })(
      'ok',
      { inputTokens: 250 },
    );
    expect(recorded).toEqual([
      expect.objectContaining({ ...call, outcome: 'ok', inputTokens: 900, outputTokens: 40 }),
      expect.objectContaining({ outcome: 'throttled', errorCode: 'model_throttled', inputTokens: 12 }),
      expect.objectContaining({ feature: 'index', outcome: 'ok', inputTokens: 250, outputTokens: 0 }),
    ]);
    expect(recorded[0]).not.toHaveProperty('errorCode');
  });
});

describe('requireAccess', () => {
  const guard = (decision: AccessDecision) => ({ check: async () => decision });

  it('lets an allowed call through and refuses with the guard’s message', async () => {
    await expect(requireAccess({ access: guard({ allowed: true }) }, caller)).resolves.toBeUndefined();
    await expect(requireAccess({}, caller)).resolves.toBeUndefined();
    const refusal = requireAccess(
      { access: guard({ allowed: false, reason: 'feature', message: 'An admin turned `sql` off.' }) },
      caller,
    );
    await expect(refusal).rejects.toMatchObject({
      code: 'bad_input',
      userMessage: 'An admin turned `sql` off.',
    });
  });

  it('gives the same refusal as a value for features that show it themselves', async () => {
    const budget = {
      allowed: false as const,
      reason: 'budget' as const,
      message: 'Your daily budget is spent.',
    };
    expect(await accessRefusal({ access: guard({ allowed: true }) }, caller)).toBeUndefined();
    expect(await accessRefusal({ access: guard(budget) }, caller)).toMatchObject({
      code: 'bad_input',
      message: 'sql refused: budget',
      userMessage: 'Your daily budget is spent.',
    });
  });
});
