import { Entity, item, number, string } from 'dynamodb-toolbox';
import type { StrataTable } from './table.js';

export const TURN_PREFIX = 'TURN#';

export function threadPartition(channel: string, threadTs: string): string {
  return `THREAD#${channel}#${threadTs}`;
}

/** One item per Slack event id; a conditional put on it deduplicates Slack's retries. */
export function createEventReceiptEntity(table: StrataTable) {
  const schema = item({
    eventId: string().key(),
    receivedAt: string(),
    expiresAt: number(),
    /** Which claim wrote the receipt, so a retried write can recognise its own earlier success. */
    claimId: string().optional(),
  }).and((prev) => ({
    pk: string()
      .key()
      .hidden()
      .link<typeof prev>(({ eventId }) => `EVENT#${eventId}`),
    sk: string().key().hidden().const('RECEIPT'),
  }));
  return new Entity({ name: 'EventReceipt', table, schema, timestamps: false });
}

/** One item per message in a Slack thread; the sort key orders turns by Slack ts. */
export function createThreadTurnEntity(table: StrataTable) {
  const schema = item({
    channel: string().key(),
    threadTs: string().key(),
    ts: string().key(),
    role: string().enum('user', 'assistant'),
    text: string(),
    user: string().optional(),
    model: string().optional(),
    expiresAt: number().optional(),
  }).and((prev) => ({
    pk: string()
      .key()
      .hidden()
      .link<typeof prev>(({ channel, threadTs }) => threadPartition(channel, threadTs)),
    sk: string()
      .key()
      .hidden()
      .link<typeof prev>(({ ts }) => `${TURN_PREFIX}${ts}`),
  }));
  return new Entity({ name: 'ThreadTurn', table, schema, timestamps: false });
}

export type EventReceiptEntity = ReturnType<typeof createEventReceiptEntity>;
export type ThreadTurnEntity = ReturnType<typeof createThreadTurnEntity>;
