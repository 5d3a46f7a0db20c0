import { DynamoDBClient, GetItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestStrata, type TestStrata } from '../helpers/local-strata.js';

const GENERAL = 'C0GENERAL';
const ORDERS_TABLE = 'strata-orders';

let local: TestStrata;
let dynamo: DynamoDBClient;

beforeAll(async () => {
  local = await startTestStrata({ STRATA_ADMIN_USERS: 'U0ADMIN' });
  dynamo = new DynamoDBClient({});
});
afterAll(async () => {
  dynamo?.destroy();
  await local?.close();
});

interface Shown {
  ts: string;
  text: string;
  blocks: string;
  bot: boolean;
}

/** The thread as people see it: each message's text and (stringified) blocks. */
async function thread(ts: string, channel = GENERAL): Promise<Shown[]> {
  const page = await local.strata.app.client.conversations.replies({ channel, ts });
  return (page.messages ?? []).map((m) => ({
    ts: m.ts ?? '',
    text: m.text ?? '',
    blocks: JSON.stringify(m.blocks ?? []),
    bot: m.bot_id !== undefined,
  }));
}

const finished = (m: Shown) => !m.text.includes('Thinking…') && !m.text.endsWith('▍');

/** A turn has settled when the thread ends with its controls, its confirmation card, or a note. */
const settled = (messages: Shown[]) => {
  const last = messages.at(-1);
  return (
    last?.bot === true && (last.blocks.includes('strata_agent_') || last.text.includes('Agent session ended'))
  );
};

/** Waits until a bot message in the thread matches `pattern` and the turn has settled. */
function waitFor(ts: string, pattern: RegExp, channel = GENERAL): Promise<Shown[]> {
  return eventually(async () => {
    const messages = await thread(ts, channel);
    const hit = messages.some((m) => m.bot && (pattern.test(m.text) || pattern.test(m.blocks)));
    return hit && messages.every(finished) && settled(messages) ? messages : undefined;
  });
}

/** `/agent <text>` as `user`; resolves to the ts of the thread Strata opened for it. */
async function startSession(user: string, text: string, channel = GENERAL): Promise<string> {
  const before = new Set(
    (await local.strata.app.client.conversations.history({ channel })).messages?.map((m) => m.ts),
  );
  const result = await local.slack.runCommand({ user, channel, command: '/agent', text });
  expect(result.status).toBe(200);
  return eventually(async () => {
    const history = await local.strata.app.client.conversations.history({ channel });
    return history.messages?.find((m) => !before.has(m.ts) && m.text?.includes('asked the agent'))?.ts;
  });
}

const buttonMessage = (messages: Shown[], actionId: string) =>
  messages.filter((m) => m.blocks.includes(`"${actionId}"`)).at(-1);

async function returnItems(orderId: string) {
  const { Items = [] } = await dynamo.send(
    new QueryCommand({
      TableName: ORDERS_TABLE,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sk)',
      ExpressionAttributeValues: { ':pk': { S: `ORDER#${orderId}` }, ':sk': { S: 'RETURN#' } },
      ConsistentRead: true,
    }),
  );
  return Items;
}

async function orderStatus(orderId: string) {
  const { Item } = await dynamo.send(
    new GetItemCommand({
      TableName: ORDERS_TABLE,
      Key: { pk: { S: `ORDER#${orderId}` }, sk: { S: 'ORDER' } },
      ConsistentRead: true,
    }),
  );
  return Item?.status?.S;
}

