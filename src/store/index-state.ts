import {
  DeleteItemCommand,
  Entity,
  GetItemCommand,
  isConditionCheckFailed,
  item,
  number,
  PutItemCommand,
  QueryCommand,
  string,
  UpdateItemCommand,
} from 'dynamodb-toolbox';
import { storeUnavailable } from './store-error.js';
import type { StrataTable } from './table.js';

/** Which channels are indexed for answers from history, how far their backfill got, and deleted messages. */

export type IndexStatus = 'backfilling' | 'ready' | 'failed' | 'archived';
export type ChannelKind = 'public' | 'private' | 'im' | 'mpim';

export interface IndexedChannel {
  channel: string;
  name: string;
  kind: ChannelKind;
  status: IndexStatus;
  /** Bumped by every add/rebuild; a backfill of an older generation stops at its next save. */
  generation: number;
  addedBy: string;
  addedAt: string;
  /** When a backfill page or a live event last changed the index. */
  lastSyncAt?: string;
  /** conversations.history cursor of the next page; absent before the first page. */
  cursor?: string;
  pages: number;
  /** Messages read from Slack (top-level and thread replies). */
  messagesScanned: number;
  threadsScanned: number;
  startedAt: string;
  finishedAt?: string;
  error?: string;
  /** The live-updating progress message (a DM to whoever started the backfill). */
  progressChannel?: string;
  progressTs?: string;
}

export interface IndexState {
  list(): Promise<IndexedChannel[]>;
  get(channel: string): Promise<IndexedChannel | undefined>;
  /** Starts a new generation (add or rebuild): progress reset, status backfilling. */
  begin(
    channel: Pick<IndexedChannel, 'channel' | 'name' | 'kind' | 'addedBy'> &
      Partial<Pick<IndexedChannel, 'progressChannel' | 'progressTs'>>,
  ): Promise<IndexedChannel>;
  /** Saves the item only while its generation is current; false when it was removed or rebuilt meanwhile. */
  save(state: IndexedChannel): Promise<boolean>;
  /** Records a live change; no-op for channels that are not indexed. */
  touch(channel: string, at: string): Promise<void>;
  remove(channel: string): Promise<void>;
  /** Deleted messages, kept so a backfill page read before the deletion cannot bring them back. */
  addTombstones(channel: string, ts: readonly string[]): Promise<void>;
  tombstones(channel: string): Promise<Set<string>>;
}

const CHANNELS_PARTITION = 'RAG#CHANNELS';
const tombstonePartition = (channel: string) => `RAG#DELETED#${channel}`;

function createIndexedChannelEntity(table: StrataTable) {
  const schema = item({
    channel: string().key(),
    name: string(),
    kind: string().enum('public', 'private', 'im', 'mpim'),
    status: string().enum('backfilling', 'ready', 'failed', 'archived'),
    generation: number(),
    addedBy: string(),
    addedAt: string(),
    lastSyncAt: string().optional(),
    cursor: string().optional(),
    pages: number(),
    messagesScanned: number(),
    threadsScanned: number(),
    startedAt: string(),
    finishedAt: string().optional(),
    error: string().optional(),
    progressChannel: string().optional(),
    progressTs: string().optional(),
  }).and((prev) => ({
    pk: string().key().hidden().const(CHANNELS_PARTITION),
    sk: string()
      .key()
      .hidden()
      .link<typeof prev>(({ channel }) => `CHANNEL#${channel}`),
  }));
  return new Entity({ name: 'RagIndexedChannel', table, schema, timestamps: false });
}

function createTombstoneEntity(table: StrataTable) {
  const schema = item({
    channel: string().key(),
    ts: string().key(),
    expiresAt: number(),
  }).and((prev) => ({
    pk: string()
      .key()
      .hidden()
      .link<typeof prev>(({ channel }) => tombstonePartition(channel)),
    sk: string()
      .key()
      .hidden()
      .link<typeof prev>(({ ts }) => ts),
  }));
  return new Entity({ name: 'RagTombstone', table, schema, timestamps: false });
}

