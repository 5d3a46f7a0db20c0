import type { LocalFoundationModel } from './foundation-models.js';

/** Put this text anywhere in training data and the local job fails during training, as a real one can. */
export const LOCAL_FAIL_MARKER = '[[strata:fail-training]]';

/** Where the local endpoint reads training data and writes job output (the local S3 in local mode). */
export interface ObjectStorage {
  /** undefined when there is no object at the URI. */
  read(uri: string): Promise<string | undefined>;
  write(uri: string, body: string): Promise<void>;
}

export type LocalJobStatus = 'InProgress' | 'Completed' | 'Failed' | 'Stopping' | 'Stopped';
type PhaseStatus = 'NotStarted' | 'InProgress' | 'Completed' | 'Stopping' | 'Stopped' | 'Failed';

export interface LocalJob {
  arn: string;
  id: string;
  name: string;
  customModelName: string;
  customModelArn: string;
  roleArn: string;
  base: LocalFoundationModel;
  baseModelArn: string;
  customizationType: string;
  hyperParameters: Record<string, string>;
  trainingDataUri: string;
  validationDataUri: string | undefined;
  outputDataUri: string;
  clientRequestToken: string | undefined;
  createdAt: number;
  stopRequestedAt: number | undefined;
  /** Decided when the job is created, from its data; takes effect when the clock reaches that phase. */
  failure: { phase: 'validation' | 'training'; message: string } | undefined;
  outputsWritten: boolean;
}

export interface JobView {
  status: LocalJobStatus;
  endTime: number | undefined;
  lastModifiedTime: number;
  phases: { validation: PhaseStatus; dataProcessing: PhaseStatus; training: PhaseStatus };
  phaseStarts: { validation: number; dataProcessing: number; training: number };
}

const VALIDATION_SHARE = 0.15;
const PROCESSING_SHARE = 0.3;

/** Where a job is at `now`: a pure function of its creation time, the run time and any stop request. */
export function viewJob(job: LocalJob, now: number, durationMs: number): JobView {
  const t0 = job.createdAt;
  const phaseStarts = {
    validation: t0,
    dataProcessing: t0 + durationMs * VALIDATION_SHARE,
    training: t0 + durationMs * PROCESSING_SHARE,
  };
  const end = t0 + durationMs;
  const failAt =
    job.failure === undefined
      ? undefined
      : job.failure.phase === 'validation'
        ? (phaseStarts.validation + phaseStarts.dataProcessing) / 2
        : (phaseStarts.training + end) / 2;
  const stopAt =
    job.stopRequestedAt === undefined ? undefined : job.stopRequestedAt + Math.min(1000, durationMs / 10);

  const phaseAt = (status: (start: number, next: number) => PhaseStatus) => ({
    validation: status(phaseStarts.validation, phaseStarts.dataProcessing),
    dataProcessing: status(phaseStarts.dataProcessing, phaseStarts.training),
    training: status(phaseStarts.training, end),
  });
  const running =
    (at: number) =>
    (start: number, next: number): PhaseStatus =>
      at < start ? 'NotStarted' : at < next ? 'InProgress' : 'Completed';

  if (failAt !== undefined && now >= failAt && (stopAt === undefined || failAt < stopAt)) {
    const phases = phaseAt((start, next) =>
      failAt < start ? 'NotStarted' : failAt < next ? 'Failed' : 'Completed',
    );
    return { status: 'Failed', endTime: failAt, lastModifiedTime: failAt, phases, phaseStarts };
  }
  if (stopAt !== undefined && job.stopRequestedAt !== undefined) {
    const requested = job.stopRequestedAt;
    const done = now >= stopAt;
    const phases = phaseAt((start, next) =>
      requested < start ? 'NotStarted' : requested < next ? (done ? 'Stopped' : 'Stopping') : 'Completed',
    );
    return done
      ? { status: 'Stopped', endTime: stopAt, lastModifiedTime: stopAt, phases, phaseStarts }
      : { status: 'Stopping', endTime: undefined, lastModifiedTime: requested, phases, phaseStarts };
  }
  if (now >= end) {
    return {
      status: 'Completed',
      endTime: end,
      lastModifiedTime: end,
      phases: phaseAt(running(end)),
      phaseStarts,
    };
  }
  return {
    status: 'InProgress',
    endTime: undefined,
    lastModifiedTime: Math.max(t0, ...Object.values(phaseStarts).filter((s) => s <= now)),
    phases: phaseAt(running(now)),
    phaseStarts,
  };
}

/** Reads the job's data the way Bedrock's validation step would, and decides whether the job will fail. */
export async function inspectTrainingData(
  storage: ObjectStorage,
  uris: { training: string; validation: string | undefined },
): Promise<LocalJob['failure']> {
  for (const [label, uri] of [
    ['training', uris.training],
    ['validation', uris.validation],
  ] as const) {
    if (uri === undefined) continue;
    const body = await storage.read(uri).catch(() => undefined);
    if (body === undefined) {
      return {
        phase: 'validation',
        message: `Unable to read ${label} data at ${uri}: the object does not exist.`,
      };
    }
    const lines = body.split('\n');
    for (const [index, line] of lines.entries()) {
      if (line.trim() === '') continue;
      try {
        JSON.parse(line);
      } catch {
        return {
          phase: 'validation',
          message: `Invalid ${label} data: line ${index + 1} of ${uri} is not valid JSON.`,
        };
      }
    }
    if (body.includes(LOCAL_FAIL_MARKER)) {
      return {
        phase: 'training',
        message:
          'Training stopped: the training loss diverged (NaN) at step 40. Check the data for bad records.',
      };
    }
  }
  return undefined;
}

/** Deterministic, plausible metrics: more epochs, lower loss. */
export function jobMetrics(job: LocalJob): { trainingLoss: number; validationLoss: number | undefined } {
  const epochs = Number(job.hyperParameters.epochCount ?? '2') || 2;
  const trainingLoss = Math.round((1.6 / (1 + 0.45 * epochs)) * 10_000) / 10_000;
  const validationLoss =
    job.validationDataUri === undefined ? undefined : Math.round(trainingLoss * 1.12 * 10_000) / 10_000;
  return { trainingLoss, validationLoss };
}

/** What a finished job leaves in its output location, like Bedrock's training artifacts. */
export async function writeJobOutput(storage: ObjectStorage, job: LocalJob): Promise<void> {
  const base = `${job.outputDataUri.replace(/\/+$/, '')}/model-customization-job-${job.id}`;
  const { trainingLoss, validationLoss } = jobMetrics(job);
  const epochs = Number(job.hyperParameters.epochCount ?? '2') || 2;
  const rows = ['step_number,epoch_number,training_loss'];
  for (let step = 1; step <= epochs * 5; step += 1) {
    const loss = trainingLoss + (1.8 - trainingLoss) / (1 + step * 0.6);
    rows.push(`${step},${Math.ceil(step / 5) - 1},${loss.toFixed(4)}`);
  }
  await storage.write(`${base}/training_artifacts/step_wise_training_metrics.csv`, `${rows.join('\n')}\n`);
  if (validationLoss !== undefined) {
    await storage.write(
      `${base}/validation_artifacts/post_fine_tuning_validation/validation/validation_metrics.csv`,
      `step_number,epoch_number,validation_loss,perplexity\n${epochs * 5},${epochs - 1},${validationLoss},${Math.exp(validationLoss).toFixed(4)}\n`,
    );
  }
}
