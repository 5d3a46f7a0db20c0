import { threadNote } from './agent-blocks.js';
import type { AgentDeps } from './agent-deps.js';
import { expireConfirmation, notes, roundSession, slackFor } from './agent-session.js';

/** `/agent end` or the End session button. */
export interface AgentEndJob {
  kind: 'agent-end';
  channel: string;
  threadTs: string;
  user: string;
  /** Admins may end anyone's session; others only their own. */
  isAdmin: boolean;
}

export async function runAgentEnd(job: AgentEndJob, deps: AgentDeps): Promise<void> {
  const { agents } = deps;
  const slack = slackFor(deps);
  const log = deps.logger.child({ channel: job.channel, thread_ts: job.threadTs, user: job.user });
  const session = await agents.sessions.get(job.channel, job.threadTs);
  if (session === undefined || session.status === 'ended') {
    await slack.whisper(job.channel, job.user, job.threadTs, 'This agent session has already ended.');
    return;
  }
  if (session.startedBy !== job.user && !job.isAdmin) {
    await slack.whisper(
      job.channel,
      job.user,
      job.threadTs,
      `Only <@${session.startedBy}>, who started this session, or a Strata admin can end it.`,
    );
    return;
  }
  if (!(await agents.sessions.end(job.channel, job.threadTs, job.user))) {
    await slack.whisper(job.channel, job.user, job.threadTs, 'This agent session has already ended.');
    return;
  }
  for (const confirmation of await agents.confirmations.pending(job.channel, job.threadTs)) {
    await expireConfirmation(agents, slack, confirmation, log);
  }
  // Bedrock forgets the session: its memory of the conversation is dropped at once, not after the idle timeout.
  try {
    for await (const _part of agents.runtime.invoke({
      ...roundSession(session),
      inputText: 'End the session.',
      endSession: true,
    })) {
      // Nothing to show: the session is over.
    }
  } catch (error) {
    log.warn({ err: error }, 'Bedrock did not confirm the end of the session; it will expire on its own');
  }
  await slack.post(job.channel, job.threadTs, threadNote(notes.ended(job.user)));
  await agents.audit.record({
    actor: job.user,
    action: 'agent.session.end',
    channel: job.channel,
    parameters: { threadTs: job.threadTs, agentId: session.agentId, startedBy: session.startedBy },
    outcome: 'ok',
  });
  log.info('agent session ended');
}
