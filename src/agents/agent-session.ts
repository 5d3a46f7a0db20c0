import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../log.js';
import { describeInvocation } from './action-wording.js';
import { confirmationCard } from './agent-blocks.js';
import type { AgentDeps, AgentServices } from './agent-deps.js';
import type { RoundSession } from './agent-round.js';
import type { AgentSlack } from './agent-slack.js';
import { createAgentSlack } from './agent-slack.js';
import type { Confirmation } from './confirmation-store.js';
import type { AgentSession } from './session-store.js';

/**
 * Bedrock's session id for a thread: derived from the channel and thread, plus a generation that goes up
 * when an expired session is replaced by a fresh one. Fits Bedrock's `[0-9a-zA-Z._:-]{2,100}`.
 */
export function sessionIdFor(channel: string, threadTs: string, generation: number): string {
  return `${channel}-${threadTs}-${generation}`.replace(/[^0-9a-zA-Z._:-]/g, '_').slice(0, 100);
}

export function roundSession(session: AgentSession, generation = session.generation): RoundSession {
  return {
    channel: session.channel,
    threadTs: session.threadTs,
    agentId: session.agentId,
    aliasId: session.aliasId,
    generation,
    sessionId: sessionIdFor(session.channel, session.threadTs, generation),
  };
}

export function slackFor(deps: AgentDeps): AgentSlack {
  return deps.agents.slack ?? createAgentSlack(deps.client);
}

/**
 * Takes the session for one InvokeAgent. A message or decision can arrive while the previous answer is
 * still finishing its bookkeeping, so this waits a few seconds before giving up.
 */
export async function acquireSession(
  deps: AgentDeps,
  session: AgentSession,
  attempts = 10,
): Promise<boolean> {
  const { agents } = deps;
  for (let attempt = 1; ; attempt += 1) {
    if (
      await agents.sessions.acquire(session.channel, session.threadTs, agents.now(), agents.settings.leaseMs)
    ) {
      return true;
    }
    if (attempt >= attempts) return false;
    await sleep(300);
  }
}

/** True when Bedrock has forgotten the session: no activity for longer than its idle timeout. */
export function isExpired(session: AgentSession, now: number, idleMs: number): boolean {
  return now - session.lastActiveAt > idleMs;
}

export function minutes(ms: number): number {
  return Math.max(1, Math.round(ms / 60_000));
}

/** Marks a confirmation expired and shows it on its card; true when it was still pending. */
export async function expireConfirmation(
  agents: AgentServices,
  slack: AgentSlack,
  confirmation: Confirmation,
  log: Logger,
): Promise<boolean> {
  const key = { channel: confirmation.channel, threadTs: confirmation.threadTs, id: confirmation.id };
  const expired = await agents.confirmations.expire(key);
  if (expired && confirmation.cardTs) {
    const card = confirmationCard(
      confirmation,
      confirmation.id,
      confirmation.invocations
        .filter((i) => i.mode !== 'run')
        .map((i) => describeInvocation(i, agents.wordings)),
      { kind: 'expired' },
      '',
    );
    try {
      await slack.update(confirmation.channel, confirmation.cardTs, card);
    } catch (error) {
      log.warn({ err: error }, 'expired confirmation card could not be updated');
    }
  }
  return expired;
}

export const notes = {
  noAgent:
    'No agent is set up for this channel yet. A Strata admin can choose one with `/agent use <agent-id> <alias-id>`.',
  fresh: (idleMs: number) =>
    `:hourglass: The earlier agent session expired after ${minutes(idleMs)} min without activity, so this is a fresh session. The agent does not remember the earlier messages.`,
  busy: 'The agent is still answering an earlier message in this thread. Send yours again when that answer is done.',
  pendingFirst: 'The agent is waiting for a decision on the change above. Press *Confirm* or *Deny* first.',
  ended: (by: string) => `:wave: Agent session ended by <@${by}>. Start a new one with \`/agent <request>\`.`,
};
