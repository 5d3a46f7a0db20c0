import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { z } from 'zod';
import type { FineTuneWatchJob } from '../admin/finetune-watch-job.js';
import { createJobHandler, createServices } from '../app.js';
import { ConfigError } from '../config.js';
import type { Job, JobContext } from '../jobs.js';
import type { Logger } from '../log.js';
import { loadCloudRuntime } from './cloud-runtime.js';
import { createEmfJobMetrics, type JobMetrics } from './metrics.js';
import { once } from './once.js';
import { createSqsClient, createSqsWorkQueue } from './sqs-work-queue.js';

/** What the stack's EventBridge schedule invokes the worker with: the job itself is the event. */
export type ScheduledJob = FineTuneWatchJob;
const SCHEDULED_KINDS: ReadonlySet<string> = new Set<ScheduledJob['kind']>(['finetune-watch']);

export type WorkerHandler = {
  (event: SQSEvent): Promise<SQSBatchResponse>;
  (event: ScheduledJob): Promise<void>;
};

export interface WorkerDeps {
  /** Runs one job; a throw marks its message failed, so SQS redelivers it and finally dead-letters it. */
  run: (job: Job, context: JobContext) => Promise<void>;
  logger: Logger;
  metrics: JobMetrics;
  now?: () => number;
}

/** The envelope every job shares; each job's own fields are its feature's business. */
const jobEnvelope = z.looseObject({ kind: z.string().min(1) });

/**
 * SQS → the same job runner the server uses. The records of a batch run concurrently and are reported
 * one by one (partial batch response), so one failing job never redelivers the others.
 */
export function createWorkerHandler(deps: WorkerDeps): WorkerHandler {
  const now = deps.now ?? Date.now;

  const runRecord = async (record: SQSRecord): Promise<boolean> => {
    const receiveCount = Number(record.attributes.ApproximateReceiveCount);
    const log = deps.logger.child({ message_id: record.messageId, receive_count: receiveCount });
    const job = parseJob(record.body);
    if (job === undefined) {
      log.error({ body_bytes: record.body.length }, 'message is not a Strata job; it will be dead-lettered');
      return false;
    }
    const startedAt = now();
    try {
      // A redelivered message is a job whose earlier run failed or was cut off; it may tidy up after it.
      await deps.run(job, { recovered: receiveCount > 1, jobId: record.messageId });
      deps.metrics.jobFinished(job.kind, 'succeeded', now() - startedAt);
      return true;
    } catch (error) {
      deps.metrics.jobFinished(job.kind, 'failed', now() - startedAt);
      log.error({ err: error, kind: job.kind }, 'job failed; SQS will redeliver it');
      return false;
    }
  };

  const runBatch = async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const outcomes = await Promise.all(event.Records.map(runRecord));
    return {
      batchItemFailures: event.Records.filter((_, i) => !outcomes[i]).map((r) => ({
        itemIdentifier: r.messageId,
      })),
    };
  };

  /** A throw makes Lambda's asynchronous invocation retry it; the next scheduled run comes anyway. */
  const runScheduled = async (event: unknown): Promise<void> => {
    const job = parseJob(JSON.stringify(event));
    if (job === undefined || !SCHEDULED_KINDS.has(job.kind)) {
      deps.logger.error(
        { kind: job?.kind },
        'the worker was invoked with neither SQS records nor a scheduled job',
      );
      throw new Error('not an SQS batch or a scheduled Strata job');
    }
    const startedAt = now();
    try {
      await deps.run(job, { recovered: false });
      deps.metrics.jobFinished(job.kind, 'succeeded', now() - startedAt);
    } catch (error) {
      deps.metrics.jobFinished(job.kind, 'failed', now() - startedAt);
      deps.logger.error({ err: error, kind: job.kind }, 'scheduled job failed');
      throw error;
    }
  };

  return (async (event: SQSEvent | ScheduledJob) =>
    'Records' in event ? runBatch(event) : runScheduled(event)) as WorkerHandler;
}

function parseJob(body: string): Job | undefined {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return undefined;
  }
  const parsed = jobEnvelope.safeParse(json);
  // The ingress of the same deployment wrote it; the runner dispatches on `kind`.
  return parsed.success ? (parsed.data as unknown as Job) : undefined;
}

const defaultHandler = once(async () => {
  const { logger, secrets, withSlack } = loadCloudRuntime();
  const credentials = await secrets.get();
  const config = withSlack(credentials);
  const queueUrl = config.cloud.queueUrl;
  if (queueUrl === undefined) {
    throw new ConfigError(['STRATA_QUEUE_URL: required by the worker function (jobs start follow-up jobs)']);
  }
  const services = createServices(
    config,
    { token: credentials.botToken, apiUrl: config.slack.apiUrl },
    logger,
  );
  const followUps = createSqsWorkQueue<Job>({
    client: createSqsClient({ region: config.aws.region }),
    queueUrl,
    logger,
  });
  return createWorkerHandler({
    run: createJobHandler(services, followUps),
    logger,
    metrics: createEmfJobMetrics({ namespace: config.cloud.metricsNamespace }),
  });
});

/** The Lambda entry point: the queue's batches and the schedule's jobs (see infra/lib/ingress.ts). */
export const handler = (async (event: SQSEvent | ScheduledJob) => {
  const run = await defaultHandler();
  return 'Records' in event ? run(event) : run(event);
}) as WorkerHandler;
