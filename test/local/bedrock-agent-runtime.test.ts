import {
  BedrockAgentRuntimeClient,
  InvokeAgentCommand,
  type InvokeAgentRequest,
} from '@aws-sdk/client-bedrock-agent-runtime';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDynamoOrdersStore, createOrdersTable } from '../../src/agents/ecommerce/orders-store.js';
import { createDocumentClient } from '../../src/store/table.js';
import { SHOP, type ShopStandIns, startShop } from '../agents/local-shop-fixture.js';

const clock = { now: Date.parse('2026-03-10T12:00:00Z') };
let shop: ShopStandIns;
let h2: BedrockAgentRuntimeClient;
let h1: BedrockAgentRuntimeClient;
let sessions = 0;

beforeAll(async () => {
  shop = await startShop({ tableName: 'orders-runtime', now: () => clock.now });
  h2 = new BedrockAgentRuntimeClient({ region: 'us-east-1', maxAttempts: 1 });
  h1 = new BedrockAgentRuntimeClient({
    region: 'us-east-1',
    maxAttempts: 1,
    requestHandler: new NodeHttpHandler(),
  });
});
afterAll(async () => {
  h2?.destroy();
  h1?.destroy();
  await shop?.close();
});

const newSession = () => {
  sessions += 1;
  return `local-test-${sessions}`;
};

interface Seen {
  text: string;
  traces: unknown[];
  returnControl: { invocationId?: string; invocationInputs?: unknown[] } | undefined;
  sessionId: string | undefined;
  contentType: string | undefined;
}

async function invoke(
  input: Partial<InvokeAgentRequest> & { sessionId: string },
  client = h2,
): Promise<Seen> {
  const output = await client.send(
    new InvokeAgentCommand({
      agentId: SHOP.agentId,
      agentAliasId: SHOP.aliasId,
      enableTrace: true,
      ...input,
    }),
  );
  const seen: Seen = {
    text: '',
    traces: [],
    returnControl: undefined,
    sessionId: output.sessionId,
    contentType: output.contentType,
  };
  for await (const event of output.completion ?? []) {
    if (event.chunk?.bytes) seen.text += new TextDecoder().decode(event.chunk.bytes);
    if (event.trace) seen.traces.push(event.trace);
    if (event.returnControl) seen.returnControl = event.returnControl;
  }
  return seen;
}

const orders = () =>
  createDynamoOrdersStore({
    table: createOrdersTable({
      documentClient: createDocumentClient({ region: 'us-east-1' }),
      tableName: 'orders-runtime',
    }),
  });

