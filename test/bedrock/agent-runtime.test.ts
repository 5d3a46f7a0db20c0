import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentRuntimeError } from '../../src/bedrock/agent-errors.js';
import type { AgentPart } from '../../src/bedrock/agent-parts.js';
import {
  type AgentInvocation,
  type AgentRuntime,
  createBedrockAgentRuntime,
} from '../../src/bedrock/agent-runtime.js';
import { StrataError } from '../../src/errors.js';
import { SHOP, type ShopStandIns, startShop } from '../agents/local-shop-fixture.js';

let shop: ShopStandIns;
let runtime: AgentRuntime;
let impatient: AgentRuntime;
let sessions = 0;

beforeAll(async () => {
  shop = await startShop();
  runtime = createBedrockAgentRuntime({ region: 'us-east-1', idleTimeoutMs: 10_000, maxAttempts: 1 });
  impatient = createBedrockAgentRuntime({ region: 'us-east-1', idleTimeoutMs: 300, maxAttempts: 1 });
});
afterAll(async () => {
  runtime?.destroy();
  impatient?.destroy();
  await shop?.close();
});

const newSession = () => {
  sessions += 1;
  return `C0SHOP-1712345678.00010${sessions}-1`;
};

async function run(parts: AsyncIterable<AgentPart>): Promise<{ parts: AgentPart[]; error: unknown }> {
  const seen: AgentPart[] = [];
  try {
    for await (const part of parts) seen.push(part);
    return { parts: seen, error: undefined };
  } catch (error) {
    return { parts: seen, error };
  }
}

const textOf = (parts: AgentPart[]) => parts.map((p) => (p.type === 'text' ? p.text : '')).join('');
const ask = (sessionId: string, extra: Partial<AgentInvocation> = {}): AgentInvocation => ({
  ...SHOP,
  sessionId,
  sessionAttributes: { slackUser: 'U0ALICE' },
  ...extra,
});

