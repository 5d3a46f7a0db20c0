import { createHash } from 'node:crypto';
import { z } from 'zod';
import { StrataError } from '../errors.js';
import type { BlobStore } from '../store/blob-store.js';
import type { SchemaPointer, SqlSettingsStore } from '../store/sql-schemas.js';
import { DEFAULT_DIALECT, type Dialect, parseDialect } from './dialects.js';
import { DEMO_DDL } from './schema/demo-schema.js';
import { parseDdl } from './schema/parse-ddl.js';
import type { RegisteredSchema, SqlSchema } from './sql-schema.js';

/** The schema a question is answered against, and where it came from. */
export interface ResolvedSchema {
  registered: RegisteredSchema;
  /** `thread`: a .sql file shared in the thread; `channel`: registered for the channel; `default`: nothing registered, the demo. */
  scope: 'thread' | 'channel' | 'default';
  /** `demo` or the S3 key of the stored schema. */
  ref: string;
  allowWrites: boolean;
}

export interface SchemaRepository {
  resolve(channel: string, threadTs?: string): Promise<ResolvedSchema>;
  /** Stores the schema (S3 unless it is the demo) and returns the pointer to save in settings. */
  store(channel: string, registered: RegisteredSchema): Promise<SchemaPointer>;
  /** Loads a stored schema by reference (`demo` or a blob key). */
  load(ref: string): Promise<RegisteredSchema | undefined>;
}

export const DEMO_REF = 'demo';

const storedSchema = z.object({
  version: z.literal(1),
  source: z.enum(['demo', 'command', 'file']),
  dialect: z.string(),
  ddl: z.string(),
  fileName: z.string().optional(),
  schema: z.object({
    tables: z.array(
      z.object({
        name: z.string(),
        qualifier: z.string().optional(),
        kind: z.enum(['table', 'view']),
        columnsKnown: z.boolean(),
        columns: z.array(
          z.object({
            name: z.string(),
            type: z.string(),
            primaryKey: z.boolean().optional(),
            notNull: z.boolean().optional(),
            references: z.object({ table: z.string(), column: z.string() }).optional(),
          }),
        ),
      }),
    ),
  }),
});

export function demoSchema(dialect: Dialect = 'sqlite'): RegisteredSchema {
  const parsed = parseDdl(DEMO_DDL, 'sqlite');
  if (!parsed.ok) throw new StrataError('internal', `the demo DDL does not parse: ${parsed.problem.message}`);
  return { source: 'demo', dialect, ddl: DEMO_DDL, schema: parsed.schema };
}

export function createSchemaRepository(options: {
  settings: SqlSettingsStore;
  blobs: BlobStore;
  /** Parsed schemas kept in memory (keys are content hashes, so entries never go stale). */
  cacheSize?: number;
}): SchemaRepository {
  const { settings, blobs } = options;
  const cache = new Map<string, RegisteredSchema>();
  const cacheSize = options.cacheSize ?? 32;
  const demo = new Map<Dialect, RegisteredSchema>();
  const demoIn = (dialect: Dialect) => {
    let schema = demo.get(dialect);
    if (!schema) {
      schema = demoSchema(dialect);
      demo.set(dialect, schema);
    }
    return schema;
  };

  const load = async (ref: string): Promise<RegisteredSchema | undefined> => {
    if (ref === DEMO_REF) return demoIn('sqlite');
    const cached = cache.get(ref);
    if (cached) return cached;
    const blob = await blobs.get(ref);
    if (blob === undefined) return undefined;
    const parsed = storedSchema.safeParse(JSON.parse(Buffer.from(blob.body).toString('utf8')));
    if (!parsed.success) throw new StrataError('internal', `stored schema ${ref} is malformed`);
    const { source, dialect, ddl, fileName, schema } = parsed.data;
    const registered: RegisteredSchema = {
      source,
      dialect: parseDialect(dialect) ?? DEFAULT_DIALECT,
      ddl,
      schema: schema as SqlSchema,
      ...(fileName ? { fileName } : {}),
    };
    cache.set(ref, registered);
    if (cache.size > cacheSize) cache.delete(cache.keys().next().value ?? '');
    return registered;
  };

  const fromPointer = async (
    pointer: SchemaPointer,
    dialect: Dialect,
  ): Promise<{ registered: RegisteredSchema; ref: string } | undefined> => {
    if (pointer.source === 'demo' || pointer.blobKey === undefined)
      return { registered: demoIn(dialect), ref: DEMO_REF };
    const registered = await load(pointer.blobKey);
    return registered ? { registered: { ...registered, dialect }, ref: pointer.blobKey } : undefined;
  };

  return {
    load,

    async resolve(channel, threadTs) {
      const [channelSettings, thread] = await Promise.all([
        settings.channel(channel),
        threadTs === undefined ? Promise.resolve(undefined) : settings.thread(channel, threadTs),
      ]);
      const allowWrites = channelSettings?.allowWrites ?? false;
      const channelDialect = parseDialect(channelSettings?.dialect ?? '');
      if (thread?.schema) {
        const dialect = parseDialect(thread.dialect ?? '') ?? channelDialect ?? DEFAULT_DIALECT;
        const found = await fromPointer(thread.schema, dialect);
        if (found) return { ...found, scope: 'thread', allowWrites };
      }
      if (channelSettings?.schema) {
        const dialect =
          channelDialect ?? (channelSettings.schema.source === 'demo' ? 'sqlite' : DEFAULT_DIALECT);
        const found = await fromPointer(channelSettings.schema, dialect);
        if (found) return { ...found, scope: 'channel', allowWrites };
      }
      return { registered: demoIn(channelDialect ?? 'sqlite'), ref: DEMO_REF, scope: 'default', allowWrites };
    },

    async store(channel, registered) {
      const tableCount = registered.schema.tables.length;
      if (registered.source === 'demo') return { source: 'demo', tableCount };
      const body = JSON.stringify({
        version: 1,
        source: registered.source,
        dialect: registered.dialect,
        ddl: registered.ddl,
        ...(registered.fileName ? { fileName: registered.fileName } : {}),
        schema: registered.schema,
      });
      const hash = createHash('sha256').update(body).digest('hex').slice(0, 32);
      const key = `sql/schemas/${encodeURIComponent(channel)}/${hash}.json`;
      await blobs.put(key, body, 'application/json');
      cache.set(key, registered);
      return {
        source: registered.source,
        blobKey: key,
        tableCount,
        ...(registered.fileName ? { fileName: registered.fileName } : {}),
      };
    },
  };
}
