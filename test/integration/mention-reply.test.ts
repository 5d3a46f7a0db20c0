import { DynamoDBClient, GetItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestStrata, type TestStrata } from '../helpers/local-strata.js';

const BOT = 'U0STRATA';
const GENERAL = 'C0GENERAL';

let local: TestStrata;

beforeAll(async () => {
  local = await startTestStrata();
});
afterAll(async () => {
  await local?.close();
});

const isFinal = (text: string) => text !== '_Thinking…_' && !text.endsWith('▍');

/** Waits until Strata's last reply in the thread is final, then returns the whole thread. */
async function finishedThread(channel: string, ts: string, replies = 1) {
  return eventually(async () => {
    const messages = await local.thread(channel, ts);
    const bot = messages.filter((m) => m.bot_id !== undefined);
    return bot.length >= replies && bot.every((m) => isFinal(m.text)) ? messages : undefined;
  });
}

function mentionEnvelope(eventId: string, ts: string, text: string) {
  return {
    token: 'legacy',
    team_id: 'T0LOCAL',
    api_app_id: 'A0STRATA',
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: 'T0LOCAL', user_id: BOT, is_bot: true, is_enterprise_install: false }],
    event: { type: 'app_mention', user: 'U0ALICE', text, ts, channel: GENERAL, event_ts: ts },
  };
}

describe('a mention in a channel', () => {
  it('streams a Bedrock reply into the thread of the mention, ending in a final state', async () => {
    const { ts } = await local.slack.postAsUser({
      user: 'U0ALICE',
      channel: GENERAL,
      text: `<@${BOT}> what is Amazon Bedrock?`,
    });

    const thread = await finishedThread(GENERAL, ts);
    const [question, reply] = thread;
    expect(question?.text).toBe(`<@${BOT}> what is Amazon Bedrock?`);
    expect(reply?.bot_id).toBeDefined();
    expect(reply?.text).toMatch(/local/i);
    expect(reply?.text).toMatch(/Bedrock/);
    expect(thread).toHaveLength(2);

    const request = local.bedrock.requests.at(-1);
    expect(request?.path).toMatch(/\/converse-stream$/);
    expect(request?.body).toMatchObject({
      messages: [{ role: 'user', content: [{ text: 'what is Amazon Bedrock?' }] }],
      system: [{ text: expect.stringContaining('Strata') }],
    });
  });

  it('stores the event receipt with a TTL and both turns of the thread in DynamoDB', async () => {
    const { ts, deliveries } = await local.slack.postAsUser({
      user: 'U0BOB',
      channel: GENERAL,
      text: `<@${BOT}> how do I fine-tune a model?`,
    });
    await finishedThread(GENERAL, ts);
    const dynamo = new DynamoDBClient({});
    const mention = deliveries.find((d) => d.status === 200);
    const receipt = await dynamo.send(
      new GetItemCommand({
        TableName: 'strata',
        Key: { pk: { S: `EVENT#${mention?.event_id}` }, sk: { S: 'RECEIPT' } },
      }),
    );
    expect(Number(receipt.Item?.expiresAt?.N)).toBeGreaterThan(Date.now() / 1000);

    const turns = await eventually(async () => {
      const result = await dynamo.send(
        new QueryCommand({
          TableName: 'strata',
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': { S: `THREAD#${GENERAL}#${ts}` } },
        }),
      );
      return result.Items?.length === 2 ? result.Items : undefined;
    });
    expect(turns.map((t) => [t.role?.S, t.text?.S?.slice(0, 30)])).toEqual([
      ['user', 'how do I fine-tune a model?'],
      ['assistant', expect.any(String)],
    ]);
  });

  it('replies exactly once when Slack delivers the same event three times', async () => {
    const { ts } = await local.slack.postAsUser({
      user: 'U0ALICE',
      channel: GENERAL,
      text: 'a question follows',
    });
    const envelope = mentionEnvelope('Ev0RETRIED01', ts, `<@${BOT}> tell me about agents`);
    const deliveries = await Promise.all([
      local.slack.deliver(envelope),
      local.slack.deliver(envelope, { retryNum: 1, retryReason: 'http_timeout' }),
      local.slack.deliver(envelope, { retryNum: 2, retryReason: 'http_timeout' }),
    ]);
    expect(deliveries.map((d) => d.status)).toEqual([200, 200, 200]);

    await finishedThread(GENERAL, ts);
    await local.strata.queue.onIdle();
    const thread = await local.thread(GENERAL, ts);
    expect(thread.filter((m) => m.bot_id !== undefined)).toHaveLength(1);
    expect(
      local.bedrock.requests.filter((r) => JSON.stringify(r.body).includes('tell me about agents')),
    ).toHaveLength(1);
  });

  it('ends with a visible error, not a stuck placeholder, when the model fails mid-stream', async () => {
    local.bedrock.script({
      chunks: ['Bedrock offers ', 'several model families'],
      streamError: { afterChunks: 2, type: 'modelStreamErrorException', message: 'model crashed' },
    });
    const { ts } = await local.slack.postAsUser({
      user: 'U0ALICE',
      channel: GENERAL,
      text: `<@${BOT}> list models`,
    });

    const [, reply] = await finishedThread(GENERAL, ts);
    expect(reply?.text).toContain('Bedrock offers several model families');
    expect(reply?.text).toContain(':warning: The model failed while answering.');
    expect(reply?.text).not.toContain('model crashed');
  });

  it('sends the earlier turns of the thread to the model as conversation history', async () => {
    local.bedrock.script({ chunks: ['Temperature controls randomness.'] });
    const { ts } = await local.slack.postAsUser({
      user: 'U0ALICE',
      channel: GENERAL,
      text: `<@${BOT}> what is temperature?`,
    });
    await finishedThread(GENERAL, ts);

    await local.slack.postAsUser({
      user: 'U0ALICE',
      channel: GENERAL,
      thread_ts: ts,
      text: `<@${BOT}> and top_k?`,
    });
    await finishedThread(GENERAL, ts, 2);

    expect(local.bedrock.requests.at(-1)?.body).toMatchObject({
      messages: [
        { role: 'user', content: [{ text: 'what is temperature?' }] },
        { role: 'assistant', content: [{ text: 'Temperature controls randomness.' }] },
        { role: 'user', content: [{ text: 'and top_k?' }] },
      ],
    });
  });

  it('reads the history from Slack when it is mentioned in a thread people started', async () => {
    const { ts } = await local.slack.postAsUser({
      user: 'U0ALICE',
      channel: GENERAL,
      text: 'Launch is on Friday.',
    });
    await local.slack.postAsUser({
      user: 'U0BOB',
      channel: GENERAL,
      thread_ts: ts,
      text: 'Friday works for me.',
    });
    await local.slack.postAsUser({
      user: 'U0ALICE',
      channel: GENERAL,
      thread_ts: ts,
      text: `<@${BOT}> summarise this`,
    });
    await finishedThread(GENERAL, ts);

    expect(local.bedrock.requests.at(-1)?.body).toMatchObject({
      messages: [
        {
          role: 'user',
          content: [{ text: 'Launch is on Friday.\n\nFriday works for me.\n\nsummarise this' }],
        },
      ],
    });
  });
});

