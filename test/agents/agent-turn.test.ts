import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAgentEnd } from '../../src/agents/agent-end.js';
import { type AgentTurnJob, runAgentRetry, runAgentTurn } from '../../src/agents/agent-turn.js';
import { readOnlyAction } from '../../src/agents/strata-actions.js';
import { AgentRuntimeError } from '../../src/bedrock/agent-errors.js';
import type { AgentPart } from '../../src/bedrock/agent-parts.js';
import type { LocalServer } from '../../src/local/dynamo-server.js';
import type { StrataTable } from '../../src/store/table.js';
import { createTestTable, startDynamoForTest } from '../store/local-dynamo-fixture.js';
import { AGENT, createHarness, FakeSlack } from './agent-harness.js';

const CHANNEL = 'C0SHOP';
let server: LocalServer;
let table: StrataTable;
let threads = 0;

beforeAll(async () => {
  server = await startDynamoForTest();
  table = (await createTestTable('agent-turns')).table;
});
afterAll(async () => {
  await server?.close();
});

function turn(text: string, extra: Partial<AgentTurnJob> = {}): AgentTurnJob {
  threads += 1;
  const ts = `1712345678.${String(threads).padStart(6, '0')}`;
  return {
    kind: 'agent-turn',
    eventId: `Ev${threads}`,
    channel: CHANNEL,
    threadTs: ts,
    messageTs: ts,
    user: 'U0ALICE',
    text,
    start: true,
    ...extra,
  };
}

const answer = (text: string): AgentPart[] => [
  { type: 'trace', step: { kind: 'rationale', text: 'Look up the order.' } },
  {
    type: 'trace',
    step: {
      kind: 'action',
      actionGroup: 'OrderManagement',
      operation: 'getOrderStatus',
      parameters: [{ name: 'orderId', value: '1042' }],
      execution: 'lambda',
    },
  },
  { type: 'trace', step: { kind: 'observation', source: 'action', text: '{"orderStatus":"delivered"}' } },
  { type: 'usage', inputTokens: 900, outputTokens: 40 },
  { type: 'text', text: text.slice(0, 10) },
  { type: 'text', text: text.slice(10) },
];

const returnControl: AgentPart = {
  type: 'return-control',
  invocationId: 'inv-42',
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
};

