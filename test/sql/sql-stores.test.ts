import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalServer } from '../../src/local/dynamo-server.js';
import { startLocalS3 } from '../../src/local/s3-server.js';
import { parseDdl } from '../../src/sql/schema/parse-ddl.js';
import { createSchemaRepository } from '../../src/sql/schema-repository.js';
import type { RegisteredSchema } from '../../src/sql/sql-schema.js';
import { createS3BlobStore, ensureBucket } from '../../src/store/blob-store.js';
import { createDynamoSqlQueryStore, type SqlQueryRecord } from '../../src/store/sql-queries.js';
import { createDynamoSqlSettingsStore } from '../../src/store/sql-schemas.js';
import { createTestTable, REGION, startDynamoForTest } from '../store/local-dynamo-fixture.js';

const BUCKET = 'strata-sql-test';
let dynamo: LocalServer;
let s3: LocalServer;
let dir: string;
let fixture: Awaited<ReturnType<typeof createTestTable>>;

beforeAll(async () => {
  dynamo = await startDynamoForTest();
  dir = await mkdtemp(join(tmpdir(), 'strata-sql-s3-'));
  s3 = await startLocalS3({ dir });
  process.env.AWS_ENDPOINT_URL_S3 = s3.endpoint;
  await ensureBucket({ bucket: BUCKET, region: REGION, forcePathStyle: true });
  fixture = await createTestTable('sql-test');
});

afterAll(async () => {
  fixture?.raw.destroy();
  await dynamo?.close();
  await s3?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const settingsStore = () => createDynamoSqlSettingsStore({ table: fixture.table, threadTtlSeconds: 3600 });

function registered(ddl: string, fileName?: string): RegisteredSchema {
  const parsed = parseDdl(ddl, 'postgresql');
  if (!parsed.ok) throw new Error(parsed.problem.message);
  return {
    source: fileName ? 'file' : 'command',
    dialect: 'postgresql',
    ddl,
    schema: parsed.schema,
    ...(fileName ? { fileName } : {}),
  };
}

describe('SQL settings per channel and thread', () => {
  it('changes only the fields given, and remembers who changed them', async () => {
    const store = settingsStore();
    await store.updateChannel('C1', { dialect: 'mysql' }, 'U1');
    await store.updateChannel('C1', { allowWrites: true }, 'U2');
    expect(await store.channel('C1')).toMatchObject({
      channel: 'C1',
      dialect: 'mysql',
      allowWrites: true,
      updatedBy: 'U2',
    });
    expect(await store.channel('C-none')).toBeUndefined();
  });

  it('keeps thread records apart from the channel and from each other', async () => {
    const store = settingsStore();
    await store.updateThread('C1', '111.1', { lastQueryId: 'q1' });
    await store.updateThread('C1', '111.1', {
      schema: { source: 'file', blobKey: 'k', tableCount: 3, fileName: 'a.sql' },
    });
    expect(await store.thread('C1', '111.1')).toEqual({
      channel: 'C1',
      threadTs: '111.1',
      lastQueryId: 'q1',
      schema: { source: 'file', blobKey: 'k', tableCount: 3, fileName: 'a.sql' },
    });
    expect(await store.thread('C1', '222.2')).toBeUndefined();
  });
});

describe('posted queries', () => {
  it('are found only in the channel they were posted in', async () => {
    const store = createDynamoSqlQueryStore({ table: fixture.table, ttlSeconds: 60 });
    const record: SqlQueryRecord = {
      channel: 'C1',
      queryId: 'abc',
      threadTs: '1.1',
      question: 'q',
      sql: 'SELECT 1',
      dialect: 'sqlite',
      validated: true,
      readOnly: true,
      problems: [],
      schemaRef: 'demo',
      user: 'U1',
      createdAt: '2025-01-01T00:00:00.000Z',
    };
    await store.put(record);
    expect(await store.get('C1', 'abc')).toEqual(record);
    expect(await store.get('C2', 'abc')).toBeUndefined();
  });
});

describe('schema repository', () => {
  const repository = () =>
    createSchemaRepository({
      settings: settingsStore(),
      blobs: createS3BlobStore({ bucket: BUCKET, region: REGION, forcePathStyle: true }),
    });

  it('uses the demo when a channel has registered nothing', async () => {
    const resolved = await repository().resolve('C-empty');
    expect(resolved).toMatchObject({
      scope: 'default',
      ref: 'demo',
      allowWrites: false,
      registered: { source: 'demo', dialect: 'sqlite' },
    });
  });

  it('stores DDL in S3 and prefers a thread schema over the channel schema', async () => {
    const repo = repository();
    const store = settingsStore();
    const channelPointer = await repo.store(
      'C9',
      registered('CREATE TABLE invoices (id int, amount numeric(10,2));'),
    );
    await store.updateChannel('C9', { dialect: 'postgresql', schema: channelPointer }, 'U1');
    const threadPointer = await repo.store(
      'C9',
      registered('CREATE TABLE events (id int); CREATE TABLE users (id int);', 'events.sql'),
    );
    await store.updateThread('C9', '5.5', { schema: threadPointer });

    expect(channelPointer.blobKey).toMatch(/^sql\/schemas\/C9\/[0-9a-f]{32}\.json$/);
    const inChannel = await repository().resolve('C9');
    expect(inChannel).toMatchObject({
      scope: 'channel',
      registered: { source: 'command', dialect: 'postgresql' },
    });
    expect(inChannel.registered.schema.tables.map((t) => t.name)).toEqual(['invoices']);
    const inThread = await repository().resolve('C9', '5.5');
    expect(inThread).toMatchObject({ scope: 'thread', registered: { fileName: 'events.sql' } });
    expect(inThread.registered.schema.tables.map((t) => t.name)).toEqual(['events', 'users']);
  });
});
