import { randomUUID } from 'node:crypto';
import type { WebClient } from '@slack/web-api';
import type { AccessGuard } from '../access/access-guard.js';
import type { AuditLog } from '../access/audit-log.js';
import { type AgentRef, type AgentRuntime, createBedrockAgentRuntime } from '../bedrock/agent-runtime.js';
import type { Logger } from '../log.js';
import type { UsageRecorder } from '../metrics.js';
import type { ReplyWriter } from '../slack/stream-writer.js';
import type { StrataTable } from '../store/table.js';
import type { Wording } from './action-wording.js';
import type { AgentSlack } from './agent-slack.js';
import { type ChannelAgentStore, createDynamoChannelAgentStore } from './channel-agents.js';
import { type ConfirmationStore, createDynamoConfirmationStore } from './confirmation-store.js';
import { ecommerceWording } from './ecommerce/confirmation-wording.js';
import { HANDOFF_ACTION_GROUP } from './ecommerce/ecommerce-agent.js';
import { createHandoffAction } from './handoff-action.js';
import { createDynamoSessionStore, type SessionStore } from './session-store.js';
import { type StrataActions, strataActionKey } from './strata-actions.js';
import { createDynamoTraceStore, type TraceStore } from './trace-store.js';

export interface AgentSettings {
  /** The agent for channels an admin has not configured; none means `/agent` asks an admin to set one. */
  defaultAgent: AgentRef | undefined;
  /** Inactivity after which Bedrock forgets a session (the agent's idleSessionTTLInSeconds). */
  sessionIdleMs: number;
  /** How long one worker may hold a session for an answer before another may take it. */
  leaseMs: number;
  /** Return-of-control round trips Strata runs for one answer before it stops. */
  maxRounds: number;
}

/** Everything the agent feature uses, built once per process. */
export interface AgentServices {
  runtime: AgentRuntime;
  sessions: SessionStore;
  confirmations: ConfirmationStore;
  traces: TraceStore;
  channels: ChannelAgentStore;
  /** Shared audit log: confirmations, refusals, session ends, channel agent changes, handoffs. */
  audit: AuditLog;
  /** Shared usage recorder: every agent answer is recorded as a model call (feature `agent`). */
  usage: UsageRecorder | undefined;
  /** Asked before every new request: channel allowed, the `agent` feature on, budgets left. */
  access?: Pick<AccessGuard, 'check'> | undefined;
  settings: AgentSettings;
  /** Plain-words descriptions of the functions of known agents, for confirmation cards. */
  wordings: readonly Wording[];
  /** Functions agents hand back to Strata to run (return of control without a Lambda). */
  actions: StrataActions;
  now: () => number;
  newId: () => string;
  /** Overrides the Slack calls (tests); by default they go through the job's WebClient. */
  slack?: AgentSlack;
}

/** What agent jobs need from the worker. */
export interface AgentDeps {
  client: WebClient;
  replies: ReplyWriter;
  logger: Logger;
  agents: AgentServices;
}

export interface AgentServicesOptions {
  table: StrataTable;
  region: string;
  idleTimeoutMs: number;
  settings: Pick<AgentSettings, 'defaultAgent' | 'sessionIdleMs'> & Partial<AgentSettings>;
  audit: AuditLog;
  usage: UsageRecorder;
  access?: Pick<AccessGuard, 'check'>;
  logger: Logger;
}

export function createAgentServices(options: AgentServicesOptions): AgentServices {
  const { table } = options;
  const newId = () => randomUUID();
  return {
    runtime: createBedrockAgentRuntime({
      region: options.region,
      idleTimeoutMs: options.idleTimeoutMs,
      logger: options.logger,
    }),
    sessions: createDynamoSessionStore({ table }),
    confirmations: createDynamoConfirmationStore({ table }),
    traces: createDynamoTraceStore({ table }),
    channels: createDynamoChannelAgentStore({ table }),
    audit: options.audit,
    usage: options.usage,
    access: options.access,
    settings: { leaseMs: 5 * 60_000, maxRounds: 5, ...options.settings },
    wordings: [ecommerceWording],
    actions: new Map([
      [strataActionKey(HANDOFF_ACTION_GROUP, 'escalateToHuman'), createHandoffAction(newId)],
    ]),
    now: Date.now,
    newId,
  };
}
