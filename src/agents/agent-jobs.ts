import { type AgentDecisionJob, runAgentDecision } from './agent-decision.js';
import type { AgentDeps } from './agent-deps.js';
import { type AgentEndJob, runAgentEnd } from './agent-end.js';
import { type AgentRetryJob, type AgentTurnJob, runAgentRetry, runAgentTurn } from './agent-turn.js';

export type { AgentDecisionJob } from './agent-decision.js';
export type { AgentEndJob } from './agent-end.js';
export type { AgentRetryJob, AgentTurnJob } from './agent-turn.js';

/** The agent feature's slow work, run by the work queue after Slack has been answered. */
export type AgentJob = AgentTurnJob | AgentDecisionJob | AgentRetryJob | AgentEndJob;

export function runAgentJob(job: AgentJob, deps: AgentDeps): Promise<void> {
  switch (job.kind) {
    case 'agent-turn':
      return runAgentTurn(job, deps);
    case 'agent-decision':
      return runAgentDecision(job, deps);
    case 'agent-retry':
      return runAgentRetry(job, deps);
    case 'agent-end':
      return runAgentEnd(job, deps);
  }
}