export function createDynamoIndexState(options: {
  table: StrataTable;
  /** How long deleted-message markers are kept (longer than any backfill runs). */
  tombstoneTtlSeconds?: number;
  now?: () => Date;
}): IndexState {
  const { table } = options;
  const channels = createIndexedChannelEntity(table);
  const tombstoneEntity = createTombstoneEntity(table);
  const now = options.now ?? (() => new Date());
  const ttl = options.tombstoneTtlSeconds ?? 30 * 86_400;

  const guard = async <T>(operation: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      throw storeUnavailable(operation, error);
    }
  };

  const get = (channel: string) =>
    guard('get indexed channel', async () => {
      const { Item } = await channels
        .build(GetItemCommand)
        .key({ channel })
        .options({ consistent: true })
        .send();
      return Item === undefined ? undefined : clean(Item);
    });

  return {
    list: () =>
      guard('list indexed channels', async () => {
        const found: IndexedChannel[] = [];
        let exclusiveStartKey: Record<string, unknown> | undefined;
        do {
          const page = await table
            .build(QueryCommand)
            .entities(channels)
            .query({ partition: CHANNELS_PARTITION })
            .options({ consistent: true, ...(exclusiveStartKey ? { exclusiveStartKey } : {}) })
            .send();
          found.push(...(page.Items ?? []).map(clean));
          exclusiveStartKey = page.LastEvaluatedKey;
        } while (exclusiveStartKey !== undefined);
        return found;
      }),

    get,

    async begin(input) {
      const at = now().toISOString();
      for (;;) {
        const current = await get(input.channel);
        const next: IndexedChannel = {
          ...input,
          status: 'backfilling',
          generation: (current?.generation ?? 0) + 1,
          addedAt: current?.addedAt ?? at,
          pages: 0,
          messagesScanned: 0,
          threadsScanned: 0,
          startedAt: at,
        };
        try {
          await channels
            .build(PutItemCommand)
            .item(next)
            .options({
              condition: current
                ? { attr: 'generation', eq: current.generation }
                : { attr: 'channel', exists: false },
            })
            .send();
          return next;
        } catch (error) {
          // Someone else began a generation between our read and write: read again.
          if (!isConditionCheckFailed(error)) throw storeUnavailable('begin indexing', error);
        }
      }
    },

    async save(state) {
      try {
        await channels
          .build(PutItemCommand)
          .item(state)
          .options({ condition: { attr: 'generation', eq: state.generation } })
          .send();
        return true;
      } catch (error) {
        if (isConditionCheckFailed(error)) return false;
        throw storeUnavailable('save indexing progress', error);
      }
    },

    async touch(channel, at) {
      try {
        await channels
          .build(UpdateItemCommand)
          .item({ channel, lastSyncAt: at })
          .options({ condition: { attr: 'channel', exists: true } })
          .send();
      } catch (error) {
        if (isConditionCheckFailed(error)) return;
        throw storeUnavailable('record index sync', error);
      }
    },

    remove: (channel) =>
      guard('remove indexed channel', async () => {
        await channels.build(DeleteItemCommand).key({ channel }).send();
      }),

    addTombstones: (channel, ts) =>
      guard('record deleted messages', async () => {
        const expiresAt = Math.floor(now().getTime() / 1000) + ttl;
        await Promise.all(
          ts.map((t) => tombstoneEntity.build(PutItemCommand).item({ channel, ts: t, expiresAt }).send()),
        );
      }),

    tombstones: (channel) =>
      guard('list deleted messages', async () => {
        const found = new Set<string>();
        let exclusiveStartKey: Record<string, unknown> | undefined;
        do {
          const page = await table
            .build(QueryCommand)
            .entities(tombstoneEntity)
            .query({ partition: tombstonePartition(channel) })
            .options({ consistent: true, ...(exclusiveStartKey ? { exclusiveStartKey } : {}) })
            .send();
          for (const tombstone of page.Items ?? []) found.add(tombstone.ts);
          exclusiveStartKey = page.LastEvaluatedKey;
        } while (exclusiveStartKey !== undefined);
        return found;
      }),
  };
}

/** Drops attributes DynamoDB returned as undefined, so stored and fresh items compare equal. */
function clean(stored: IndexedChannel): IndexedChannel {
  return Object.fromEntries(Object.entries(stored).filter(([, v]) => v !== undefined)) as IndexedChannel;
}
