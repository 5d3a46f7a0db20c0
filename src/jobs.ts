import type { AccessGuard } from './access/access-guard.js';
import type { AuditLog } from './access/audit-log.js';
import { type FineTuneCreateJob, type FineTuneJobDeps, runFineTuneCreate } from './admin/finetune-job.js';
import { type FineTuneModalJob, runFineTuneModalFill } from './admin/finetune-modal-job.js';
import { type FineTuneWatchJob, runFineTuneWatch } from './admin/finetune-watch-job.js';
import type { AgentServices } from './agents/agent-deps.js';
import { type AgentJob, runAgentJob } from './agents/agent-jobs.js';
import type { BedrockCommandJob, BedrockCommandRunner } from './bedrock-command-job.js';
import { type ChatDeps, type ChatJob, replyInThread } from './chat/chat-service.js';
import type { ImageDeps } from './images/image-feature.js';
import { type ImageJob, runImageJob } from './images/image-jobs.js';
import type { UsageRecorder } from './metrics.js';
import { answerFromHistoryIfOn } from './rag/mention-answers.js';
import type { Rag, RagJob } from './rag/rag.js';
import type { SqlDeps } from './sql/sql-deps.js';
import type { SqlJob } from './sql/sql-job.js';
import { runSqlJob } from './sql/sql-jobs.js';

/** Every kind of slow work a Slack request can hand to the work queue. */
export type Job =
  | ChatJob
  | ImageJob
  | RagJob
  | SqlJob
  | FineTuneCreateJob
  | FineTuneWatchJob
  | FineTuneModalJob
  | AgentJob
  | BedrockCommandJob;

export type JobDeps = ChatDeps &
  ImageDeps & { rag: Rag } & { sql: SqlDeps } & FineTuneJobDeps & { agents: AgentServices } & {
    /** Every model call is recorded here (DynamoDB usage + EMF metrics). */
    usage: UsageRecorder;
    /** Admin actions, settings changes, confirmations and refusals (append-only). */
    audit: AuditLog;
    /** Channel allow-list, feature switches, token budgets: ask before every model call. */
    access: AccessGuard;
  };

/** `recovered`: the job was interrupted by a restart and runs again; it may tidy what it left behind. */
export interface JobContext {
  recovered: boolean;
  /** The same on every run of one job (journal id, SQS message id), so a rerun can find what it already did. */
  jobId?: string;
}

/** `bedrockCommand` runs queued `/bedrock` subcommands; their registry lives with the Slack handlers. */
export function createJobRunner(
  deps: JobDeps,
  bedrockCommand: BedrockCommandRunner,
): (job: Job, context?: JobContext) => Promise<void> {
  const run = async (job: Job, context: JobContext = { recovered: false }): Promise<void> => {
    switch (job.kind) {
      case 'chat':
        // In channels whose history is indexed, a mention is answered from that history.
        if (await answerFromHistoryIfOn(job, deps)) return;
        return replyInThread(job, deps, context);
      case 'image':
        // A mention that turns out not to be about images is answered as any other mention would be.
        return runImageJob(job, deps, (mention) => run({ kind: 'chat', ...mention }, context), context.jobId);
      case 'ask':
      case 'rag-backfill':
      case 'rag-sync':
        return deps.rag.run(job, deps);
      case 'sql':
        return runSqlJob(job, deps);
      case 'finetune-create':
        return runFineTuneCreate(job, deps);
      case 'finetune-watch':
        return runFineTuneWatch(deps);
      case 'finetune-modal':
        return runFineTuneModalFill(job, deps);
      case 'bedrock-command':
        return bedrockCommand(job);
      case 'agent-turn':
      case 'agent-decision':
      case 'agent-retry':
      case 'agent-end':
        return runAgentJob(job, deps);
    }
  };
  return run;
}
