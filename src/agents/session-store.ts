import {
  $remove,
  GetItemCommand,
  isConditionCheckFailed,
  PutItemCommand,
  UpdateItemCommand,
} from 'dynamodb-toolbox';
import { z } from 'zod';
import type { AgentRef } from '../bedrock/agent-runtime.js';
import { storeUnavailable } from '../store/store-error.js';
import type { StrataTable } from '../store/table.js';
import { createAgentSessionEntity, createAgentUserLatestEntity } from './agent-entities.js';

/** What a failed turn's Retry button repeats. */
export type RetryPlan =
  | { kind: 'text'; text: string; user: string }
  | { kind: 'decision'; confirmationId: string; user: string };

export interface AgentSession extends AgentRef {
  channel: string;
  threadTs: string;
  /** Bumped when the session expired and a fresh Bedrock session starts in the same thread. */
  generation: number;
  startedBy: string;
  status: 'active' | 'ended';
  lastActiveAt: number;
  busyUntil: number;
  retry?: RetryPlan;
}

export interface SessionStore {
  get(channel: string, threadTs: string): Promise<AgentSession | undefined>;
  /** false when the thread already has a session. */
  create(session: Omit<AgentSession, 'busyUntil' | 'status' | 'retry'>): Promise<boolean>;
  /** Takes the session for one InvokeAgent; false while another worker holds it (or it ended). */
  acquire(channel: string, threadTs: string, now: number, leaseMs: number): Promise<boolean>;
  /** Gives the session back, recording activity and what Retry would repeat (null clears it). */
  release(
    channel: string,
    threadTs: string,
    update: { lastActiveAt: number; generation?: number; retry?: RetryPlan | null },
  ): Promise<void>;
  /** Records what Retry repeats without touching the lease (the session is busy elsewhere). */
  setRetry(channel: string, threadTs: string, plan: RetryPlan): Promise<void>;
  /** false when it had already ended. */
  end(channel: string, threadTs: string, by: string): Promise<boolean>;
  rememberLatest(channel: string, user: string, threadTs: string, now: number): Promise<void>;
  latest(channel: string, user: string): Promise<string | undefined>;
}

/** Session records outlive Bedrock's idle timeout so a late reply gets a clear "expired" answer. */
const RECORD_TTL_SECONDS = 30 * 86_400;

export function createDynamoSessionStore(options: { table: StrataTable }): SessionStore {
  const sessions = createAgentSessionEntity(options.table);
  const latest = createAgentUserLatestEntity(options.table);
  const ttl = (ms: number) => Math.floor(ms / 1000) + RECORD_TTL_SECONDS;

  const guard = async <T>(operation: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      throw storeUnavailable(operation, error);
    }
  };
  const conditional = async (write: () => Promise<unknown>): Promise<boolean> => {
    try {
      await write();
      return true;
    } catch (error) {
      if (isConditionCheckFailed(error)) return false;
      throw error;
    }
  };

  return {
    get: (channel, threadTs) =>
      guard('get agent session', async () => {
        const { Item } = await sessions
          .build(GetItemCommand)
          .key({ channel, threadTs })
          .options({ consistent: true })
          .send();
        if (Item === undefined) return undefined;
        const { retry, endedBy: _endedBy, expiresAt: _expiresAt, ...rest } = Item;
        const plan = parseRetry(retry);
        return { ...rest, ...(plan ? { retry: plan } : {}) };
      }),

    create: (session) =>
      guard('create agent session', () =>
        conditional(() =>
          sessions
            .build(PutItemCommand)
            .item({
              ...session,
              status: 'active',
              busyUntil: 0,
              expiresAt: ttl(session.lastActiveAt),
            })
            .options({ condition: { attr: 'channel', exists: false } })
            .send(),
        ),
      ),

    acquire: (channel, threadTs, now, leaseMs) =>
      guard('acquire agent session', () =>
        conditional(() =>
          sessions
            .build(UpdateItemCommand)
            .item({ channel, threadTs, busyUntil: now + leaseMs })
            .options({
              condition: {
                and: [
                  { attr: 'status', eq: 'active' },
                  { attr: 'busyUntil', lt: now },
                ],
              },
            })
            .send(),
        ),
      ),

    release: (channel, threadTs, update) =>
      guard('release agent session', async () => {
        await sessions
          .build(UpdateItemCommand)
          .item({
            channel,
            threadTs,
            busyUntil: 0,
            lastActiveAt: update.lastActiveAt,
            expiresAt: ttl(update.lastActiveAt),
            ...(update.generation === undefined ? {} : { generation: update.generation }),
            ...(update.retry === undefined
              ? {}
              : { retry: update.retry === null ? $remove() : JSON.stringify(update.retry) }),
          })
          .options({ condition: { attr: 'channel', exists: true } })
          .send();
      }),

    setRetry: (channel, threadTs, plan) =>
      guard('record agent retry', async () => {
        await sessions
          .build(UpdateItemCommand)
          .item({ channel, threadTs, retry: JSON.stringify(plan) })
          .options({ condition: { attr: 'channel', exists: true } })
          .send();
      }),

    end: (channel, threadTs, by) =>
      guard('end agent session', () =>
        conditional(() =>
          sessions
            .build(UpdateItemCommand)
            .item({ channel, threadTs, status: 'ended', endedBy: by, busyUntil: 0 })
            .options({ condition: { attr: 'status', eq: 'active' } })
            .send(),
        ),
      ),

    rememberLatest: (channel, user, threadTs, now) =>
      guard('remember latest agent session', async () => {
        await latest
          .build(PutItemCommand)
          .item({ channel, user, threadTs, expiresAt: ttl(now) })
          .send();
      }),

    latest: (channel, user) =>
      guard('find latest agent session', async () => {
        const { Item } = await latest.build(GetItemCommand).key({ channel, user }).send();
        return Item?.threadTs;
      }),
  };
}

const retrySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('text'), text: z.string(), user: z.string() }),
  z.object({ kind: z.literal('decision'), confirmationId: z.string(), user: z.string() }),
]);

function parseRetry(raw: string | undefined): RetryPlan | undefined {
  if (raw === undefined) return undefined;
  try {
    const parsed = retrySchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    // An unreadable plan just means there is nothing to retry.
    return undefined;
  }
}
