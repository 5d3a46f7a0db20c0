import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { TestStrata } from '../helpers/local-strata.js';

export type StoredItem = Record<string, unknown>;

/** Records that say a request arrived (dedupe receipts, the job journal), not that anything changed. */
const BOOKKEEPING = new Set(['EventReceipt', 'PendingJob']);

/** Every item of a local DynamoDB table (dynalite, found through AWS_ENDPOINT_URL_DYNAMODB). */
export async function scanTable(tableName = 'strata'): Promise<StoredItem[]> {
  const client = DynamoDBDocumentClient.from(new DynamoDBClient({}));
  const items: StoredItem[] = [];
  let start: Record<string, unknown> | undefined;
  try {
    for (let page = 0; page < 100; page++) {
      const result = await client.send(
        new ScanCommand({ TableName: tableName, ConsistentRead: true, ExclusiveStartKey: start }),
      );
      items.push(...((result.Items ?? []) as StoredItem[]));
      start = result.LastEvaluatedKey;
      if (start === undefined) return items;
    }
    throw new Error(`${tableName} has more than 100 pages of items`);
  } finally {
    client.destroy();
  }
}

const keyOf = (item: StoredItem) => `${String(item.pk)}\u0000${String(item.sk)}`;

/**
 * What a request wrote between two scans, apart from bookkeeping: `audit` holds new audit records,
 * `changed` every other item that is new or different.
 */
export function writesBetween(before: readonly StoredItem[], after: readonly StoredItem[]) {
  const earlier = new Map(before.map((item) => [keyOf(item), JSON.stringify(item)]));
  const written = after.filter((item) => earlier.get(keyOf(item)) !== JSON.stringify(item));
  return {
    audit: written.filter((item) => item._et === 'AuditEntry'),
    changed: written.filter((item) => item._et !== 'AuditEntry' && !BOOKKEEPING.has(String(item._et))),
  };
}

/** Writes to the Bedrock control plane (create, stop, deploy), as opposed to reads. */
export function controlPlaneWrites(local: TestStrata): number {
  return local.bedrockControl.requests.filter((r) => r.method !== 'GET').length;
}

/** Every message Strata posted that `user` can see or was shown (ephemeral), across the workspace. */
export function messagesShownTo(local: TestStrata, user: string): string[] {
  const { workspace } = local.slack;
  return workspace.channels
    .filter((c) => workspace.canSee(user, c.id))
    .flatMap((c) => workspace.messages(c.id))
    .filter((s) => s.ephemeralUser === undefined || s.ephemeralUser === user)
    .map((s) => JSON.stringify({ text: s.message.text, blocks: s.message.blocks ?? [] }));
}
