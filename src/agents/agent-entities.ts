import { Entity, item, number, string } from 'dynamodb-toolbox';
import type { StrataTable } from '../store/table.js';

/**
 * Agent items on Strata's table. Everything about one agent thread shares a partition:
 *   AGENT#<channel>#<threadTs> / SESSION          the session (agent, generation, lease, retry)
 *   AGENT#<channel>#<threadTs> / CONFIRM#<id>     a pending or decided confirmation
 *   AGENT#<channel>#<threadTs> / TRACE#<turn>     the steps of one answer, for "Show steps"
 *   AGENTUSER#<channel>#<user> / LATEST           the person's latest session there (for /agent end)
 *   AGENTCHANNEL#<channel>     / AGENT            the channel's agent, chosen by an admin
 */
export const agentThreadPartition = (channel: string, threadTs: string) => `AGENT#${channel}#${threadTs}`;
export const CONFIRM_PREFIX = 'CONFIRM#';

export function createAgentSessionEntity(table: StrataTable) {
  const schema = item({
    channel: string().key(),
    threadTs: string().key(),
    agentId: string(),
    aliasId: string(),
    generation: number(),
    startedBy: string(),
    status: string().enum('active', 'ended'),
    lastActiveAt: number(),
    /** Epoch ms until which a worker holds the session (one InvokeAgent at a time per session). */
    busyUntil: number(),
    /** JSON of what Retry repeats after a failed turn. */
    retry: string().optional(),
    endedBy: string().optional(),
    expiresAt: number(),
  }).and((prev) => ({
    pk: string()
      .key()
      .hidden()
      .link<typeof prev>(({ channel, threadTs }) => agentThreadPartition(channel, threadTs)),
    sk: string().key().hidden().const('SESSION'),
  }));
  return new Entity({ name: 'AgentSession', table, schema, timestamps: false });
}

export function createAgentUserLatestEntity(table: StrataTable) {
  const schema = item({
    channel: string().key(),
    user: string().key(),
    threadTs: string(),
    expiresAt: number(),
  }).and((prev) => ({
    pk: string()
      .key()
      .hidden()
      .link<typeof prev>(({ channel, user }) => `AGENTUSER#${channel}#${user}`),
    sk: string().key().hidden().const('LATEST'),
  }));
  return new Entity({ name: 'AgentUserLatest', table, schema, timestamps: false });
}

export function createAgentConfirmationEntity(table: StrataTable) {
  const schema = item({
    channel: string().key(),
    threadTs: string().key(),
    id: string().key(),
    agentId: string(),
    aliasId: string(),
    sessionId: string(),
    generation: number(),
    requester: string(),
    invocationId: string(),
    /** JSON of the returned invocations (ReturnedInvocation[]). */
    invocations: string(),
    status: string().enum('pending', 'confirmed', 'denied', 'expired'),
    cardTs: string().optional(),
    decidedBy: string().optional(),
    decidedAt: number().optional(),
    outcome: string().enum('applied', 'failed').optional(),
    createdAt: number(),
    /** Epoch ms after which the decision is no longer accepted. */
    deadline: number(),
    expiresAt: number(),
  }).and((prev) => ({
    pk: string()
      .key()
      .hidden()
      .link<typeof prev>(({ channel, threadTs }) => agentThreadPartition(channel, threadTs)),
    sk: string()
      .key()
      .hidden()
      .link<typeof prev>(({ id }) => `${CONFIRM_PREFIX}${id}`),
  }));
  return new Entity({ name: 'AgentConfirmation', table, schema, timestamps: false });
}

export function createAgentTraceEntity(table: StrataTable) {
  const schema = item({
    channel: string().key(),
    threadTs: string().key(),
    turn: string().key(),
    agentId: string(),
    /** JSON of AgentTraceStep[]. */
    steps: string(),
    createdAt: number(),
    expiresAt: number(),
  }).and((prev) => ({
    pk: string()
      .key()
      .hidden()
      .link<typeof prev>(({ channel, threadTs }) => agentThreadPartition(channel, threadTs)),
    sk: string()
      .key()
      .hidden()
      .link<typeof prev>(({ turn }) => `TRACE#${turn}`),
  }));
  return new Entity({ name: 'AgentTrace', table, schema, timestamps: false });
}

export function createChannelAgentEntity(table: StrataTable) {
  const schema = item({
    channel: string().key(),
    agentId: string(),
    aliasId: string(),
    /** 'on': mentions in the channel start or continue agent sessions instead of chat. */
    mentions: string().enum('on', 'off'),
    updatedBy: string(),
    updatedAt: number(),
  }).and((prev) => ({
    pk: string()
      .key()
      .hidden()
      .link<typeof prev>(({ channel }) => `AGENTCHANNEL#${channel}`),
    sk: string().key().hidden().const('AGENT'),
  }));
  return new Entity({ name: 'ChannelAgent', table, schema, timestamps: false });
}
