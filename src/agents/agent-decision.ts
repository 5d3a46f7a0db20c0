import type { AuditOutcome } from '../access/audit-log.js';
import { AgentRuntimeError } from '../bedrock/agent-errors.js';
import { StrataError } from '../errors.js';
import type { Logger } from '../log.js';
import { describeInvocation } from './action-wording.js';
import { type CardState, confirmationCard, turnControls } from './agent-blocks.js';
import type { AgentDeps, AgentServices } from './agent-deps.js';
import { type RoundOutcome, runRound } from './agent-round.js';
import { acquireSession, expireConfirmation, minutes, roundSession, slackFor } from './agent-session.js';
import type { AgentSlack } from './agent-slack.js';
import type { Confirmation } from './confirmation-store.js';
import { runDelegated } from './delegated-call.js';
import type { AgentSession } from './session-store.js';

/** A decision that won the conditional write; the worker sends it to the agent. */
export interface AgentDecisionJob {
  kind: 'agent-decision';
  channel: string;
  threadTs: string;
  confirmationId: string;
  user: string;
}

export interface DecisionInput {
  channel: string;
  threadTs: string;
  confirmationId: string;
  user: string;
  decision: 'confirmed' | 'denied';
}

/** What the click handler does next: tell the clicker why nothing happened, or enqueue the work. */
export type DecisionReply = { kind: 'whisper'; text: string } | { kind: 'enqueue'; job: AgentDecisionJob };

/**
 * A Confirm or Deny click. One conditional write decides: only the person who asked, only once, only
 * before the request expires. Refusals are audited; the winning click updates the card at once.
 */
export async function decideConfirmation(
  ctx: { agents: AgentServices; slack: AgentSlack; logger: Logger },
  input: DecisionInput,
): Promise<DecisionReply> {
  const { agents, slack } = ctx;
  const key = { channel: input.channel, threadTs: input.threadTs, id: input.confirmationId };
  const log = ctx.logger.child({ channel: input.channel, thread_ts: input.threadTs, user: input.user });
  const result = await agents.confirmations.decide(key, input.user, input.decision, agents.now());
  const audit = (outcome: AuditOutcome, confirmation: Confirmation, detail?: string) =>
    agents.audit.record({
      actor: input.user,
      action: input.decision === 'confirmed' ? 'agent.action.confirm' : 'agent.action.deny',
      channel: input.channel,
      parameters: auditParameters(confirmation),
      outcome,
      ...(detail ? { detail } : {}),
    });

  switch (result.kind) {
    case 'not_found':
      return { kind: 'whisper', text: 'This request no longer exists. Ask the agent again.' };
    case 'not_requester':
      await audit('denied', result.confirmation, 'not the person who asked');
      log.warn(
        { requester: result.confirmation.requester, outcome: 'denied' },
        'confirmation by someone else refused',
      );
      return {
        kind: 'whisper',
        text: `Only <@${result.confirmation.requester}>, who asked, can confirm or deny this change.`,
      };
    case 'already_decided': {
      const { status, decidedBy } = result.confirmation;
      const text =
        status === 'expired'
          ? 'This request expired, so nothing was changed. Ask the agent again.'
          : `This was already ${status}${decidedBy ? ` by <@${decidedBy}>` : ''}; nothing more will happen.`;
      return { kind: 'whisper', text };
    }
    case 'expired':
      await expireConfirmation(agents, slack, result.confirmation, log);
      await audit('invalid', result.confirmation, 'expired');
      return {
        kind: 'whisper',
        text: `This request expired after ${minutes(agents.settings.sessionIdleMs)} min, so nothing was changed. Ask the agent again to start over.`,
      };
    case 'decided': {
      const confirmation = result.confirmation;
      await audit('ok', confirmation);
      await updateCard(
        agents,
        slack,
        confirmation,
        { kind: input.decision, by: input.user, working: true },
        log,
      );
      log.info({ decision: input.decision, confirmation: confirmation.id }, 'confirmation decided');
      return {
        kind: 'enqueue',
        job: {
          kind: 'agent-decision',
          channel: input.channel,
          threadTs: input.threadTs,
          confirmationId: confirmation.id,
          user: input.user,
        },
      };
    }
  }
}

/** Sends a recorded decision to the agent and streams its answer. */
export async function runAgentDecision(job: AgentDecisionJob, deps: AgentDeps): Promise<void> {
  const log = deps.logger.child({ channel: job.channel, thread_ts: job.threadTs, user: job.user });
  const session = await deps.agents.sessions.get(job.channel, job.threadTs);
  if (session === undefined) {
    log.warn({ confirmation: job.confirmationId }, 'decision for a thread without a session');
    return;
  }
  await resendDecision(deps, session, job.confirmationId, job.user, log);
}

