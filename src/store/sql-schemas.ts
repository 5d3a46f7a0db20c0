import { boolean, Entity, GetItemCommand, item, number, string, UpdateItemCommand } from 'dynamodb-toolbox';
import { storeUnavailable } from './store-error.js';
import type { StrataTable } from './table.js';

/**
 * SQL settings per channel and per thread, on the one Strata table. The DDL and its parsed model live in
 * S3 (they can be large); the items hold the settings and a pointer to the blob.
 */
export function sqlPartition(channel: string): string {
  return `SQL#${channel}`;
}

export interface SchemaPointer {
  source: 'demo' | 'command' | 'file';
  /** S3 key of the stored schema; absent for the bundled demo. */
  blobKey?: string;
  tableCount: number;
  fileName?: string;
}

export interface ChannelSqlSettings {
  channel: string;
  /** A dialect name from src/sql/dialects.ts; absent = the default. */
  dialect?: string;
  allowWrites: boolean;
  schema?: SchemaPointer;
  updatedBy?: string;
  updatedAt?: string;
}

/** A thread where SQL happens: its own schema (a shared .sql file) and/or the last query asked in it. */
export interface SqlThread {
  channel: string;
  threadTs: string;
  schema?: SchemaPointer;
  dialect?: string;
  lastQueryId?: string;
}

export interface SqlSettingsStore {
  channel(channel: string): Promise<ChannelSqlSettings | undefined>;
  /** Changes only the given fields. */
  updateChannel(
    channel: string,
    changes: Partial<Omit<ChannelSqlSettings, 'channel'>>,
    by: string,
  ): Promise<void>;
  thread(channel: string, threadTs: string): Promise<SqlThread | undefined>;
  /** Changes only the given fields. */
  updateThread(
    channel: string,
    threadTs: string,
    changes: Partial<Omit<SqlThread, 'channel' | 'threadTs'>>,
  ): Promise<void>;
}

const schemaFields = {
  schemaSource: string().enum('demo', 'command', 'file').optional(),
  schemaBlobKey: string().optional(),
  schemaTableCount: number().optional(),
  schemaFileName: string().optional(),
};

export function createSqlChannelEntity(table: StrataTable) {
  const schema = item({
    channel: string().key(),
    dialect: string().optional(),
    allowWrites: boolean().optional(),
    ...schemaFields,
    updatedBy: string().optional(),
    updatedAt: string().optional(),
  }).and((prev) => ({
    pk: string()
      .key()
      .hidden()
      .link<typeof prev>(({ channel }) => sqlPartition(channel)),
    sk: string().key().hidden().const('SETTINGS'),
  }));
  return new Entity({ name: 'SqlChannel', table, schema, timestamps: false });
}

export function createSqlThreadEntity(table: StrataTable) {
  const schema = item({
    channel: string().key(),
    threadTs: string().key(),
    dialect: string().optional(),
    lastQueryId: string().optional(),
    ...schemaFields,
    expiresAt: number().optional(),
  }).and((prev) => ({
    pk: string()
      .key()
      .hidden()
      .link<typeof prev>(({ channel }) => sqlPartition(channel)),
    sk: string()
      .key()
      .hidden()
      .link<typeof prev>(({ threadTs }) => `THREAD#${threadTs}`),
  }));
  return new Entity({ name: 'SqlThread', table, schema, timestamps: false });
}

interface StoredSchemaFields {
  schemaSource?: 'demo' | 'command' | 'file';
  schemaBlobKey?: string;
  schemaTableCount?: number;
  schemaFileName?: string;
}

function toPointer(stored: StoredSchemaFields): SchemaPointer | undefined {
  if (stored.schemaSource === undefined) return undefined;
  return {
    source: stored.schemaSource,
    tableCount: stored.schemaTableCount ?? 0,
    ...(stored.schemaBlobKey ? { blobKey: stored.schemaBlobKey } : {}),
    ...(stored.schemaFileName ? { fileName: stored.schemaFileName } : {}),
  };
}

function fromPointer(pointer: SchemaPointer | undefined): StoredSchemaFields {
  if (pointer === undefined) return {};
  return {
    schemaSource: pointer.source,
    schemaTableCount: pointer.tableCount,
    ...(pointer.blobKey ? { schemaBlobKey: pointer.blobKey } : {}),
    ...(pointer.fileName ? { schemaFileName: pointer.fileName } : {}),
  };
}

export function createDynamoSqlSettingsStore(options: {
  table: StrataTable;
  /** Thread items expire this long after their last change. */
  threadTtlSeconds: number;
  now?: () => Date;
}): SqlSettingsStore {
  const channels = createSqlChannelEntity(options.table);
  const threads = createSqlThreadEntity(options.table);
  const now = options.now ?? (() => new Date());

  return {
    async channel(channel) {
      try {
        const { Item } = await channels.build(GetItemCommand).key({ channel }).send();
        if (Item === undefined) return undefined;
        const schema = toPointer(Item);
        return {
          channel,
          allowWrites: Item.allowWrites ?? false,
          ...(Item.dialect ? { dialect: Item.dialect } : {}),
          ...(schema ? { schema } : {}),
          ...(Item.updatedBy ? { updatedBy: Item.updatedBy } : {}),
          ...(Item.updatedAt ? { updatedAt: Item.updatedAt } : {}),
        };
      } catch (error) {
        throw storeUnavailable('get channel sql settings', error);
      }
    },

    async updateChannel(channel, changes, by) {
      try {
        await channels
          .build(UpdateItemCommand)
          .item({
            channel,
            ...(changes.dialect === undefined ? {} : { dialect: changes.dialect }),
            ...(changes.allowWrites === undefined ? {} : { allowWrites: changes.allowWrites }),
            ...fromPointer(changes.schema),
            updatedBy: by,
            updatedAt: now().toISOString(),
          })
          .send();
      } catch (error) {
        throw storeUnavailable('update channel sql settings', error);
      }
    },

    async thread(channel, threadTs) {
      try {
        const { Item } = await threads.build(GetItemCommand).key({ channel, threadTs }).send();
        if (Item === undefined) return undefined;
        const schema = toPointer(Item);
        return {
          channel,
          threadTs,
          ...(schema ? { schema } : {}),
          ...(Item.dialect ? { dialect: Item.dialect } : {}),
          ...(Item.lastQueryId ? { lastQueryId: Item.lastQueryId } : {}),
        };
      } catch (error) {
        throw storeUnavailable('get sql thread', error);
      }
    },

    async updateThread(channel, threadTs, changes) {
      try {
        await threads
          .build(UpdateItemCommand)
          .item({
            channel,
            threadTs,
            ...(changes.dialect === undefined ? {} : { dialect: changes.dialect }),
            ...(changes.lastQueryId === undefined ? {} : { lastQueryId: changes.lastQueryId }),
            ...fromPointer(changes.schema),
            expiresAt: Math.floor(now().getTime() / 1000) + options.threadTtlSeconds,
          })
          .send();
      } catch (error) {
        throw storeUnavailable('update sql thread', error);
      }
    },
  };
}