describe('the agent runtime gateway against the local agent runtime', () => {
  it('streams the answer and readable trace steps for a read-only question, over HTTP/2', async () => {
    const sessionId = newSession();

    const { parts, error } = await run(runtime.invoke(ask(sessionId, { inputText: 'where is order 1042?' })));

    expect(error).toBeUndefined();
    expect(textOf(parts)).toContain(
      'Order 1042 was delivered on 2026-03-04 with UPS (tracking 1Z999AA10123456784)',
    );
    expect(textOf(parts)).toContain('Local stand-in agent');
    const steps = parts.flatMap((p) => (p.type === 'trace' ? [p.step] : []));
    expect(steps.map((s) => s.kind)).toEqual(['rationale', 'action', 'observation', 'final']);
    expect(steps[1]).toEqual({
      kind: 'action',
      actionGroup: 'OrderManagement',
      operation: 'getOrderStatus',
      parameters: [{ name: 'orderId', value: '1042' }],
      execution: 'lambda',
    });
    const request = shop.runtime.requests.at(-1);
    expect(request).toMatchObject({
      agentId: SHOP.agentId,
      aliasId: SHOP.aliasId,
      sessionId,
      httpVersion: '2.0',
      body: {
        enableTrace: true,
        inputText: 'where is order 1042?',
        sessionState: { sessionAttributes: { slackUser: 'U0ALICE' } },
      },
    });
  });

  it('hands a mutating call back for confirmation, then sends the decision as confirmationState', async () => {
    const sessionId = newSession();
    const callsBefore = shop.runtime.calls.length;

    const asked = await run(
      runtime.invoke(ask(sessionId, { inputText: 'I want to return the headphones from order 1042' })),
    );
    const control = asked.parts.find((p) => p.type === 'return-control');

    expect(control).toEqual({
      type: 'return-control',
      invocationId: expect.any(String),
      invocations: [
        {
          kind: 'function',
          actionGroup: 'OrderManagement',
          function: 'createReturn',
          parameters: [
            { name: 'orderId', type: 'string', value: '1042' },
            { name: 'item', type: 'string', value: 'headphones' },
          ],
          mode: 'confirm',
        },
      ],
    });
    expect(shop.runtime.calls.length).toBe(callsBefore);
    if (control?.type !== 'return-control') throw new Error('no return control');

    const confirmed = await run(
      runtime.invoke(
        ask(sessionId, {
          returnControl: {
            invocationId: control.invocationId,
            results: [
              {
                kind: 'function',
                actionGroup: 'OrderManagement',
                function: 'createReturn',
                confirmation: 'CONFIRM',
                body: 'confirmed',
              },
            ],
          },
        }),
      ),
    );

    expect(confirmed.error).toBeUndefined();
    expect(textOf(confirmed.parts)).toContain(
      'Done: return R-1042-HP-200 is created for 1 × Wireless Headphones',
    );
    expect(shop.runtime.calls.slice(callsBefore).map((c) => c.function)).toEqual(['createReturn']);
    expect(shop.runtime.requests.at(-1)?.body).toEqual({
      enableTrace: true,
      sessionState: {
        sessionAttributes: { slackUser: 'U0ALICE' },
        invocationId: control.invocationId,
        returnControlInvocationResults: [
          {
            functionResult: {
              actionGroup: 'OrderManagement',
              function: 'createReturn',
              confirmationState: 'CONFIRM',
              responseBody: { TEXT: { body: 'confirmed' } },
            },
          },
        ],
      },
    });
  });

  it('runs nothing when the user denies', async () => {
    const sessionId = newSession();
    const asked = await run(runtime.invoke(ask(sessionId, { inputText: 'cancel order 1044' })));
    const control = asked.parts.find((p) => p.type === 'return-control');
    if (control?.type !== 'return-control') throw new Error('no return control');
    const callsBefore = shop.runtime.calls.length;

    const denied = await run(
      runtime.invoke(
        ask(sessionId, {
          returnControl: {
            invocationId: control.invocationId,
            results: [
              {
                kind: 'function',
                actionGroup: 'OrderManagement',
                function: 'cancelOrder',
                confirmation: 'DENY',
                body: 'denied',
              },
            ],
          },
        }),
      ),
    );

    expect(textOf(denied.parts)).toContain('Okay, I did not do that. Nothing was changed.');
    expect(shop.runtime.calls.length).toBe(callsBefore);
  });

  it('fails with a retryable throttling error that tells the user to retry', async () => {
    shop.runtime.script({
      httpError: { status: 429, type: 'ThrottlingException', message: 'Rate exceeded' },
    });

    const { error } = await run(runtime.invoke(ask(newSession(), { inputText: 'where is order 1042?' })));

    expect(error).toBeInstanceOf(AgentRuntimeError);
    expect(error).toMatchObject({ failure: 'throttled', code: 'model_throttled', retryable: true });
    expect((error as StrataError).userMessage).toMatch(/Retry/);
  });

  it('turns an in-stream dependency failure (a broken Lambda) into a retryable action failure', async () => {
    shop.runtime.script({
      streamError: { type: 'dependencyFailedException', message: 'Lambda timed out', afterEvents: 2 },
    });

    const { parts, error } = await run(
      runtime.invoke(ask(newSession(), { inputText: 'where is order 1042?' })),
    );

    expect(parts.filter((p) => p.type === 'trace')).toHaveLength(2);
    expect(error).toMatchObject({ failure: 'action_failed', retryable: true });
    expect((error as StrataError).userMessage).not.toContain('Lambda timed out');
  });

  it('names the agent and the fix when the agent does not exist', async () => {
    const { error } = await run(
      runtime.invoke({
        agentId: 'NOSUCHAGNT',
        aliasId: 'TSTALIASID',
        sessionId: newSession(),
        inputText: 'hi',
      }),
    );

    expect(error).toMatchObject({ failure: 'agent_not_found', retryable: false });
    expect((error as StrataError).userMessage).toContain('`NOSUCHAGNT`');
    expect((error as StrataError).userMessage).toContain('/agent use');
  });

  it('rejects results for an invocation the session no longer has', async () => {
    const { error } = await run(
      runtime.invoke(
        ask(newSession(), {
          returnControl: {
            invocationId: 'gone',
            results: [
              {
                kind: 'function',
                actionGroup: 'OrderManagement',
                function: 'cancelOrder',
                confirmation: 'CONFIRM',
                body: '',
              },
            ],
          },
        }),
      ),
    );

    expect(error).toMatchObject({ failure: 'invalid_request', code: 'model_validation' });
  });

  it('gives up with a timeout when the stream goes silent', async () => {
    shop.runtime.script({ stallAfterEvents: 1 });

    const { parts, error } = await run(
      impatient.invoke(ask(newSession(), { inputText: 'where is order 1042?' })),
    );

    expect(parts.map((p) => p.type)).toEqual(['trace']);
    expect(error).toBeInstanceOf(StrataError);
    expect(error).toMatchObject({ failure: 'timeout', code: 'model_timeout', retryable: true });
  });
});
