import { PutItemCommand, QueryCommand } from 'dynamodb-toolbox';
import { createThreadTurnEntity, TURN_PREFIX, threadPartition } from './entities.js';
import { storeUnavailable } from './store-error.js';
import type { StrataTable } from './table.js';

export interface ThreadTurn {
  channel: string;
  threadTs: string;
  /** Slack ts of the message this turn came from; orders turns within the thread. */
  ts: string;
  role: 'user' | 'assistant';
  text: string;
  user?: string;
  model?: string;
}

export interface ThreadStore {
  append(turn: ThreadTurn): Promise<void>;
  /** The last `limit` turns of the thread, oldest first. */
  list(channel: string, threadTs: string, limit: number): Promise<ThreadTurn[]>;
}

export function createDynamoThreadStore(options: {
  table: StrataTable;
  /** When set, turns expire this many seconds after they are written. */
  ttlSeconds?: number;
  now?: () => Date;
}): ThreadStore {
  const { table, ttlSeconds } = options;
  const entity = createThreadTurnEntity(table);
  const now = options.now ?? (() => new Date());

  return {
    async append(turn) {
      const expiresAt =
        ttlSeconds === undefined ? undefined : Math.floor(now().getTime() / 1000) + ttlSeconds;
      try {
        await entity
          .build(PutItemCommand)
          .item({ ...turn, expiresAt })
          .send();
      } catch (error) {
        throw storeUnavailable('append thread turn', error);
      }
    },

    async list(channel, threadTs, limit) {
      if (limit <= 0) return [];
      try {
        const { Items = [] } = await table
          .build(QueryCommand)
          .entities(entity)
          .query({ partition: threadPartition(channel, threadTs), range: { beginsWith: TURN_PREFIX } })
          .options({ reverse: true, limit })
          .send();
        return Items.map(toThreadTurn).reverse();
      } catch (error) {
        throw storeUnavailable('list thread turns', error);
      }
    },
  };
}

function toThreadTurn(stored: ThreadTurn & { expiresAt?: number }): ThreadTurn {
  const { channel, threadTs, ts, role, text, user, model } = stored;
  return {
    channel,
    threadTs,
    ts,
    role,
    text,
    ...(user === undefined ? {} : { user }),
    ...(model === undefined ? {} : { model }),
  };
}