describe('the local agent runtime', () => {
  it('answers "where is order 1042?" by calling the real order Lambda code, and says it is local', async () => {
    const sessionId = newSession();

    const seen = await invoke({ sessionId, inputText: 'where is order 1042?' });

    expect(seen.sessionId).toBe(sessionId);
    expect(seen.contentType).toBe('application/json');
    expect(seen.text).toMatch(/^Order 1042 was delivered on 2026-03-04 with UPS/);
    expect(seen.text).toContain('Local stand-in agent: rule-based planner, real order functions.');
    expect(seen.traces[0]).toMatchObject({
      agentId: SHOP.agentId,
      sessionId,
      eventTime: expect.any(Date),
      trace: {
        orchestrationTrace: { rationale: { text: expect.stringMatching(/^Local rule-based planner/) } },
      },
    });
    expect(shop.runtime.calls.at(-1)).toMatchObject({
      function: 'getOrderStatus',
      parameters: { orderId: '1042' },
    });
  });

  it('speaks HTTP/1.1 too', async () => {
    const seen = await invoke({ sessionId: newSession(), inputText: 'what is your return policy?' }, h1);

    expect(seen.text).toContain('Delivered items can be returned within 30 days of delivery.');
    expect(shop.runtime.requests.at(-1)?.httpVersion).toBe('1.1');
  });

  it('returns control for a return, and creates it exactly once after CONFIRM', async () => {
    const sessionId = newSession();
    const asked = await invoke({ sessionId, inputText: 'I want to return the headphones from order 1042' });

    expect(asked.text).toBe('');
    expect(asked.returnControl).toEqual({
      invocationId: expect.any(String),
      invocationInputs: [
        {
          functionInvocationInput: {
            actionGroup: 'OrderManagement',
            function: 'createReturn',
            parameters: [
              { name: 'orderId', type: 'string', value: '1042' },
              { name: 'item', type: 'string', value: 'headphones' },
            ],
            actionInvocationType: 'USER_CONFIRMATION',
          },
        },
      ],
    });
    expect(await orders().listReturns('1042')).toEqual([]);

    const confirmation = {
      sessionId,
      sessionState: {
        invocationId: asked.returnControl?.invocationId,
        returnControlInvocationResults: [
          {
            functionResult: {
              actionGroup: 'OrderManagement',
              function: 'createReturn',
              confirmationState: 'CONFIRM' as const,
              responseBody: { TEXT: { body: 'confirmed' } },
            },
          },
        ],
      },
    };
    const done = await invoke(confirmation);
    const replay = await invoke(confirmation).catch((error: unknown) => error);

    expect(done.text).toContain(
      'Done: return R-1042-HP-200 is created for 1 × Wireless Headphones from order 1042. Refund: $129.99.',
    );
    expect(replay).toMatchObject({ name: 'ValidationException' });
    expect(await orders().listReturns('1042')).toEqual([
      expect.objectContaining({ returnId: 'R-1042-HP-200', sku: 'HP-200', quantity: 1 }),
    ]);
  });

  it('asks which item to return when the request does not say, listing the order', async () => {
    const seen = await invoke({
      sessionId: newSession(),
      inputText: 'I want to return something from order 1046',
    });

    expect(seen.text).toContain('Which item of order 1046 should be returned?');
    expect(seen.text).toContain('Burr Coffee Grinder (CG-900)');
  });

  it('remembers the order within a session, and forgets everything after the idle timeout', async () => {
    const sessionId = newSession();
    await invoke({ sessionId, inputText: 'where is order 1043?' });

    const followUp = await invoke({ sessionId, inputText: 'when will it arrive?' });
    clock.now += 11 * 60_000;
    const afterIdle = await invoke({ sessionId, inputText: 'when will it arrive?' });

    expect(followUp.text).toContain('Order 1043 is on its way with FedEx');
    expect(afterIdle.text).toContain("I'm the local stand-in for the orders agent");
  });

  it('hands escalation back to Strata to run, with confirmation', async () => {
    const seen = await invoke({
      sessionId: newSession(),
      inputText: 'I need to talk to a person about order 1042',
    });

    expect(seen.returnControl?.invocationInputs).toEqual([
      {
        functionInvocationInput: expect.objectContaining({
          actionGroup: 'HumanHandoff',
          function: 'escalateToHuman',
          actionInvocationType: 'USER_CONFIRMATION_AND_RESULT',
        }),
      },
    ]);
  });

  it('rejects requests the real service would reject', async () => {
    const unknown = await invoke({ sessionId: newSession(), inputText: 'hi', agentId: 'NOSUCHAGNT' }).catch(
      (e: unknown) => e,
    );
    const empty = await invoke({ sessionId: newSession(), inputText: '   ' }).catch((e: unknown) => e);

    expect(unknown).toMatchObject({ name: 'ResourceNotFoundException', $metadata: { httpStatusCode: 404 } });
    expect(empty).toMatchObject({ name: 'ValidationException', $metadata: { httpStatusCode: 400 } });
  });

  it('ends a session on request: pending confirmations are gone', async () => {
    const sessionId = newSession();
    const asked = await invoke({ sessionId, inputText: 'cancel order 1044' });
    await invoke({ sessionId, inputText: 'bye', endSession: true });

    const late = await invoke({
      sessionId,
      sessionState: {
        invocationId: asked.returnControl?.invocationId,
        returnControlInvocationResults: [
          {
            functionResult: {
              actionGroup: 'OrderManagement',
              function: 'cancelOrder',
              confirmationState: 'CONFIRM',
            },
          },
        ],
      },
    }).catch((e: unknown) => e);

    expect(late).toMatchObject({ name: 'ValidationException' });
    expect((await orders().getOrder('1044'))?.status).toBe('processing');
  });
});
