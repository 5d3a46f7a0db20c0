import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RECEIPT_UNAVAILABLE_TEXT } from '../../src/handlers/middleware/dedupe.js';
import { eventually, startTestStrata, type TestStrata } from '../helpers/local-strata.js';

const CHANNEL = 'C0GENERAL';
/** The dedupe write: a conditional put on the event's receipt, EVENT#<event_id>. */
const RECEIPT_PUT = { operation: 'PutItem', matching: 'EVENT#' } as const;
/** The job journal's writes, in the JOBS partition. */
const JOURNAL = '{"S":"JOBS"}';

let local: TestStrata;
const crashes: unknown[] = [];
const onCrash = (error: unknown) => crashes.push(error);

beforeAll(async () => {
  process.on('unhandledRejection', onCrash);
  process.on('uncaughtException', onCrash);
  local = await startTestStrata();
});
afterEach(() => {
  local.dynamo.faults.clear();
  expect(crashes).toEqual([]);
});
afterAll(async () => {
  process.off('unhandledRejection', onCrash);
  process.off('uncaughtException', onCrash);
  await local?.close();
});

/** A person mentions Strata; the emulator delivers the signed app_mention once. */
async function mention(text: string) {
  const { ts, deliveries } = await local.slack.postAsUser({
    user: 'U0ALICE',
    channel: CHANNEL,
    text: `<@U0STRATA> ${text}`,
  });
  const [delivery] = deliveries;
  if (!delivery) throw new Error('no event delivered');
  expect(delivery.status).toBe(200);
  return { ts, eventId: delivery.event_id, text };
}

/** Slack redelivering the same event (same event_id), with X-Slack-Retry-Num. */
async function redeliver(sent: { ts: string; eventId: string; text: string }, retryNum: number) {
  const delivery = await local.slack.deliver(
    {
      type: 'event_callback',
      team_id: 'T0LOCAL',
      api_app_id: 'A0STRATA',
      event_id: sent.eventId,
      event_time: Math.floor(Date.now() / 1000),
      event: {
        type: 'app_mention',
        user: 'U0ALICE',
        text: `<@U0STRATA> ${sent.text}`,
        ts: sent.ts,
        channel: CHANNEL,
      },
    },
    { retryNum, retryReason: 'http_timeout' },
  );
  expect(delivery.status).toBe(200);
}

const replies = async (ts: string) =>
  (await local.thread(CHANNEL, ts)).filter((m) => m.bot_id !== undefined && m.ts !== ts);
const modelCalls = (text: string) =>
  local.bedrock.requests.filter((r) => JSON.stringify(r.body).includes(text)).length;
const notices = () =>
  local.slack.ephemerals('U0ALICE', CHANNEL).filter((e) => e.text === RECEIPT_UNAVAILABLE_TEXT);
const logged = (message: string) => local.logs.filter((line) => line.includes(message));

async function answeredOnce(sent: { ts: string; text: string }, answer: string) {
  const reply = await eventually(async () => (await replies(sent.ts)).find((m) => m.text === answer));
  await local.strata.queue.onIdle();
  expect(await replies(sent.ts)).toEqual([reply]);
  expect(modelCalls(sent.text)).toBe(1);
}

describe('DynamoDB unavailable for the dedupe write', () => {
  it('drops the event with a logged error and a notice; after recovery the redelivery is answered once', async () => {
    local.dynamo.faults.inject({ ...RECEIPT_PUT, fault: 'throttle' });
    const noticesBefore = notices().length;
    const errorsBefore = logged('event receipt could not be written').length;

    const sent = await mention('throttled question');
    await eventually(async () => notices().length > noticesBefore);
    expect(logged('event receipt could not be written').length).toBeGreaterThan(errorsBefore);
    // The SDK retried the throttled put before Strata gave up on it.
    expect(local.dynamo.faults.injected.filter((f) => f.fault === 'throttle').length).toBeGreaterThan(1);
    await redeliver(sent, 1);
    await eventually(async () => notices().length > noticesBefore + 1);
    await local.strata.queue.onIdle();
    expect(await replies(sent.ts)).toEqual([]);
    expect(modelCalls('throttled question')).toBe(0);
    // One notice per delivery of the mention; the channel's plain message event is dropped silently.
    expect(notices().length).toBe(noticesBefore + 2);

    local.dynamo.faults.clear();
    local.bedrock.script({ chunks: ['Answered after the store came back.'] });
    await redeliver(sent, 2);
    await answeredOnce(sent, 'Answered after the store came back.');
    await redeliver(sent, 3);
    await answeredOnce(sent, 'Answered after the store came back.');

    local.bedrock.script({ chunks: ['New questions work again.'] });
    await answeredOnce(await mention('a new question'), 'New questions work again.');
  });

  it('answers once when the receipt was written but its answer was lost', async () => {
    local.dynamo.faults.inject({ ...RECEIPT_PUT, fault: 'lost-response', times: 1 });
    local.bedrock.script({ chunks: ['Answered despite the lost write answer.'] });

    const sent = await mention('lost answer question');
    await answeredOnce(sent, 'Answered despite the lost write answer.');
    expect(local.dynamo.faults.injected.at(-1)).toEqual({ operation: 'PutItem', fault: 'lost-response' });
    await redeliver(sent, 1);
    await answeredOnce(sent, 'Answered despite the lost write answer.');
  });

  it('rides out a 500 and a dropped connection with the SDK retries: one reply', async () => {
    local.dynamo.faults.inject({ ...RECEIPT_PUT, fault: 'server-error', times: 1 });
    local.dynamo.faults.inject({ ...RECEIPT_PUT, fault: 'connection-reset', times: 1 });
    local.bedrock.script({ chunks: ['Answered after two retries.'] });
    const errorsBefore = logged('event receipt could not be written').length;

    await answeredOnce(await mention('flaky store question'), 'Answered after two retries.');
    expect(local.dynamo.faults.injected.slice(-2).map((f) => f.fault)).toEqual([
      'server-error',
      'connection-reset',
    ]);
    expect(logged('event receipt could not be written').length).toBe(errorsBefore);
  });
});

describe('DynamoDB unavailable for the job journal', () => {
  it('runs the job unjournaled with a logged error when the journal cannot be written', async () => {
    local.dynamo.faults.inject({ operation: 'PutItem', matching: JOURNAL, fault: 'throttle' });
    local.dynamo.faults.inject({ operation: 'DeleteItem', matching: JOURNAL, fault: 'server-error' });
    local.bedrock.script({ chunks: ['Answered without a journal.'] });

    await answeredOnce(await mention('journal down question'), 'Answered without a journal.');
    expect(logged('job journal: record failed').length).toBeGreaterThan(0);
    expect(logged('job journal: remove failed').length).toBeGreaterThan(0);
  });
});
