import { randomBytes } from 'node:crypto';
import type { WebClient } from '@slack/web-api';
import type { AdminPolicy } from '../access/admin-policy.js';
import type { AuditLog } from '../access/audit-log.js';
import type { Metering } from '../access/metered-call.js';
import type { ModelGateway } from '../bedrock/gateway.js';
import type { Logger } from '../log.js';
import type { ReplyWriter } from '../slack/stream-writer.js';
import type { BlobStore } from '../store/blob-store.js';
import { createDynamoSqlQueryStore, type SqlQueryStore } from '../store/sql-queries.js';
import { createDynamoSqlSettingsStore, type SqlSettingsStore } from '../store/sql-schemas.js';
import type { StrataTable } from '../store/table.js';
import { createQueryRunner, type QueryRunner } from './sample/run-query.js';
import { createSampleDatabase, type SampleDatabase } from './sample/sample-database.js';
import { createSchemaRepository, type SchemaRepository } from './schema-repository.js';

export interface SqlConfig {
  modelId: string;
  maxTokens: number;
  /** Most rows a sample run returns (the CSV); the Slack preview shows fewer. */
  maxRows: number;
  /** A sample run taking longer is stopped. */
  timeoutMs: number;
}

/** Everything the SQL feature needs besides the shared Slack client, model gateway and reply writer. */
export interface SqlDeps {
  config: SqlConfig;
  settings: SqlSettingsStore;
  queries: SqlQueryStore;
  schemas: SchemaRepository;
  sample: SampleDatabase;
  runner: QueryRunner;
  admins: AdminPolicy;
  newId: () => string;
  now: () => Date;
  /** For response_url posts and file downloads; tests may swap it. */
  fetch: typeof fetch;
}

/** What an SQL job gets from the job runner. Model calls go through the access guard and are recorded. */
export interface SqlJobDeps extends Metering {
  client: WebClient;
  gateway: ModelGateway;
  replies: ReplyWriter;
  logger: Logger;
  sql: SqlDeps;
  /** Channel SQL settings changes (dialect, schema, writes) are audited. */
  audit?: Pick<AuditLog, 'record'> | undefined;
}

export function createSqlDeps(options: {
  config: SqlConfig;
  table: StrataTable;
  blobs: BlobStore;
  admins: AdminPolicy;
}): SqlDeps {
  const settings = createDynamoSqlSettingsStore({ table: options.table, threadTtlSeconds: 30 * 86_400 });
  return {
    config: options.config,
    settings,
    queries: createDynamoSqlQueryStore({ table: options.table, ttlSeconds: 30 * 86_400 }),
    schemas: createSchemaRepository({ settings, blobs: options.blobs }),
    sample: createSampleDatabase(),
    runner: createQueryRunner({ timeoutMs: options.config.timeoutMs, maxRows: options.config.maxRows }),
    admins: options.admins,
    newId: () => randomBytes(8).toString('hex'),
    now: () => new Date(),
    fetch: (input, init) => fetch(input, init),
  };
}
