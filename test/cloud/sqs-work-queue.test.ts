import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqsClient, createSqsWorkQueue, MAX_JOB_BYTES } from '../../src/cloud/sqs-work-queue.js';
import { StrataError } from '../../src/errors.js';
import { createLogger } from '../../src/log.js';
import { type FakeSqs, startFakeSqs } from './helpers/fake-sqs.js';

interface TestJob {
  kind: string;
  text: string;
}

let sqs: FakeSqs;

beforeAll(async () => {
  sqs = await startFakeSqs();
  process.env.AWS_ENDPOINT_URL_SQS = sqs.endpoint;
  process.env.AWS_REGION = 'us-east-1';
  process.env.AWS_ACCESS_KEY_ID = 'test-access-key';
  process.env.AWS_SECRET_ACCESS_KEY = 'test-secret-key';
});
afterAll(async () => {
  await sqs?.close();
});

function queue() {
  return createSqsWorkQueue<TestJob>({
    client: createSqsClient({ region: 'us-east-1' }),
    queueUrl: sqs.queueUrl,
    logger: createLogger({ level: 'silent' }),
  });
}

describe('the SQS work queue', () => {
  it('sends each job as one JSON message to the queue, tagged with its kind', async () => {
    const before = sqs.sent.length;
    await queue().enqueue({ kind: 'chat', text: 'héllo — what is Bedrock?' });

    const [message] = sqs.sent.slice(before);
    expect(JSON.parse(message?.body ?? '')).toEqual({ kind: 'chat', text: 'héllo — what is Bedrock?' });
    expect(message?.attributes.kind).toEqual({ DataType: 'String', StringValue: 'chat' });
    expect(sqs.calls.at(-1)?.input.QueueUrl).toBe(sqs.queueUrl);
  });

  it('refuses a job over the SQS size limit with a message the user can act on, sending nothing', async () => {
    const before = sqs.sent.length;
    const error = await queue()
      .enqueue({ kind: 'chat', text: 'x'.repeat(MAX_JOB_BYTES) })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(StrataError);
    expect((error as StrataError).userMessage).toMatch(/too large.*shorten/i);
    expect(sqs.sent.length).toBe(before);
  });

  it('turns a failed send into a retryable error that tells the user to try again', async () => {
    sqs.failNext(5);
    const error = await queue()
      .enqueue({ kind: 'chat', text: 'hi' })
      .catch((e: unknown) => e);
    sqs.failNext(0);

    expect(error).toBeInstanceOf(StrataError);
    expect((error as StrataError).retryable).toBe(true);
    expect((error as StrataError).userMessage).toMatch(/could not queue.*try again/i);
  });

  it('waits for sends in flight when idle is awaited, and takes no jobs once closed', async () => {
    const q = queue();
    const before = sqs.sent.length;
    const sending = q.enqueue({ kind: 'chat', text: 'one' });
    await q.close();
    await sending;
    expect(sqs.sent.length).toBe(before + 1);
    await expect(q.enqueue({ kind: 'chat', text: 'two' })).rejects.toThrow(/closed/);
  });
});
