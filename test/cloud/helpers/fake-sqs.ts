import { createHash, randomUUID } from 'node:crypto';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { AwsJsonError, type AwsJsonServer, startAwsJsonServer } from './aws-json-server.js';

export interface SentMessage {
  messageId: string;
  body: string;
  attributes: Record<string, { DataType: string; StringValue?: string }>;
}

export interface FakeSqs extends AwsJsonServer {
  queueUrl: string;
  sent: SentMessage[];
  /** The next `count` SendMessage calls fail the way SQS does when it is overloaded. */
  failNext(count?: number): void;
  /** Takes every waiting message as the Lambda event source mapping would deliver them. */
  drain(): SQSEvent;
}

/** SQS over its JSON protocol (AmazonSQS.SendMessage), with the MD5 the SDK checks. */
export async function startFakeSqs(region = 'us-east-1'): Promise<FakeSqs> {
  const sent: SentMessage[] = [];
  let waiting: SentMessage[] = [];
  let failures = 0;
  const server = await startAwsJsonServer({
    SendMessage(input) {
      if (failures > 0) {
        failures -= 1;
        throw new AwsJsonError('com.amazonaws.sqs#RequestThrottled', 'Request is throttled.', 400);
      }
      const body = String(input.MessageBody);
      const message: SentMessage = {
        messageId: randomUUID(),
        body,
        attributes: (input.MessageAttributes ?? {}) as SentMessage['attributes'],
      };
      sent.push(message);
      waiting.push(message);
      return { MessageId: message.messageId, MD5OfMessageBody: md5(body) };
    },
  });
  const queueUrl = `${server.endpoint}/123456789012/strata-jobs`;
  return {
    ...server,
    queueUrl,
    sent,
    failNext(count = 1) {
      failures = count;
    },
    drain() {
      const batch = waiting;
      waiting = [];
      return { Records: batch.map((m) => toRecord(m, region)) };
    },
  };
}

export function toRecord(message: SentMessage, region = 'us-east-1', receiveCount = 1): SQSRecord {
  return {
    messageId: message.messageId,
    receiptHandle: `handle-${message.messageId}`,
    body: message.body,
    attributes: {
      ApproximateReceiveCount: String(receiveCount),
      SentTimestamp: String(Date.now()),
      SenderId: 'AIDAEXAMPLE',
      ApproximateFirstReceiveTimestamp: String(Date.now()),
    },
    messageAttributes: Object.fromEntries(
      Object.entries(message.attributes).map(([name, a]) => [
        name,
        { dataType: a.DataType, stringValue: a.StringValue, stringListValues: [], binaryListValues: [] },
      ]),
    ),
    md5OfBody: md5(message.body),
    eventSource: 'aws:sqs',
    eventSourceARN: `arn:aws:sqs:${region}:123456789012:strata-jobs`,
    awsRegion: region,
  };
}

function md5(text: string): string {
  return createHash('md5').update(text).digest('hex');
}