describe('an agent turn', () => {
  it('starts a session named after the thread and streams the answer through the reply writer', async () => {
    const h = createHarness(table);
    h.runtime.next({ parts: answer('Order 1042 was delivered on Friday.') });
    const job = turn('where is order 1042?');

    await runAgentTurn(job, h.deps);

    expect(h.runtime.requests).toEqual([
      {
        ...AGENT,
        sessionId: `${CHANNEL}-${job.threadTs}-1`,
        inputText: 'where is order 1042?',
        sessionAttributes: { slackUser: 'U0ALICE', slackChannel: CHANNEL },
      },
    ]);
    expect(h.replies).toEqual([
      expect.objectContaining({
        threadTs: job.threadTs,
        text: 'Order 1042 was delivered on Friday.',
        state: 'done',
      }),
    ]);
    const controls = h.slack.posts.at(-1);
    expect(FakeSlack.textOf(controls?.message ?? { text: '', blocks: [] })).toContain('Show steps');
    expect(FakeSlack.textOf(controls?.message ?? { text: '', blocks: [] })).toContain('End session');
    const steps = await h.agents.traces.get({
      channel: CHANNEL,
      threadTs: job.threadTs,
      turn: h.replies[0]?.ts ?? '',
    });
    expect(steps?.map((s) => s.kind)).toEqual(['rationale', 'action', 'observation']);
    const session = await h.agents.sessions.get(CHANNEL, job.threadTs);
    expect(session).toMatchObject({ status: 'active', startedBy: 'U0ALICE', generation: 1, busyUntil: 0 });
    expect(await h.agents.sessions.latest(CHANNEL, 'U0ALICE')).toBe(job.threadTs);
    expect(h.calls).toEqual([
      expect.objectContaining({
        user: 'U0ALICE',
        channel: CHANNEL,
        feature: 'agent',
        modelId: `agent/${AGENT.agentId}/${AGENT.aliasId}`,
        inputTokens: 900,
        outputTokens: 40,
        outcome: 'ok',
      }),
    ]);
  });

  it('asks for confirmation with the action in plain words, and stores who may decide', async () => {
    const h = createHarness(table);
    h.runtime.next({ parts: [returnControl] });
    const job = turn('I want to return the headphones from order 1042');

    await runAgentTurn(job, h.deps);

    expect(h.replies[0]).toMatchObject({
      text: 'Before I go ahead, I need a confirmation. See below.',
      state: 'done',
    });
    const card = h.slack.posts.at(-1);
    const shown = FakeSlack.textOf(card?.message ?? { text: '', blocks: [] });
    expect(shown).toContain('*Create a return*');
    expect(shown).toContain('• Order: 1042');
    expect(shown).toContain('• Item: headphones');
    expect(shown).toContain('Only <@U0ALICE>, who asked, can confirm or deny');
    expect(shown).toContain('strata_agent_confirm');
    expect(shown).toContain('strata_agent_deny');
    const [pending] = await h.agents.confirmations.pending(CHANNEL, job.threadTs);
    expect(pending).toMatchObject({
      requester: 'U0ALICE',
      invocationId: 'inv-42',
      status: 'pending',
      cardTs: card?.ts,
    });
  });

  it('refuses a new message while a change waits for a decision', async () => {
    const h = createHarness(table);
    h.runtime.next({ parts: [returnControl] });
    const job = turn('return the headphones from order 1042');
    await runAgentTurn(job, h.deps);

    await runAgentTurn(
      { ...job, start: false, messageTs: '1712345999.000001', text: 'and cancel 1044' },
      h.deps,
    );

    expect(h.runtime.requests).toHaveLength(1);
    expect(h.slack.whispers.at(-1)).toMatchObject({
      user: 'U0ALICE',
      text: expect.stringContaining('Confirm'),
    });
  });

  it('starts a fresh Bedrock session, and says so, when the old one expired', async () => {
    const h = createHarness(table);
    h.runtime.next({ parts: answer('First answer here.') }, { parts: answer('Second answer here.') });
    const job = turn('where is order 1042?');
    await runAgentTurn(job, h.deps);
    h.clock.now += 11 * 60_000;

    await runAgentTurn({ ...job, start: false, text: 'and order 1043?' }, h.deps);

    expect(h.runtime.requests.map((r) => r.sessionId)).toEqual([
      `${CHANNEL}-${job.threadTs}-1`,
      `${CHANNEL}-${job.threadTs}-2`,
    ]);
    const notes = h.slack.posts.map((p) => FakeSlack.textOf(p.message)).join('\n');
    expect(notes).toContain(
      'The earlier agent session expired after 10 min without activity, so this is a fresh session',
    );
    expect((await h.agents.sessions.get(CHANNEL, job.threadTs))?.generation).toBe(2);
  });

  it('shows a retryable failure with a Retry button, and Retry asks again with the same words', async () => {
    const h = createHarness(table);
    const throttled = new AgentRuntimeError('throttled', 'model_throttled', 'Rate exceeded', {
      retryable: true,
      userMessage:
        'The agent is busy right now (Amazon Bedrock throttled the request). Press *Retry* in a moment.',
    });
    h.runtime.next(
      { parts: [{ type: 'text', text: 'Let me ' }], error: throttled },
      { parts: answer('Order 1042 was delivered.') },
    );
    const job = turn('where is order 1042?');

    await runAgentTurn(job, h.deps);

    expect(h.replies[0]).toMatchObject({ text: 'Let me ', state: 'failed', error: throttled });
    expect(FakeSlack.textOf(h.slack.posts.at(-1)?.message ?? { text: '', blocks: [] })).toContain(
      'strata_agent_retry',
    );
    expect((await h.agents.sessions.get(CHANNEL, job.threadTs))?.retry).toEqual({
      kind: 'text',
      text: 'where is order 1042?',
      user: 'U0ALICE',
    });

    await runAgentRetry(
      { kind: 'agent-retry', channel: CHANNEL, threadTs: job.threadTs, user: 'U0BOB' },
      h.deps,
    );
    expect(h.slack.whispers.at(-1)?.text).toBe('Only <@U0ALICE>, who asked, can retry this.');

    await runAgentRetry(
      { kind: 'agent-retry', channel: CHANNEL, threadTs: job.threadTs, user: 'U0ALICE' },
      h.deps,
    );
    expect(h.runtime.requests.map((r) => r.inputText)).toEqual([
      'where is order 1042?',
      'where is order 1042?',
    ]);
    expect(h.replies[1]).toMatchObject({ text: 'Order 1042 was delivered.', state: 'done' });
    expect((await h.agents.sessions.get(CHANNEL, job.threadTs))?.retry).toBeUndefined();
  });

  it('runs read-only functions delegated to Strata without confirmation and keeps going in the same answer', async () => {
    const h = createHarness(table);
    const calls: Array<Record<string, string>> = [];
    h.agents.actions = new Map([
      [
        'Clock.today',
        readOnlyAction(async (params) => {
          calls.push(params);
          return { body: '{"date":"2026-03-10"}' };
        }),
      ],
    ]);
    h.runtime.next(
      {
        parts: [
          {
            type: 'return-control',
            invocationId: 'inv-run',
            invocations: [
              {
                kind: 'function',
                actionGroup: 'Clock',
                function: 'today',
                parameters: [{ name: 'tz', type: 'string', value: 'UTC' }],
                mode: 'run',
              },
            ],
          },
        ],
      },
      { parts: [{ type: 'text', text: 'Today is 10 March.' }] },
    );

    await runAgentTurn(turn('what day is it?'), h.deps);

    expect(calls).toEqual([{ tz: 'UTC' }]);
    expect(h.runtime.requests[1]?.returnControl).toEqual({
      invocationId: 'inv-run',
      results: [{ kind: 'function', actionGroup: 'Clock', function: 'today', body: '{"date":"2026-03-10"}' }],
    });
    expect(h.replies).toHaveLength(1);
    expect(h.replies[0]).toMatchObject({ text: 'Today is 10 March.', state: 'done' });
  });

  it('stops, visibly, when the agent keeps handing calls back', async () => {
    const h = createHarness(table);
    const loop: AgentPart = {
      type: 'return-control',
      invocationId: 'inv-loop',
      invocations: [
        { kind: 'function', actionGroup: 'Nowhere', function: 'spin', parameters: [], mode: 'run' },
      ],
    };
    h.runtime.next({ parts: [loop] }, { parts: [loop] }, { parts: [loop] }, { parts: [loop] });

    await runAgentTurn(turn('spin'), h.deps);

    expect(h.runtime.requests).toHaveLength(3);
    expect(h.replies[0]?.state).toBe('failed');
    expect(h.replies[0]?.error?.userMessage).toContain('stopped after 3 steps');
  });

  it('uploads files the agent produced into the thread, after the answer', async () => {
    const h = createHarness(table);
    const csv = new TextEncoder().encode('order,status\n1042,delivered\n');
    h.runtime.next({
      parts: [
        { type: 'text', text: 'Here is the export.' },
        { type: 'files', files: [{ name: 'orders.csv', mimeType: 'text/csv', bytes: csv }] },
      ],
    });

    await runAgentTurn(turn('export my orders'), h.deps);

    expect(h.replies[0]).toMatchObject({ text: 'Here is the export.', state: 'done' });
    expect(h.slack.uploads).toEqual([{ name: 'orders.csv', mimeType: 'text/csv', bytes: csv }]);
  });

  it('lists knowledge-base sources under the answer', async () => {
    const h = createHarness(table);
    h.runtime.next({
      parts: [
        { type: 'text', text: 'Returns are accepted within 30 days.' },
        {
          type: 'citations',
          citations: [
            {
              text: '30 days',
              references: [{ excerpt: 'Return policy', url: 'https://shop.example.com/returns' }],
            },
          ],
        },
      ],
    });

    await runAgentTurn(turn('what is the return policy?'), h.deps);

    expect(h.replies[0]?.text).toBe(
      'Returns are accepted within 30 days.\n\n**Sources**\n1. [Return policy](https://shop.example.com/returns)',
    );
  });

  it('says how to get an agent when neither the channel nor Strata has one', async () => {
    const h = createHarness(table);
    h.agents.settings = { ...h.agents.settings, defaultAgent: undefined };

    await runAgentTurn(turn('where is order 1042?', { channel: 'C0NOAGENT' }), h.deps);

    expect(h.runtime.requests).toHaveLength(0);
    expect(FakeSlack.textOf(h.slack.posts[0]?.message ?? { text: '', blocks: [] })).toContain(
      '/agent use <agent-id> <alias-id>',
    );
  });

  it('uses the agent an admin chose for the channel', async () => {
    const h = createHarness(table);
    await h.agents.channels.put('C0CUSTOM', {
      agentId: 'ZZ99YY88XX',
      aliasId: 'PRODALIAS1',
      mentions: false,
      updatedBy: 'U0ADMIN',
      updatedAt: 1,
    });
    h.runtime.next({ parts: answer('Order 1042 was delivered.') });

    await runAgentTurn(turn('where is order 1042?', { channel: 'C0CUSTOM' }), h.deps);

    expect(h.runtime.requests[0]).toMatchObject({ agentId: 'ZZ99YY88XX', aliasId: 'PRODALIAS1' });
  });
});

