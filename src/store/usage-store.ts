import { randomUUID } from 'node:crypto';
import {
  $add,
  Entity,
  EntityAccessPattern,
  item,
  number,
  PutItemCommand,
  string,
  UpdateItemCommand,
} from 'dynamodb-toolbox';
import { storeUnavailable } from './store-error.js';
import type { StrataTable } from './table.js';

export type UsageOutcome = 'ok' | 'error' | 'throttled' | 'stopped';

/** One model call Strata made: who, where, which feature and model, how much, how long, how it ended. */
export interface UsageRecord {
  at: Date;
  user: string;
  channel: string;
  feature: string;
  modelId: string;
  inputTokens: number;
  outputTokens: number;
  latencyMs: number;
  outcome: UsageOutcome;
  imagesGenerated: number;
  errorCode?: string;
}

export interface UsageQuery {
  from: Date;
  to: Date;
  user?: string;
  channel?: string;
  modelId?: string;
}

export type TotalsScope = { kind: 'user' | 'channel'; id: string };

export interface DailyTotal {
  day: string;
  inputTokens: number;
  outputTokens: number;
  invocations: number;
}

export interface UsageStore {
  /** Stores the call and adds its tokens to the user's and the channel's daily totals. */
  record(usage: UsageRecord): Promise<void>;
  /** Every call in [from, to], optionally only one user's, channel's or model's; oldest first. */
  list(query: UsageQuery): Promise<UsageRecord[]>;
  /** Daily token totals of a user or channel for days `fromDay`..`toDay` (YYYY-MM-DD, inclusive). */
  dailyTotals(scope: TotalsScope, fromDay: string, toDay: string): Promise<DailyTotal[]>;
}

export const dayOf = (at: Date): string => at.toISOString().slice(0, 10);

function createUsageEntity(table: StrataTable) {
  const schema = item({
    day: string().key(),
    id: string().key(),
    at: string(),
    user: string(),
    channel: string(),
    feature: string(),
    modelId: string(),
    inputTokens: number(),
    outputTokens: number(),
    latencyMs: number(),
    outcome: string().enum('ok', 'error', 'throttled', 'stopped'),
    imagesGenerated: number(),
    errorCode: string().optional(),
    expiresAt: number().optional(),
  }).and((prev) => ({
    pk: string()
      .key()
      .hidden()
      .link<typeof prev>(({ day }) => `USAGE#${day}`),
    sk: string()
      .key()
      .hidden()
      .link<typeof prev>(({ id }) => id),
  }));
  return new Entity({ name: 'Usage', table, schema, timestamps: false });
}

function createUsageTotalEntity(table: StrataTable) {
  const schema = item({
    scope: string().enum('user', 'channel').key(),
    scopeId: string().key(),
    day: string().key(),
    inputTokens: number().optional(),
    outputTokens: number().optional(),
    invocations: number().optional(),
    expiresAt: number().optional(),
  }).and((prev) => ({
    pk: string()
      .key()
      .hidden()
      .link<typeof prev>(({ scope, scopeId }) => `USAGETOTAL#${scope}#${scopeId}`),
    sk: string()
      .key()
      .hidden()
      .link<typeof prev>(({ day }) => `DAY#${day}`),
  }));
  return new Entity({ name: 'UsageTotal', table, schema, timestamps: false });
}

/** The named ways usage is read: calls of a day (optionally one user's, channel's, model's) and daily totals. */
export function usageAccessPatterns(table: StrataTable) {
  const usage = createUsageEntity(table);
  const totals = createUsageTotalEntity(table);
  const window = item({ day: string(), from: string(), to: string() });
  const between = (from: string, to: string) => ({ between: [from, `${to}~`] as [string, string] });
  return {
    usage,
    totals,
    usageOnDay: usage
      .build(EntityAccessPattern)
      .schema(window)
      .pattern(({ day, from, to }) => ({ partition: `USAGE#${day}`, range: between(from, to) }))
      .options({ maxPages: Number.POSITIVE_INFINITY })
      .meta({ title: 'usage by day', description: 'every model call of a UTC day within a time window' }),
    usageOfUserOnDay: usage
      .build(EntityAccessPattern)
      .schema(window.and({ user: string() }))
      .pattern(({ day, from, to, user }) => ({
        partition: `USAGE#${day}`,
        range: between(from, to),
        options: { filters: { Usage: { attr: 'user', eq: user } } },
      }))
      .options({ maxPages: Number.POSITIVE_INFINITY })
      .meta({ title: 'usage by user', description: "one person's model calls on a day" }),
    usageOfChannelOnDay: usage
      .build(EntityAccessPattern)
      .schema(window.and({ channel: string() }))
      .pattern(({ day, from, to, channel }) => ({
        partition: `USAGE#${day}`,
        range: between(from, to),
        options: { filters: { Usage: { attr: 'channel', eq: channel } } },
      }))
      .options({ maxPages: Number.POSITIVE_INFINITY })
      .meta({ title: 'usage by channel', description: "one channel's model calls on a day" }),
    usageOfModelOnDay: usage
      .build(EntityAccessPattern)
      .schema(window.and({ modelId: string() }))
      .pattern(({ day, from, to, modelId }) => ({
        partition: `USAGE#${day}`,
        range: between(from, to),
        options: { filters: { Usage: { attr: 'modelId', eq: modelId } } },
      }))
      .options({ maxPages: Number.POSITIVE_INFINITY })
      .meta({ title: 'usage by model', description: "one model's calls on a day" }),
    totalsByDay: totals
      .build(EntityAccessPattern)
      .schema(
        item({
          scope: string().enum('user', 'channel'),
          scopeId: string(),
          fromDay: string(),
          toDay: string(),
        }),
      )
      .pattern(({ scope, scopeId, fromDay, toDay }) => ({
        partition: `USAGETOTAL#${scope}#${scopeId}`,
        range: { between: [`DAY#${fromDay}`, `DAY#${toDay}`] as [string, string] },
      }))
      .options({ maxPages: Number.POSITIVE_INFINITY })
      .meta({ title: 'daily totals', description: "a user's or channel's tokens per day (budgets)" }),
  };
}

