import { randomUUID } from 'node:crypto';
import { Entity, EntityAccessPattern, item, PutItemCommand, string } from 'dynamodb-toolbox';
import { storeUnavailable } from './store-error.js';
import type { StrataTable } from './table.js';

export type AuditOutcome = 'ok' | 'denied' | 'invalid' | 'failed';

/** One governed action: who did what, when, where, with which (already redacted) parameters, and how it ended. */
export interface AuditRecord {
  at: Date;
  actor: string;
  action: string;
  channel?: string;
  /** Already redacted: no secrets. */
  parameters: Record<string, unknown>;
  outcome: AuditOutcome;
  /** A short reason, e.g. why it was refused. */
  detail?: string;
}

/** Append-only: Strata never updates or deletes an audit record. */
export interface AuditStore {
  append(record: AuditRecord): Promise<void>;
  /** The newest `limit` records, newest first, looking back at most `months` months (default 12). */
  latest(limit: number, options?: { months?: number; now?: Date }): Promise<AuditRecord[]>;
}

const monthOf = (at: Date) => at.toISOString().slice(0, 7);

function createAuditEntity(table: StrataTable) {
  const schema = item({
    month: string().key(),
    id: string().key(),
    at: string(),
    actor: string(),
    action: string(),
    channel: string().optional(),
    parameters: string(),
    outcome: string().enum('ok', 'denied', 'invalid', 'failed'),
    detail: string().optional(),
  }).and((prev) => ({
    pk: string()
      .key()
      .hidden()
      .link<typeof prev>(({ month }) => `AUDIT#${month}`),
    sk: string()
      .key()
      .hidden()
      .link<typeof prev>(({ id }) => id),
  }));
  return new Entity({ name: 'AuditEntry', table, schema, timestamps: false });
}

/** The named way audit records are read: by time, newest first, one month partition at a time. */
export function auditAccessPatterns(table: StrataTable) {
  const entity = createAuditEntity(table);
  return {
    entity,
    auditByTime: entity
      .build(EntityAccessPattern)
      .schema(item({ month: string() }))
      .pattern(({ month }) => ({ partition: `AUDIT#${month}` }))
      .options({ reverse: true })
      .meta({ title: 'audit by time', description: 'audit records of a month, newest first' }),
  };
}

export function createDynamoAuditStore(options: { table: StrataTable; newId?: () => string }): AuditStore {
  const { entity, auditByTime } = auditAccessPatterns(options.table);
  const newId = options.newId ?? (() => randomUUID().slice(0, 8));

  return {
    async append(record) {
      const { at, parameters, channel, detail, ...rest } = record;
      try {
        await entity
          .build(PutItemCommand)
          .item({
            ...rest,
            month: monthOf(at),
            id: `${at.toISOString()}#${newId()}`,
            at: at.toISOString(),
            parameters: JSON.stringify(parameters),
            ...(channel === undefined ? {} : { channel }),
            ...(detail === undefined ? {} : { detail }),
          })
          // Append-only: never overwrite an existing record.
          .options({ condition: { attr: 'id', exists: false } })
          .send();
      } catch (error) {
        throw storeUnavailable('append audit record', error);
      }
    },

    async latest(limit, { months = 12, now = new Date() } = {}) {
      const records: AuditRecord[] = [];
      const cursor = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
      try {
        for (let i = 0; i < months && records.length < limit; i += 1) {
          let exclusiveStartKey: Record<string, unknown> | undefined;
          do {
            const page = await auditByTime
              .query({ month: monthOf(cursor) })
              .options({
                reverse: true,
                limit: limit - records.length,
                ...(exclusiveStartKey ? { exclusiveStartKey } : {}),
              })
              .send();
            records.push(...(page.Items ?? []).map(toAuditRecord));
            exclusiveStartKey = page.LastEvaluatedKey;
          } while (exclusiveStartKey && records.length < limit);
          cursor.setUTCMonth(cursor.getUTCMonth() - 1);
        }
        return records.slice(0, limit);
      } catch (error) {
        throw storeUnavailable('list audit records', error);
      }
    },
  };
}

function toAuditRecord(i: {
  at: string;
  actor: string;
  action: string;
  channel?: string | undefined;
  parameters: string;
  outcome: AuditRecord['outcome'];
  detail?: string | undefined;
}): AuditRecord {
  let parameters: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(i.parameters);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
      parameters = parsed as Record<string, unknown>;
    }
  } catch {
    parameters = { unreadable: i.parameters.slice(0, 200) };
  }
  return {
    at: new Date(i.at),
    actor: i.actor,
    action: i.action,
    ...(i.channel === undefined ? {} : { channel: i.channel }),
    parameters,
    outcome: i.outcome,
    ...(i.detail === undefined ? {} : { detail: i.detail }),
  };
}
