import {
  GetItemCommand,
  isConditionCheckFailed,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
} from 'dynamodb-toolbox';
import { z } from 'zod';
import type { ReturnedInvocation } from '../bedrock/agent-parts.js';
import { storeUnavailable } from '../store/store-error.js';
import type { StrataTable } from '../store/table.js';
import { agentThreadPartition, CONFIRM_PREFIX, createAgentConfirmationEntity } from './agent-entities.js';

export type ConfirmationStatus = 'pending' | 'confirmed' | 'denied' | 'expired';

/** Actions the agent wants to take, waiting for the person who asked to confirm or deny them. */
export interface Confirmation {
  channel: string;
  threadTs: string;
  id: string;
  agentId: string;
  aliasId: string;
  sessionId: string;
  generation: number;
  requester: string;
  invocationId: string;
  invocations: ReturnedInvocation[];
  status: ConfirmationStatus;
  cardTs?: string;
  decidedBy?: string;
  decidedAt?: number;
  outcome?: 'applied' | 'failed';
  createdAt: number;
  deadline: number;
}

export interface ConfirmationKey {
  channel: string;
  threadTs: string;
  id: string;
}

export type Decision =
  | { kind: 'decided'; confirmation: Confirmation }
  | { kind: 'not_found' }
  | { kind: 'not_requester'; confirmation: Confirmation }
  | { kind: 'already_decided'; confirmation: Confirmation }
  | { kind: 'expired'; confirmation: Confirmation };

export interface ConfirmationStore {
  create(confirmation: Omit<Confirmation, 'status'>): Promise<void>;
  get(key: ConfirmationKey): Promise<Confirmation | undefined>;
  setCard(key: ConfirmationKey, cardTs: string): Promise<void>;
  /**
   * One conditional write: only the requester, only while pending, only before the deadline. A second
   * click (or a click from someone else) changes nothing and says why.
   */
  decide(
    key: ConfirmationKey,
    user: string,
    decision: 'confirmed' | 'denied',
    now: number,
  ): Promise<Decision>;
  /** Marks a pending confirmation expired; false when it was already decided. */
  expire(key: ConfirmationKey): Promise<boolean>;
  setOutcome(key: ConfirmationKey, outcome: 'applied' | 'failed'): Promise<void>;
  /** The thread's confirmations still waiting for a decision. */
  pending(channel: string, threadTs: string): Promise<Confirmation[]>;
}

const RECORD_TTL_SECONDS = 30 * 86_400;

const invocationsSchema = z.array(
  z.discriminatedUnion('kind', [
    z.object({
      kind: z.literal('function'),
      actionGroup: z.string(),
      function: z.string(),
      parameters: z.array(z.object({ name: z.string(), type: z.string(), value: z.string() })),
      mode: z.enum(['confirm', 'confirm-and-run', 'run']),
    }),
    z.object({
      kind: z.literal('api'),
      actionGroup: z.string(),
      httpMethod: z.string(),
      apiPath: z.string(),
      parameters: z.array(z.object({ name: z.string(), type: z.string(), value: z.string() })),
      body: z.array(z.object({ name: z.string(), type: z.string(), value: z.string() })),
      mode: z.enum(['confirm', 'confirm-and-run', 'run']),
    }),
  ]),
);

export function createDynamoConfirmationStore(options: { table: StrataTable }): ConfirmationStore {
  const { table } = options;
  const entity = createAgentConfirmationEntity(table);

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
  const exists = { attr: 'id', exists: true } as const;
  const get = (key: ConfirmationKey) =>
    guard('get confirmation', async () => {
      const { Item } = await entity.build(GetItemCommand).key(key).options({ consistent: true }).send();
      return Item === undefined ? undefined : toConfirmation(Item);
    });

  return {
    create: (confirmation) =>
      guard('create confirmation', async () => {
        const { invocations, ...rest } = confirmation;
        await entity
          .build(PutItemCommand)
          .item({
            ...rest,
            invocations: JSON.stringify(invocations),
            status: 'pending',
            expiresAt: Math.floor(confirmation.createdAt / 1000) + RECORD_TTL_SECONDS,
          })
          .options({ condition: { attr: 'id', exists: false } })
          .send();
      }),

    get,

    setCard: (key, cardTs) =>
      guard('record confirmation card', async () => {
        await entity
          .build(UpdateItemCommand)
          .item({ ...key, cardTs })
          .options({ condition: exists })
          .send();
      }),

    decide: (key, user, decision, now) =>
      guard('decide confirmation', async () => {
        const won = await conditional(() =>
          entity
            .build(UpdateItemCommand)
            .item({ ...key, status: decision, decidedBy: user, decidedAt: now })
            .options({
              condition: {
                and: [
                  { attr: 'status', eq: 'pending' },
                  { attr: 'requester', eq: user },
                  { attr: 'deadline', gt: now },
                ],
              },
            })
            .send(),
        );
        const confirmation = await get(key);
        if (confirmation === undefined) return { kind: 'not_found' };
        if (won) return { kind: 'decided', confirmation };
        if (confirmation.status !== 'pending') return { kind: 'already_decided', confirmation };
        if (confirmation.requester !== user) return { kind: 'not_requester', confirmation };
        return { kind: 'expired', confirmation };
      }),

    expire: (key) =>
      guard('expire confirmation', () =>
        conditional(() =>
          entity
            .build(UpdateItemCommand)
            .item({ ...key, status: 'expired' })
            .options({ condition: { attr: 'status', eq: 'pending' } })
            .send(),
        ),
      ),

    setOutcome: (key, outcome) =>
      guard('record confirmation outcome', async () => {
        await entity
          .build(UpdateItemCommand)
          .item({ ...key, outcome })
          .options({ condition: exists })
          .send();
      }),

    pending: (channel, threadTs) =>
      guard('list pending confirmations', async () => {
        const { Items = [] } = await table
          .build(QueryCommand)
          .entities(entity)
          .query({
            partition: agentThreadPartition(channel, threadTs),
            range: { beginsWith: CONFIRM_PREFIX },
          })
          .options({ consistent: true })
          .send();
        return Items.map(toConfirmation).filter((c) => c.status === 'pending');
      }),
  };
}

type Stored = Omit<Confirmation, 'invocations'> & { invocations: string; expiresAt: number };

function toConfirmation(stored: Stored): Confirmation {
  const { invocations, expiresAt: _expiresAt, ...rest } = stored;
  let parsed: ReturnedInvocation[] = [];
  try {
    const result = invocationsSchema.safeParse(JSON.parse(invocations));
    if (result.success) parsed = result.data;
  } catch {
    parsed = [];
  }
  return { ...rest, invocations: parsed };
}