describe('ending a session', () => {
  it('is refused for someone else, and for the starter ends it at Bedrock and in the thread', async () => {
    const h = createHarness(table);
    h.runtime.next({ parts: [returnControl] });
    const job = turn('cancel order 1044');
    await runAgentTurn(job, h.deps);
    const end = { kind: 'agent-end' as const, channel: CHANNEL, threadTs: job.threadTs, isAdmin: false };

    await runAgentEnd({ ...end, user: 'U0BOB' }, h.deps);
    expect(h.slack.whispers.at(-1)?.text).toContain(
      'Only <@U0ALICE>, who started this session, or a Strata admin can end it.',
    );

    await runAgentEnd({ ...end, user: 'U0ALICE' }, h.deps);
    expect(h.runtime.requests.at(-1)).toMatchObject({
      endSession: true,
      sessionId: `${CHANNEL}-${job.threadTs}-1`,
    });
    expect((await h.agents.sessions.get(CHANNEL, job.threadTs))?.status).toBe('ended');
    expect(await h.agents.confirmations.pending(CHANNEL, job.threadTs)).toEqual([]);
    expect(FakeSlack.textOf(h.slack.updates.at(-1)?.message ?? { text: '', blocks: [] })).toContain(
      'expired',
    );
    expect(FakeSlack.textOf(h.slack.posts.at(-1)?.message ?? { text: '', blocks: [] })).toContain(
      'Agent session ended by <@U0ALICE>',
    );
    const [audit] = await h.agents.audit.latest(1);
    expect(audit).toMatchObject({ action: 'agent.session.end', actor: 'U0ALICE', outcome: 'ok' });
  });
});
