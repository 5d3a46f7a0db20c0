import { accessRefusal } from '../access/metered-call.js';
import type { Logger } from '../log.js';
import { threadNote } from './agent-blocks.js';
import { resendDecision } from './agent-decision.js';
import type { AgentDeps } from './agent-deps.js';
import { type RoundOutcome, runRound } from './agent-round.js';
import {
  acquireSession,
  expireConfirmation,
  isExpired,
  notes,
  roundSession,
  slackFor,
} from './agent-session.js';
import type { AgentSession, RetryPlan } from './session-store.js';

/** Someone asked the agent something: a new session (`/agent`, a mention) or a reply in an agent thread. */
export interface AgentTurnJob {
  kind: 'agent-turn';
  eventId: string;
  channel: string;
  threadTs: string;
  messageTs: string;
  user: string;
  text: string;
  teamId?: string | undefined;
  /** Starts a session in the thread when it has none. */
  start: boolean;
}

/** Retry pressed under a failed answer. */
export interface AgentRetryJob {
  kind: 'agent-retry';
  channel: string;
  threadTs: string;
  user: string;
}

export async function runAgentTurn(job: AgentTurnJob, deps: AgentDeps): Promise<void> {
  const { agents } = deps;
  const slack = slackFor(deps);
  const log = deps.logger.child({
    event_id: job.eventId,
    channel: job.channel,
    thread_ts: job.threadTs,
    user: job.user,
  });
  let session = await agents.sessions.get(job.channel, job.threadTs);
  if (session === undefined && !job.start) return;
  if (!(await mayAsk(deps, job))) return;
  if (session === undefined) {
    const agent = (await agents.channels.get(job.channel)) ?? agents.settings.defaultAgent;
    if (agent === undefined) {
      await slack.post(job.channel, job.threadTs, threadNote(notes.noAgent));
      return;
    }
    const now = agents.now();
    await agents.sessions.create({
      channel: job.channel,
      threadTs: job.threadTs,
      agentId: agent.agentId,
      aliasId: agent.aliasId,
      generation: 1,
      startedBy: job.user,
      lastActiveAt: now,
    });
    await agents.sessions.rememberLatest(job.channel, job.user, job.threadTs, now);
    session = await agents.sessions.get(job.channel, job.threadTs);
    if (session === undefined) return;
    log.info({ agent_id: agent.agentId, alias_id: agent.aliasId }, 'agent session started');
  }
  if (session.status === 'ended') {
    await slack.whisper(
      job.channel,
      job.user,
      job.threadTs,
      'This agent session has ended. Start a new one with `/agent <request>`.',
    );
    return;
  }
  const text = job.text.trim();
  if (text === '') {
    await slack.whisper(
      job.channel,
      job.user,
      job.threadTs,
      'Tell the agent what you need, e.g. `where is order 1042?`',
    );
    return;
  }
  await continueSession(deps, session, job.user, text, job.teamId, log);
}

export async function runAgentRetry(job: AgentRetryJob, deps: AgentDeps): Promise<void> {
  const slack = slackFor(deps);
  const log = deps.logger.child({ channel: job.channel, thread_ts: job.threadTs, user: job.user });
  const session = await deps.agents.sessions.get(job.channel, job.threadTs);
  const plan = session?.retry;
  if (session === undefined || session.status === 'ended' || plan === undefined) {
    await slack.whisper(job.channel, job.user, job.threadTs, 'There is nothing to retry here any more.');
    return;
  }
  if (plan.user !== job.user) {
    await slack.whisper(
      job.channel,
      job.user,
      job.threadTs,
      `Only <@${plan.user}>, who asked, can retry this.`,
    );
    return;
  }
  if (plan.kind === 'text') {
    if (!(await mayAsk(deps, job))) return;
    await continueSession(deps, session, job.user, plan.text, undefined, log);
    return;
  }
  await resendDecision(deps, session, plan.confirmationId, job.user, log);
}

/** The access guard before a request reaches the agent; a refusal is told to the person privately. */
async function mayAsk(
  deps: AgentDeps,
  job: { channel: string; user: string; threadTs: string },
): Promise<boolean> {
  const refusal = await accessRefusal(deps.agents, {
    user: job.user,
    channel: job.channel,
    feature: 'agent',
  });
  if (refusal === undefined) return true;
  await slackFor(deps).whisper(job.channel, job.user, job.threadTs, refusal.toSlackText());
  return false;
}

/** One answer in an existing session: waits for nothing, refuses while busy or awaiting a decision. */
async function continueSession(
  deps: AgentDeps,
  session: AgentSession,
  user: string,
  text: string,
  teamId: string | undefined,
  log: Logger,
): Promise<void> {
  const { agents } = deps;
  const slack = slackFor(deps);
  const now = agents.now();
  const expired = isExpired(session, now, agents.settings.sessionIdleMs);
  for (const confirmation of await agents.confirmations.pending(session.channel, session.threadTs)) {
    if (!expired && confirmation.deadline > now) {
      await slack.whisper(session.channel, user, session.threadTs, notes.pendingFirst);
      return;
    }
    await expireConfirmation(agents, slack, confirmation, log);
  }
  if (!(await acquireSession(deps, session))) {
    await slack.whisper(session.channel, user, session.threadTs, notes.busy);
    return;
  }
  const generation = expired ? session.generation + 1 : session.generation;
  let outcome: RoundOutcome | undefined;
  try {
    if (expired) {
      await slack.post(
        session.channel,
        session.threadTs,
        threadNote(notes.fresh(agents.settings.sessionIdleMs)),
      );
      log.info({ generation }, 'expired agent session replaced');
    }
    outcome = await runRound(
      { deps, slack, log, session: roundSession(session, generation), user, teamId },
      { inputText: text },
    );
  } finally {
    const retry: RetryPlan | null =
      outcome?.kind === 'failed' && outcome.error.retryable ? { kind: 'text', text, user } : null;
    await agents.sessions.release(session.channel, session.threadTs, {
      lastActiveAt: agents.now(),
      generation,
      retry,
    });
  }
}
