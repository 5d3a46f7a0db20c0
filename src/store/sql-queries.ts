import {
  boolean,
  Entity,
  GetItemCommand,
  item,
  list,
  number,
  PutItemCommand,
  string,
} from 'dynamodb-toolbox';
import { sqlPartition } from './sql-schemas.js';
import { storeUnavailable } from './store-error.js';
import type { StrataTable } from './table.js';

/** A query Strata posted: what its buttons (Run on sample, Explain, Regenerate) act on. */
export interface SqlQueryRecord {
  channel: string;
  queryId: string;
  threadTs: string;
  question: string;
  sql: string;
  dialect: string;
  /** true only when the query passed validation. */
  validated: boolean;
  /** true when it is a validated SELECT. */
  readOnly: boolean;
  /** Validation problems, when it did not pass. */
  problems: string[];
  /** The schema it was written against: a blob key, or `demo`. */
  schemaRef: string;
  user: string;
  createdAt: string;
}

export interface SqlQueryStore {
  put(record: SqlQueryRecord): Promise<void>;
  /** Only finds queries of this channel: a query id from another channel is not found. */
  get(channel: string, queryId: string): Promise<SqlQueryRecord | undefined>;
}

export function createSqlQueryEntity(table: StrataTable) {
  const schema = item({
    channel: string().key(),
    queryId: string().key(),
    threadTs: string(),
    question: string(),
    sql: string(),
    dialect: string(),
    validated: boolean(),
    readOnly: boolean(),
    problems: list(string()),
    schemaRef: string(),
    user: string(),
    createdAt: string(),
    expiresAt: number().optional(),
  }).and((prev) => ({
    pk: string()
      .key()
      .hidden()
      .link<typeof prev>(({ channel }) => sqlPartition(channel)),
    sk: string()
      .key()
      .hidden()
      .link<typeof prev>(({ queryId }) => `QUERY#${queryId}`),
  }));
  return new Entity({ name: 'SqlQuery', table, schema, timestamps: false });
}

export function createDynamoSqlQueryStore(options: {
  table: StrataTable;
  ttlSeconds: number;
  now?: () => Date;
}): SqlQueryStore {
  const entity = createSqlQueryEntity(options.table);
  const now = options.now ?? (() => new Date());
  return {
    async put(record) {
      try {
        await entity
          .build(PutItemCommand)
          .item({ ...record, expiresAt: Math.floor(now().getTime() / 1000) + options.ttlSeconds })
          .send();
      } catch (error) {
        throw storeUnavailable('put sql query', error);
      }
    },
    async get(channel, queryId) {
      try {
        const { Item } = await entity.build(GetItemCommand).key({ channel, queryId }).send();
        if (Item === undefined) return undefined;
        const { expiresAt: _expires, ...record } = Item;
        return record;
      } catch (error) {
        throw storeUnavailable('get sql query', error);
      }
    },
  };
}
