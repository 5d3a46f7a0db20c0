import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decideConfirmation, runAgentDecision } from '../../src/agents/agent-decision.js';
import { runAgentTurn } from '../../src/agents/agent-turn.js';
import { createHandoffAction } from '../../src/agents/handoff-action.js';
import { AgentRuntimeError } from '../../src/bedrock/agent-errors.js';
import type { AgentPart, ReturnedInvocation } from '../../src/bedrock/agent-parts.js';
import type { LocalServer } from '../../src/local/dynamo-server.js';
import { createLogger } from '../../src/log.js';
import type { StrataTable } from '../../src/store/table.js';
import { createTestTable, startDynamoForTest } from '../store/local-dynamo-fixture.js';
import { createHarness, FakeSlack, type Harness } from './agent-harness.js';

const CHANNEL = 'C0SHOP';
const logger = createLogger({ level: 'silent' });
let server: LocalServer;
let table: StrataTable;
let threads = 0;

beforeAll(async () => {
  server = await startDynamoForTest();
  table = (await createTestTable('agent-decisions')).table;
});
afterAll(async () => {
  await server?.close();
});

const createReturn: ReturnedInvocation = {
  kind: 'function',
  actionGroup: 'OrderManagement',
  function: 'createReturn',
  parameters: [
    { name: 'orderId', type: 'string', value: '1042' },
    { name: 'item', type: 'string', value: 'headphones' },
  ],
  mode: 'confirm',
};

/** A thread where the agent has asked Alice to confirm `invocation`; returns the confirmation id. */
async function pendingThread(h: Harness, invocation: ReturnedInvocation = createReturn) {
  threads += 1;
  const threadTs = `1712340000.${String(threads).padStart(6, '0')}`;
  const part: AgentPart = {
    type: 'return-control',
    invocationId: `inv-${threads}`,
    invocations: [invocation],
  };
  h.runtime.next({ parts: [part] });
  await runAgentTurn(
    {
      kind: 'agent-turn',
      eventId: `Ev${threads}`,
      channel: CHANNEL,
      threadTs,
      messageTs: threadTs,
      user: 'U0ALICE',
      text: 'do it',
      start: true,
    },
    h.deps,
  );
  const [pending] = await h.agents.confirmations.pending(CHANNEL, threadTs);
  if (!pending) throw new Error('no pending confirmation');
  return { threadTs, id: pending.id, invocationId: `inv-${threads}`, cardTs: pending.cardTs };
}

const click = (
  h: Harness,
  threadTs: string,
  id: string,
  user: string,
  decision: 'confirmed' | 'denied' = 'confirmed',
) =>
  decideConfirmation(
    { agents: h.agents, slack: h.slack, logger },
    { channel: CHANNEL, threadTs, confirmationId: id, user, decision },
  );