export function createDynamoUsageStore(options: {
  table: StrataTable;
  /** Usage items expire this many days after the call (default 400: a year of reports plus a margin). */
  retentionDays?: number;
  newId?: () => string;
}): UsageStore {
  const patterns = usageAccessPatterns(options.table);
  const retentionSeconds = (options.retentionDays ?? 400) * 86_400;
  const newId = options.newId ?? (() => randomUUID().slice(0, 8));

  const queryDay = async (day: string, query: UsageQuery) => {
    const window = { day, from: query.from.toISOString(), to: query.to.toISOString() };
    const command = query.user
      ? patterns.usageOfUserOnDay.query({ ...window, user: query.user })
      : query.channel
        ? patterns.usageOfChannelOnDay.query({ ...window, channel: query.channel })
        : query.modelId
          ? patterns.usageOfModelOnDay.query({ ...window, modelId: query.modelId })
          : patterns.usageOnDay.query(window);
    const { Items = [] } = await command.send();
    return Items.filter(
      (i) =>
        (query.channel === undefined || i.channel === query.channel) &&
        (query.modelId === undefined || i.modelId === query.modelId),
    );
  };

  return {
    async record(usage) {
      const day = dayOf(usage.at);
      const expiresAt = Math.floor(usage.at.getTime() / 1000) + retentionSeconds;
      const { at, errorCode, ...rest } = usage;
      try {
        await patterns.usage
          .build(PutItemCommand)
          .item({
            ...rest,
            day,
            id: `${at.toISOString()}#${newId()}`,
            at: at.toISOString(),
            expiresAt,
            ...(errorCode === undefined ? {} : { errorCode }),
          })
          .send();
        const tokens = {
          inputTokens: $add(usage.inputTokens),
          outputTokens: $add(usage.outputTokens),
          invocations: $add(1),
          expiresAt,
        };
        await Promise.all([
          patterns.totals
            .build(UpdateItemCommand)
            .item({ scope: 'user', scopeId: usage.user, day, ...tokens })
            .send(),
          patterns.totals
            .build(UpdateItemCommand)
            .item({ scope: 'channel', scopeId: usage.channel, day, ...tokens })
            .send(),
        ]);
      } catch (error) {
        throw storeUnavailable('record usage', error);
      }
    },

    async list(query) {
      try {
        const days = daysBetween(query.from, query.to);
        const records: UsageRecord[] = [];
        for (let i = 0; i < days.length; i += 8) {
          const batch = await Promise.all(days.slice(i, i + 8).map((day) => queryDay(day, query)));
          for (const items of batch) records.push(...items.map(toUsageRecord));
        }
        return records;
      } catch (error) {
        throw storeUnavailable('list usage', error);
      }
    },

    async dailyTotals(scope, fromDay, toDay) {
      try {
        const { Items = [] } = await patterns.totalsByDay
          .query({ scope: scope.kind, scopeId: scope.id, fromDay, toDay })
          .send();
        return Items.map((i) => ({
          day: i.day,
          inputTokens: i.inputTokens ?? 0,
          outputTokens: i.outputTokens ?? 0,
          invocations: i.invocations ?? 0,
        }));
      } catch (error) {
        throw storeUnavailable('read usage totals', error);
      }
    },
  };
}

/** UTC days touched by [from, to], oldest first. */
export function daysBetween(from: Date, to: Date): string[] {
  const days: string[] = [];
  const cursor = new Date(`${dayOf(from)}T00:00:00.000Z`);
  while (cursor.getTime() <= to.getTime()) {
    days.push(dayOf(cursor));
    cursor.setUTCDate(cursor.getUTCDate() + 1);
  }
  return days;
}

function toUsageRecord(i: {
  at: string;
  user: string;
  channel: string;
  feature: string;
  modelId: string;
  inputTokens: number;
  outputTokens: number;
  latencyMs: number;
  outcome: UsageOutcome;
  imagesGenerated: number;
  errorCode?: string | undefined;
}): UsageRecord {
  return {
    at: new Date(i.at),
    user: i.user,
    channel: i.channel,
    feature: i.feature,
    modelId: i.modelId,
    inputTokens: i.inputTokens,
    outputTokens: i.outputTokens,
    latencyMs: i.latencyMs,
    outcome: i.outcome,
    imagesGenerated: i.imagesGenerated,
    ...(i.errorCode === undefined ? {} : { errorCode: i.errorCode }),
  };
}