describe('an agent session in a thread', () => {
  it('answers a read-only question in a new thread, and Show steps reveals the action it called', async () => {
    const ts = await startSession('U0ALICE', 'where is order 1042?');

    const messages = await waitFor(ts, /Order 1042 was delivered on/);
    expect(messages[0]?.text).toContain('<@U0ALICE> asked the agent');
    const answer = messages.find((m) => m.text.includes('Order 1042 was delivered'));
    expect(answer?.text).toMatch(/with UPS \(tracking 1Z999AA10123456784\)/);
    expect(answer?.text).toContain('Local stand-in agent');
    const controls = buttonMessage(messages, 'strata_agent_steps');
    expect(controls?.blocks).toContain('End session');

    await local.slack.clickButton({
      user: 'U0BOB',
      channel: GENERAL,
      messageTs: controls?.ts ?? '',
      actionId: 'strata_agent_steps',
    });

    const steps = await eventually(async () =>
      local.slack.ephemerals('U0BOB', GENERAL).find((e) => e.text.includes('How the agent got there')),
    );
    expect(steps.text).toContain('Called `OrderManagement.getOrderStatus` with orderId=`1042`');
    expect(steps.text).toContain('Local rule-based planner');
    expect(
      local.slack.ephemerals('U0ALICE', GENERAL).some((e) => e.text.includes('How the agent got there')),
    ).toBe(false);
  });

  it('continues the session from a plain reply, asks to confirm a return, refuses Bob, and creates it once for Alice', async () => {
    const ts = await startSession('U0ALICE', 'where is order 1042?');
    await waitFor(ts, /Order 1042 was delivered on/);

    await local.slack.postAsUser({
      user: 'U0ALICE',
      channel: GENERAL,
      thread_ts: ts,
      text: 'I want to return the headphones from order 1042',
    });
    const asked = await waitFor(ts, /strata_agent_confirm/);
    const card = buttonMessage(asked, 'strata_agent_confirm');
    expect(card?.blocks).toContain('*Create a return*');
    expect(card?.blocks).toContain('• Item: headphones');
    expect(card?.blocks).toContain('Only <@U0ALICE>, who asked, can confirm or deny');
    const agentRequests = local.agentRuntime.requests.filter((r) =>
      r.sessionId.startsWith(`${GENERAL}-${ts}-`),
    );
    expect(new Set(agentRequests.map((r) => r.sessionId))).toEqual(new Set([`${GENERAL}-${ts}-1`]));
    expect(await returnItems('1042')).toHaveLength(0);

    await local.slack.clickButton({
      user: 'U0BOB',
      channel: GENERAL,
      messageTs: card?.ts ?? '',
      actionId: 'strata_agent_confirm',
    });
    const refusal = await eventually(async () =>
      local.slack.ephemerals('U0BOB', GENERAL).find((e) => e.text.includes('who asked, can confirm')),
    );
    expect(refusal.text).toBe('Only <@U0ALICE>, who asked, can confirm or deny this change.');
    expect(await returnItems('1042')).toHaveLength(0);

    const clicks = await Promise.all([
      local.slack.clickButton({
        user: 'U0ALICE',
        channel: GENERAL,
        messageTs: card?.ts ?? '',
        actionId: 'strata_agent_confirm',
      }),
      local.slack.clickButton({
        user: 'U0ALICE',
        channel: GENERAL,
        messageTs: card?.ts ?? '',
        actionId: 'strata_agent_confirm',
      }),
    ]);
    expect(clicks.map((c) => c.status)).toEqual([200, 200]);

    const done = await waitFor(ts, /Done: return R-1042-HP-200 is created/);
    await local.strata.queue.onIdle();
    expect(done.filter((m) => m.text.includes('Done: return R-1042-HP-200'))).toHaveLength(1);
    expect(buttonMessage(await thread(ts), 'strata_agent_confirm')).toBeUndefined();
    expect((await thread(ts)).find((m) => m.ts === card?.ts)?.blocks).toContain('Confirmed by <@U0ALICE>.');
    expect(local.slack.ephemerals('U0ALICE', GENERAL).some((e) => e.text.includes('already confirmed'))).toBe(
      true,
    );
    const stored = await returnItems('1042');
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ sku: { S: 'HP-200' }, requestedBy: { S: 'U0ALICE' } });
    expect(local.agentRuntime.calls.filter((c) => c.function === 'createReturn')).toHaveLength(1);
    const audit = await dynamo.send(
      new QueryCommand({
        TableName: 'strata',
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': { S: `AUDIT#${new Date().toISOString().slice(0, 7)}` } },
      }),
    );
    const confirmations = (audit.Items ?? []).filter((i) => i.action?.S === 'agent.action.confirm');
    expect(confirmations.map((i) => [i.actor?.S, i.outcome?.S])).toEqual(
      expect.arrayContaining([
        ['U0BOB', 'denied'],
        ['U0ALICE', 'ok'],
      ]),
    );
    expect(confirmations.filter((i) => i.actor?.S === 'U0ALICE' && i.outcome?.S === 'ok')).toHaveLength(1);
  });

  it('changes nothing when the requester denies', async () => {
    const ts = await startSession('U0BOB', 'please cancel order 1044');
    const asked = await waitFor(ts, /strata_agent_deny/);
    const card = buttonMessage(asked, 'strata_agent_deny');
    expect(card?.blocks).toContain('*Cancel the order*');

    await local.slack.clickButton({
      user: 'U0BOB',
      channel: GENERAL,
      messageTs: card?.ts ?? '',
      actionId: 'strata_agent_deny',
    });

    await waitFor(ts, /Okay, I did not do that. Nothing was changed./);
    expect(await orderStatus('1044')).toBe('processing');
    expect(local.agentRuntime.calls.some((c) => c.function === 'cancelOrder')).toBe(false);
  });

  it('keeps mentions in an agent thread away from chat', async () => {
    const ts = await startSession('U0ALICE', 'where is order 1043?');
    await waitFor(ts, /Order 1043 is on its way/);
    const chatRequests = local.bedrock.requests.length;

    await local.slack.postAsUser({
      user: 'U0ALICE',
      channel: GENERAL,
      thread_ts: ts,
      text: '<@U0STRATA> what is the return policy?',
    });

    await waitFor(ts, /Delivered items can be returned within 30 days/);
    await local.strata.queue.onIdle();
    expect(local.bedrock.requests.length).toBe(chatRequests);
    const answers = (await thread(ts)).filter((m) => m.text.includes('Delivered items can be returned'));
    expect(answers).toHaveLength(1);
  });

  it('shows throttling as a visible, retryable error, and Retry answers', async () => {
    const ts = await startSession('U0ALICE', 'where is order 1046?');
    await waitFor(ts, /Order 1046 was delivered/);
    // The SDK retries throttling itself (3 attempts); only a persistent throttle reaches the user.
    for (let i = 0; i < 3; i += 1) {
      local.agentRuntime.script({
        httpError: { status: 429, type: 'ThrottlingException', message: 'Rate exceeded' },
      });
    }

    await local.slack.postAsUser({
      user: 'U0ALICE',
      channel: GENERAL,
      thread_ts: ts,
      text: 'what is in order 1046?',
    });

    const failed = await waitFor(ts, /throttled/);
    expect(
      failed.some((m) =>
        m.text.includes(':warning: The agent is busy right now (Amazon Bedrock throttled the request).'),
      ),
    ).toBe(true);
    expect(failed.some((m) => m.text.includes('Rate exceeded'))).toBe(false);
    const retry = buttonMessage(failed, 'strata_agent_retry');

    await local.slack.clickButton({
      user: 'U0ALICE',
      channel: GENERAL,
      messageTs: retry?.ts ?? '',
      actionId: 'strata_agent_retry',
    });

    await waitFor(ts, /Burr Coffee Grinder \(CG-900\)/);
  });

  it('ends with /agent end: the thread says so, and later replies no longer reach the agent', async () => {
    const ts = await startSession('U0BOB', 'orders for bob@example.com');
    await waitFor(ts, /Bob Chen \(bob@example.com\) has 3 orders/);

    await local.slack.runCommand({ user: 'U0BOB', channel: GENERAL, command: '/agent', text: 'end' });

    await waitFor(ts, /Agent session ended by <@U0BOB>/);
    const requests = local.agentRuntime.requests.length;
    await local.slack.postAsUser({
      user: 'U0BOB',
      channel: GENERAL,
      thread_ts: ts,
      text: 'where is order 1045?',
    });
    await local.strata.queue.onIdle();
    expect(local.agentRuntime.requests.length).toBe(requests);
  });

  it('answers bad input and admin-only commands with a clear ephemeral message', async () => {
    await local.slack.runCommand({ user: 'U0ALICE', channel: GENERAL, command: '/agent', text: '' });
    await local.slack.runCommand({
      user: 'U0ALICE',
      channel: GENERAL,
      command: '/agent',
      text: 'use AB12CD34EF TSTALIASID mentions',
    });
    await local.slack.runCommand({ user: 'U0ALICE', channel: GENERAL, command: '/agent', text: 'status' });

    const seen = await eventually(async () => {
      const texts = local.slack.ephemerals('U0ALICE', GENERAL).map((e) => e.text);
      return texts.some((t) => t.includes('uses the default agent')) ? texts : undefined;
    });
    expect(seen.some((t) => t.includes('`/agent <request>`: start an agent session in a new thread'))).toBe(
      true,
    );
    expect(seen.some((t) => t.includes(':lock: Only Strata admins can choose the agent of a channel.'))).toBe(
      true,
    );
    expect(
      seen.some((t) => t.includes('This channel uses the default agent `LOCALSHOP1` (alias `TSTALIASID`)')),
    ).toBe(true);
  });

  it('in a channel whose admin routed mentions to the agent, a mention starts a session instead of chat', async () => {
    const LEADERS = 'G0LEADERS';
    await local.slack.runCommand({
      user: 'U0ADMIN',
      channel: LEADERS,
      command: '/agent',
      text: 'use LOCALSHOP1 TSTALIASID mentions',
    });
    await eventually(async () =>
      local.slack
        .ephemerals('U0ADMIN', LEADERS)
        .find((e) => e.text.includes('Mentions of Strata here start agent sessions')),
    );
    const chatRequests = local.bedrock.requests.length;

    const { ts } = await local.slack.postAsUser({
      user: 'U0ALICE',
      channel: LEADERS,
      text: '<@U0STRATA> where is order 1044?',
    });

    await waitFor(ts, /Order 1044 is being prepared and has not shipped yet/, LEADERS);
    await local.strata.queue.onIdle();
    expect(local.bedrock.requests.length).toBe(chatRequests);
    await local.slack.runCommand({
      user: 'U0ADMIN',
      channel: LEADERS,
      command: '/agent',
      text: 'use default',
    });
    await eventually(async () =>
      local.slack.ephemerals('U0ADMIN', LEADERS).find((e) => e.text.includes('back on the default agent')),
    );
  });

  it('works in a DM: replies in the DM thread continue the session and chat stays out of it', async () => {
    const DM = 'D0ALICE';
    const ts = await startSession('U0ALICE', 'where is order 1043?', DM);
    await waitFor(ts, /Order 1043 is on its way/, DM);
    const chatRequests = local.bedrock.requests.length;

    await local.slack.postAsUser({
      user: 'U0ALICE',
      channel: DM,
      thread_ts: ts,
      text: 'and what is in order 1042?',
    });

    await waitFor(ts, /Order 1042 is delivered \(placed/, DM);
    await local.strata.queue.onIdle();
    expect(local.bedrock.requests.length).toBe(chatRequests);
    expect(
      (await thread(ts, DM)).filter((m) => m.bot && m.text.includes('Order 1042 is delivered')),
    ).toHaveLength(1);
  });
});