describe('a direct message to Strata', () => {
  it('gets a streamed reply in the thread of the message', async () => {
    local.bedrock.script({ chunks: ['Hello ', 'from Bedrock.'] });
    const { ts } = await local.slack.postAsUser({ user: 'U0ALICE', channel: 'D0ALICE', text: 'hello there' });
    const [, reply] = await finishedThread('D0ALICE', ts);
    expect(reply?.text).toBe('Hello from Bedrock.');
    const status = local.slack.calls.find((c) => c.method === 'assistant.threads.setStatus');
    expect(status?.params).toMatchObject({ channel_id: 'D0ALICE', thread_ts: ts, status: 'is thinking…' });
  });

  it('offers suggested prompts when a person opens a new assistant conversation', async () => {
    const delivery = await local.slack.deliver({
      type: 'event_callback',
      team_id: 'T0LOCAL',
      api_app_id: 'A0STRATA',
      event_id: 'Ev0ASSIST001',
      event_time: Math.floor(Date.now() / 1000),
      event: {
        type: 'assistant_thread_started',
        assistant_thread: {
          user_id: 'U0BOB',
          channel_id: 'D0BOB',
          thread_ts: '1764090000.000100',
          context: {},
        },
        event_ts: '1764090000.000200',
      },
    });
    expect(delivery.status).toBe(200);
    const prompts = await eventually(async () =>
      local.slack.calls.find((c) => c.method === 'assistant.threads.setSuggestedPrompts'),
    );
    expect(prompts.params).toMatchObject({ channel_id: 'D0BOB', thread_ts: '1764090000.000100' });
    expect(prompts.params.prompts).toEqual(
      expect.arrayContaining([expect.objectContaining({ title: 'What is Amazon Bedrock?' })]),
    );
  });
});