export async function resendDecision(
  deps: AgentDeps,
  session: AgentSession,
  confirmationId: string,
  user: string,
  log: Logger,
): Promise<void> {
  const { agents } = deps;
  const slack = slackFor(deps);
  const key = { channel: session.channel, threadTs: session.threadTs, id: confirmationId };
  const confirmation = await agents.confirmations.get(key);
  if (
    confirmation === undefined ||
    (confirmation.status !== 'confirmed' && confirmation.status !== 'denied')
  ) {
    log.warn({ confirmation: confirmationId }, 'no decided confirmation to send');
    return;
  }
  if (!(await acquireSession(deps, session))) {
    await agents.sessions.setRetry(session.channel, session.threadTs, {
      kind: 'decision',
      confirmationId,
      user,
    });
    await slack.post(
      session.channel,
      session.threadTs,
      turnControls(session, '', {
        agentLabel: `${session.agentId}/${session.aliasId}`,
        retry: true,
        stepCount: 0,
      }),
    );
    await slack.whisper(
      session.channel,
      user,
      session.threadTs,
      'The agent is still busy in this thread. Your decision is saved; press *Retry* once the current answer is done.',
    );
    return;
  }
  const decision = confirmation.status === 'confirmed' ? 'CONFIRM' : 'DENY';
  const ctx = {
    deps,
    slack,
    log,
    session: roundSession(session, confirmation.generation),
    user,
    explainFailure: (error: StrataError) =>
      error instanceof AgentRuntimeError && error.failure === 'invalid_request'
        ? new StrataError('model_validation', error.message, {
            cause: error,
            userMessage:
              "The agent's session expired before your decision reached it, so nothing was changed. Ask again and the agent will start a fresh session.",
          })
        : error,
  };
  let outcome: RoundOutcome | undefined;
  try {
    const results = await Promise.all(
      confirmation.invocations.map((i) => runDelegated(ctx, i, i.mode === 'run' ? 'run' : decision)),
    );
    outcome = await runRound(ctx, { returnControl: { invocationId: confirmation.invocationId, results } });
  } finally {
    const failed = outcome === undefined || outcome.kind === 'failed';
    const sessionLost = outcome?.kind === 'failed' && outcome.error.code === 'model_validation';
    await agents.confirmations.setOutcome(key, failed ? 'failed' : 'applied');
    const decided = confirmation.status === 'confirmed' ? 'confirmed' : 'denied';
    await updateCard(
      agents,
      slack,
      confirmation,
      { kind: decided, by: confirmation.decidedBy ?? user, working: false },
      log,
    );
    await agents.sessions.release(session.channel, session.threadTs, {
      lastActiveAt: agents.now(),
      ...(sessionLost ? { generation: confirmation.generation + 1 } : {}),
      retry:
        outcome?.kind === 'failed' && outcome.error.retryable
          ? { kind: 'decision', confirmationId, user }
          : null,
    });
    log.info(
      { confirmation: confirmationId, outcome: failed ? 'failed' : 'applied' },
      'decision sent to the agent',
    );
  }
}

async function updateCard(
  agents: AgentServices,
  slack: AgentSlack,
  confirmation: Confirmation,
  state: Extract<CardState, { kind: 'confirmed' | 'denied' }>,
  log: Logger,
): Promise<void> {
  if (!confirmation.cardTs) return;
  const actions = confirmation.invocations
    .filter((i) => i.mode !== 'run')
    .map((i) => describeInvocation(i, agents.wordings));
  try {
    await slack.update(
      confirmation.channel,
      confirmation.cardTs,
      confirmationCard(confirmation, confirmation.id, actions, state, ''),
    );
  } catch (error) {
    log.warn({ err: error }, 'confirmation card could not be updated');
  }
}

function auditParameters(confirmation: Confirmation): Record<string, unknown> {
  return {
    confirmationId: confirmation.id,
    threadTs: confirmation.threadTs,
    requester: confirmation.requester,
    agentId: confirmation.agentId,
    actions: confirmation.invocations.map((i) => ({
      actionGroup: i.actionGroup,
      operation: i.kind === 'function' ? i.function : `${i.httpMethod} ${i.apiPath}`,
      parameters: Object.fromEntries(i.parameters.map((p) => [p.name, p.value])),
    })),
  };
}
