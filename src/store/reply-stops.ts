import { Entity, GetItemCommand, item, number, PutItemCommand, string } from 'dynamodb-toolbox';
import { storeUnavailable } from './store-error.js';
import type { StrataTable } from './table.js';

/**
 * Stop requests for replies that are streaming. The click may reach another process than the one
 * streaming (Lambda ingress vs worker), so the request is stored; the streaming side polls for it.
 */
export interface ReplyStopStore {
  request(replyKey: string, by: string): Promise<void>;
  /** The latest stop request for the reply: who asked, and when (ms). */
  latest(replyKey: string): Promise<{ by: string; at: number } | undefined>;
}

const STOP_TTL_SECONDS = 3600;

export function createDynamoReplyStops({
  table,
  now = Date.now,
}: {
  table: StrataTable;
  now?: () => number;
}) {
  const entity = new Entity({
    name: 'ReplyStop',
    table,
    schema: item({
      replyKey: string().key(),
      by: string(),
      at: number(),
      expiresAt: number(),
    }).and((prev) => ({
      pk: string()
        .key()
        .hidden()
        .link<typeof prev>(({ replyKey }) => `STOP#${replyKey}`),
      sk: string().key().hidden().const('STOP'),
    })),
  });
  const store: ReplyStopStore = {
    async request(replyKey, by) {
      try {
        const at = now();
        await entity
          .build(PutItemCommand)
          .item({ replyKey, by, at, expiresAt: Math.floor(at / 1000) + STOP_TTL_SECONDS })
          .send();
      } catch (error) {
        throw storeUnavailable('request reply stop', error);
      }
    },
    async latest(replyKey) {
      try {
        const { Item } = await entity.build(GetItemCommand).key({ replyKey }).send();
        return Item ? { by: Item.by, at: Item.at } : undefined;
      } catch (error) {
        throw storeUnavailable('read reply stop', error);
      }
    },
  };
  return store;
}