describe('a confirmation', () => {
  it('refuses, and audits, a click by someone other than the person who asked', async () => {
    const h = createHarness(table);
    const { threadTs, id } = await pendingThread(h);

    const reply = await click(h, threadTs, id, 'U0MALLORY');

    expect(reply).toEqual({
      kind: 'whisper',
      text: 'Only <@U0ALICE>, who asked, can confirm or deny this change.',
    });
    expect((await h.agents.confirmations.get({ channel: CHANNEL, threadTs, id }))?.status).toBe('pending');
    const [audit] = await h.agents.audit.latest(1);
    expect(audit).toMatchObject({
      action: 'agent.action.confirm',
      actor: 'U0MALLORY',
      outcome: 'denied',
      detail: 'not the person who asked',
      parameters: {
        requester: 'U0ALICE',
        actions: [{ operation: 'createReturn', parameters: { orderId: '1042' } }],
      },
    });
  });

  it('acts once when the requester double-clicks Confirm', async () => {
    const h = createHarness(table);
    const { threadTs, id, cardTs } = await pendingThread(h);

    const replies = await Promise.all([click(h, threadTs, id, 'U0ALICE'), click(h, threadTs, id, 'U0ALICE')]);

    expect(replies.filter((r) => r.kind === 'enqueue')).toHaveLength(1);
    expect(replies.find((r) => r.kind === 'whisper')).toEqual({
      kind: 'whisper',
      text: 'This was already confirmed by <@U0ALICE>; nothing more will happen.',
    });
    const card = h.slack.updates.find((u) => u.ts === cardTs);
    expect(FakeSlack.textOf(card?.message ?? { text: '', blocks: [] })).toContain(
      'Confirmed by <@U0ALICE>. Working on it',
    );
    expect(FakeSlack.textOf(card?.message ?? { text: '', blocks: [] })).not.toContain('strata_agent_confirm');
  });

  it('sends CONFIRM back to the agent with the same invocation id and streams the result', async () => {
    const h = createHarness(table);
    const { threadTs, id, invocationId, cardTs } = await pendingThread(h);
    const reply = await click(h, threadTs, id, 'U0ALICE');
    if (reply.kind !== 'enqueue') throw new Error('not enqueued');
    h.runtime.next({ parts: [{ type: 'text', text: 'Done: return R-1042-HP-200 is created.' }] });

    await runAgentDecision(reply.job, h.deps);

    expect(h.runtime.requests.at(-1)).toMatchObject({
      sessionId: `${CHANNEL}-${threadTs}-1`,
      returnControl: {
        invocationId,
        results: [
          {
            kind: 'function',
            actionGroup: 'OrderManagement',
            function: 'createReturn',
            confirmation: 'CONFIRM',
          },
        ],
      },
    });
    expect(h.replies.at(-1)).toMatchObject({ text: 'Done: return R-1042-HP-200 is created.', state: 'done' });
    const finalCard = h.slack.updates.filter((u) => u.ts === cardTs).at(-1);
    expect(FakeSlack.textOf(finalCard?.message ?? { text: '', blocks: [] })).toContain(
      'Confirmed by <@U0ALICE>.',
    );
    expect(FakeSlack.textOf(finalCard?.message ?? { text: '', blocks: [] })).not.toContain('Working on it');
    expect(await h.agents.confirmations.get({ channel: CHANNEL, threadTs, id })).toMatchObject({
      status: 'confirmed',
      outcome: 'applied',
    });
  });

  it('sends DENY when the requester denies', async () => {
    const h = createHarness(table);
    const { threadTs, id } = await pendingThread(h);
    const reply = await click(h, threadTs, id, 'U0ALICE', 'denied');
    if (reply.kind !== 'enqueue') throw new Error('not enqueued');
    h.runtime.next({ parts: [{ type: 'text', text: 'Okay, nothing was changed.' }] });

    await runAgentDecision(reply.job, h.deps);

    expect(h.runtime.requests.at(-1)?.returnControl?.results).toEqual([
      expect.objectContaining({ function: 'createReturn', confirmation: 'DENY' }),
    ]);
    expect(FakeSlack.textOf(h.slack.updates.at(-1)?.message ?? { text: '', blocks: [] })).toContain(
      'Denied by <@U0ALICE>. Nothing was changed.',
    );
  });

  it('expires after the session idle time: nothing is sent and the card says so', async () => {
    const h = createHarness(table);
    const { threadTs, id, cardTs } = await pendingThread(h);
    const asked = h.runtime.requests.length;
    h.clock.now += 11 * 60_000;

    const reply = await click(h, threadTs, id, 'U0ALICE');

    expect(reply).toEqual({
      kind: 'whisper',
      text: 'This request expired after 10 min, so nothing was changed. Ask the agent again to start over.',
    });
    expect(h.runtime.requests).toHaveLength(asked);
    const card = h.slack.updates.filter((u) => u.ts === cardTs).at(-1);
    expect(FakeSlack.textOf(card?.message ?? { text: '', blocks: [] })).toContain(
      'This request expired before anyone confirmed it',
    );
  });

  it('explains a decision Bedrock no longer accepts as an expired session and starts fresh next time', async () => {
    const h = createHarness(table);
    const { threadTs, id } = await pendingThread(h);
    const reply = await click(h, threadTs, id, 'U0ALICE');
    if (reply.kind !== 'enqueue') throw new Error('not enqueued');
    const invalid = new AgentRuntimeError(
      'invalid_request',
      'model_validation',
      'invocationId does not match',
      { retryable: false },
    );
    h.runtime.next({ parts: [], error: invalid });

    await runAgentDecision(reply.job, h.deps);

    expect(h.replies.at(-1)?.error?.userMessage).toBe(
      "The agent's session expired before your decision reached it, so nothing was changed. Ask again and the agent will start a fresh session.",
    );
    expect((await h.agents.sessions.get(CHANNEL, threadTs))?.generation).toBe(2);
  });

  it('runs a function delegated to Strata only after it is confirmed', async () => {
    const h = createHarness(table);
    h.agents.actions = new Map([
      ['HumanHandoff.escalateToHuman', createHandoffAction(() => 'abcd1234-ffff')],
    ]);
    const handoff: ReturnedInvocation = {
      kind: 'function',
      actionGroup: 'HumanHandoff',
      function: 'escalateToHuman',
      parameters: [{ name: 'summary', type: 'string', value: 'Customer wants a price match.' }],
      mode: 'confirm-and-run',
    };
    const { threadTs, id } = await pendingThread(h, handoff);
    expect(FakeSlack.textOf(h.slack.posts.at(-1)?.message ?? { text: '', blocks: [] })).toContain(
      'Hand this conversation to a person',
    );
    const reply = await click(h, threadTs, id, 'U0ALICE');
    if (reply.kind !== 'enqueue') throw new Error('not enqueued');
    h.runtime.next({ parts: [{ type: 'text', text: 'A person will take over.' }] });

    await runAgentDecision(reply.job, h.deps);

    expect(h.runtime.requests.at(-1)?.returnControl?.results).toEqual([
      {
        kind: 'function',
        actionGroup: 'HumanHandoff',
        function: 'escalateToHuman',
        confirmation: 'CONFIRM',
        body: JSON.stringify({
          status: 'escalated',
          ticket: 'ESC-ABCD1234',
          message: 'A person from the support team will follow up in this Slack thread.',
        }),
      },
    ]);
    const notes = h.slack.posts.map((p) => FakeSlack.textOf(p.message)).join('\n');
    expect(notes).toContain('Handoff ESC-ABCD1234');
    expect(notes).toContain('Customer wants a price match.');
  });
});
