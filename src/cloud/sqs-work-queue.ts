import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { StrataError } from '../errors.js';
import type { Logger } from '../log.js';
import type { WorkQueue } from '../work-queue.js';

/** SQS's classic message size limit; the stack sets the queue's maximum to the same value. */
export const MAX_JOB_BYTES = 262_144;

/** The endpoint comes from the SDK's own AWS_ENDPOINT_URL_SQS when set. */
export function createSqsClient(options: { region: string }): SQSClient {
  return new SQSClient({ region: options.region });
}

export interface SqsWorkQueueOptions {
  client: SQSClient;
  queueUrl: string;
  logger: Logger;
}

/**
 * The ingress half of the ack/work split in Lambda: a job becomes one SQS message (JSON) and the worker
 * function runs it. Nothing runs here, so `onIdle` only waits for sends still in flight.
 */
export function createSqsWorkQueue<J extends { kind: string }>(options: SqsWorkQueueOptions): WorkQueue<J> {
  const { client, queueUrl, logger } = options;
  const inFlight = new Set<Promise<unknown>>();
  let closed = false;

  const send = async (job: J) => {
    const body = JSON.stringify(job);
    const bytes = Buffer.byteLength(body);
    if (bytes > MAX_JOB_BYTES) {
      throw new StrataError(
        'bad_input',
        `job ${job.kind} is ${bytes} bytes, over the ${MAX_JOB_BYTES} limit`,
        {
          userMessage: 'That request is too large for Strata to queue. Please shorten it and try again.',
        },
      );
    }
    try {
      const output = await client.send(
        new SendMessageCommand({
          QueueUrl: queueUrl,
          MessageBody: body,
          MessageAttributes: { kind: { DataType: 'String', StringValue: job.kind } },
        }),
      );
      logger.debug({ kind: job.kind, message_id: output.MessageId }, 'job enqueued');
    } catch (error) {
      throw new StrataError('internal', `could not enqueue job ${job.kind}`, {
        userMessage: 'Strata could not queue your request. Please try again in a moment.',
        retryable: true,
        cause: error,
      });
    }
  };

  return {
    async enqueue(job) {
      if (closed) throw new Error('work queue is closed');
      const sending = send(job);
      inFlight.add(sending);
      try {
        await sending;
      } finally {
        inFlight.delete(sending);
      }
    },
    async onIdle() {
      await Promise.allSettled([...inFlight]);
    },
    async close() {
      closed = true;
      await this.onIdle();
    },
  };
}
