import { randomUUID } from 'node:crypto';
import { conflict, notFound, validation } from './control-error.js';
import { createLocalDeployments } from './custom-model-deployments.js';
import {
  inspectTrainingData,
  type JobView,
  jobMetrics,
  type LocalJob,
  type LocalJobStatus,
  type ObjectStorage,
  viewJob,
  writeJobOutput,
} from './customization-jobs.js';
import { findLocalModel, localFoundationModels, toSummary } from './foundation-models.js';
import { parseCreateJobRequest } from './job-request.js';

export interface ControlPlaneOptions {
  region: string;
  accountId: string;
  /** How long a job takes from InProgress to Completed on `now`'s clock. */
  jobDurationMs: number;
  now: () => number;
  storage: ObjectStorage;
  /** Job ids (the last ARN segment); random by default. */
  newId?: () => string;
  onOutputError?: (job: LocalJob, error: unknown) => void;
}

const jobStatuses = ['InProgress', 'Completed', 'Failed', 'Stopping', 'Stopped'];
const modalities = ['TEXT', 'IMAGE', 'EMBEDDING'];
const customizations = ['FINE_TUNING', 'CONTINUED_PRE_TRAINING', 'DISTILLATION'];
const inferenceTypes = ['ON_DEMAND', 'PROVISIONED'];

/** The state and rules behind the local control-plane routes; answers are wire-shaped JSON objects. */
export function createLocalControlPlane(options: ControlPlaneOptions) {
  const { region, accountId, storage, now } = options;
  const newId = options.newId ?? (() => randomUUID().replace(/-/g, '').slice(0, 12));
  const jobs: LocalJob[] = [];
  const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

  const findJob = (identifier: string): LocalJob => {
    const job = jobs.find((j) => j.arn === identifier || j.name === identifier);
    if (!job) throw notFound(`Could not find a model customization job with identifier ${identifier}.`);
    return job;
  };

  /** Side effects of time passing (output files) happen when someone looks, so they are deterministic. */
  const observe = async (job: LocalJob): Promise<JobView> => {
    const view = viewJob(job, now(), options.jobDurationMs);
    if (view.status === 'Completed' && !job.outputsWritten) {
      job.outputsWritten = true;
      // Like Bedrock, the artifacts land next to the model; an unwritable location does not undo the model.
      await writeJobOutput(storage, job).catch((error: unknown) => options.onOutputError?.(job, error));
    }
    return view;
  };

  const phase = (status: string, start: number, view: JobView) =>
    status === 'NotStarted'
      ? { status }
      : { status, creationTime: iso(start), lastModifiedTime: iso(Math.max(start, view.lastModifiedTime)) };

  const statusDetails = (view: JobView) => ({
    validationDetails: phase(view.phases.validation, view.phaseStarts.validation, view),
    dataProcessingDetails: phase(view.phases.dataProcessing, view.phaseStarts.dataProcessing, view),
    trainingDetails: phase(view.phases.training, view.phaseStarts.training, view),
  });

  const deployments = createLocalDeployments({
    region,
    accountId,
    now,
    readyAfterMs: options.jobDurationMs / 4,
    isActiveCustomModel: async (modelArn) => {
      const job = jobs.find((j) => j.customModelArn === modelArn);
      return job !== undefined && (await observe(job)).status === 'Completed';
    },
  });

  return {
    jobs: jobs as readonly LocalJob[],
    deployments,

    listFoundationModels(query: URLSearchParams) {
      const provider = query.get('byProvider');
      const customization = query.get('byCustomizationType');
      const modality = query.get('byOutputModality');
      const inference = query.get('byInferenceType');
      for (const [name, value, allowed] of [
        ['byCustomizationType', customization, customizations],
        ['byOutputModality', modality, modalities],
        ['byInferenceType', inference, inferenceTypes],
      ] as const) {
        if (value !== null && !allowed.includes(value)) {
          throw validation(
            `Value '${value}' at '${name}' failed to satisfy constraint: Member must satisfy enum value set: [${allowed.join(', ')}]`,
          );
        }
      }
      const models = localFoundationModels.filter(
        (m) =>
          (provider === null || m.providerName.toLowerCase() === provider.toLowerCase()) &&
          (customization === null || m.customizationsSupported.includes(customization)) &&
          (modality === null || m.outputModalities.includes(modality)) &&
          (inference === null || m.inferenceTypesSupported.includes(inference)),
      );
      return { modelSummaries: models.map((m) => toSummary(m, region)) };
    },

    getFoundationModel(identifier: string) {
      const model = findLocalModel(identifier);
      if (!model) throw notFound(`The model ${identifier} was not found.`);
      return { modelDetails: toSummary(model, region) };
    },

    async createJob(body: unknown) {
      const request = parseCreateJobRequest(body);
      if (request.clientRequestToken) {
        const same = jobs.find((j) => j.clientRequestToken === request.clientRequestToken);
        if (same) return { jobArn: same.arn };
      }
      const base = findLocalModel(request.baseModelIdentifier);
      if (!base)
        throw validation(`The provided base model identifier is invalid: ${request.baseModelIdentifier}`);
      const type = request.customizationType ?? 'FINE_TUNING';
      if (!base.customizationsSupported.includes(type)) {
        throw validation(`The base model ${base.modelId} does not support customization type ${type}.`);
      }
      if (jobs.some((j) => j.name === request.jobName)) {
        throw conflict(`A model customization job with the name ${request.jobName} already exists.`);
      }
      if (
        jobs.some(
          (j) =>
            j.customModelName === request.customModelName &&
            viewJob(j, now(), options.jobDurationMs).status !== 'Failed',
        )
      ) {
        throw conflict(`A custom model with the name ${request.customModelName} already exists.`);
      }
      const id = newId();
      const validationDataUri = request.validationDataConfig?.validators[0]?.s3Uri;
      const job: LocalJob = {
        arn: `arn:aws:bedrock:${region}:${accountId}:model-customization-job/${base.modelId}/${id}`,
        id,
        name: request.jobName,
        customModelName: request.customModelName,
        customModelArn: `arn:aws:bedrock:${region}:${accountId}:custom-model/${base.modelId}/${id}`,
        roleArn: request.roleArn,
        base,
        baseModelArn: `arn:aws:bedrock:${region}::foundation-model/${base.modelId}`,
        customizationType: type,
        hyperParameters: request.hyperParameters ?? {},
        trainingDataUri: request.trainingDataConfig.s3Uri,
        validationDataUri,
        outputDataUri: request.outputDataConfig.s3Uri,
        clientRequestToken: request.clientRequestToken,
        createdAt: now(),
        stopRequestedAt: undefined,
        failure: await inspectTrainingData(storage, {
          training: request.trainingDataConfig.s3Uri,
          validation: validationDataUri,
        }),
        outputsWritten: false,
      };
      jobs.push(job);
      return { jobArn: job.arn };
    },

    async getJob(identifier: string) {
      const job = findJob(identifier);
      const view = await observe(job);
      const done = view.status === 'Completed';
      const metrics = jobMetrics(job);
      return {
        jobArn: job.arn,
        jobName: job.name,
        outputModelName: job.customModelName,
        ...(done ? { outputModelArn: job.customModelArn } : {}),
        ...(job.clientRequestToken ? { clientRequestToken: job.clientRequestToken } : {}),
        roleArn: job.roleArn,
        status: view.status,
        statusDetails: statusDetails(view),
        ...(view.status === 'Failed' ? { failureMessage: job.failure?.message } : {}),
        creationTime: iso(job.createdAt),
        lastModifiedTime: iso(view.lastModifiedTime),
        ...(view.endTime === undefined ? {} : { endTime: iso(view.endTime) }),
        baseModelArn: job.baseModelArn,
        hyperParameters: job.hyperParameters,
        trainingDataConfig: { s3Uri: job.trainingDataUri },
        validationDataConfig: { validators: job.validationDataUri ? [{ s3Uri: job.validationDataUri }] : [] },
        outputDataConfig: { s3Uri: job.outputDataUri },
        customizationType: job.customizationType,
        ...(done ? { trainingMetrics: { trainingLoss: metrics.trainingLoss } } : {}),
        ...(done && metrics.validationLoss !== undefined
          ? { validationMetrics: [{ validationLoss: metrics.validationLoss }] }
          : {}),
      };
    },

    async listJobs(query: URLSearchParams) {
      const status = query.get('statusEquals');
      if (status !== null && !jobStatuses.includes(status)) {
        throw validation(
          `Value '${status}' at 'statusEquals' failed to satisfy constraint: Member must satisfy enum value set: [${jobStatuses.join(', ')}]`,
        );
      }
      const maxResults = Number(query.get('maxResults') ?? '100');
      if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > 1000) {
        throw validation(
          `Value '${query.get('maxResults')}' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and 1000`,
        );
      }
      const nameContains = query.get('nameContains');
      const after = dateParam(query.get('creationTimeAfter'));
      const before = dateParam(query.get('creationTimeBefore'));
      const views = await Promise.all(jobs.map(async (job) => ({ job, view: await observe(job) })));
      const matching = views
        .filter(
          ({ job, view }) =>
            (status === null || view.status === status) &&
            (nameContains === null || job.name.includes(nameContains)) &&
            (after === undefined || job.createdAt > after) &&
            (before === undefined || job.createdAt < before),
        )
        .sort((a, b) => a.job.createdAt - b.job.createdAt);
      if (query.get('sortOrder') !== 'Ascending') matching.reverse();
      const offset = query.get('nextToken')
        ? Number(Buffer.from(query.get('nextToken') ?? '', 'base64url').toString())
        : 0;
      if (!Number.isInteger(offset) || offset < 0) throw validation('The provided nextToken is invalid.');
      const page = matching.slice(offset, offset + maxResults);
      const next =
        offset + maxResults < matching.length
          ? Buffer.from(String(offset + maxResults)).toString('base64url')
          : undefined;
      return {
        ...(next ? { nextToken: next } : {}),
        modelCustomizationJobSummaries: page.map(({ job, view }) => ({
          jobArn: job.arn,
          baseModelArn: job.baseModelArn,
          jobName: job.name,
          status: view.status,
          statusDetails: statusDetails(view),
          lastModifiedTime: iso(view.lastModifiedTime),
          creationTime: iso(job.createdAt),
          ...(view.endTime === undefined ? {} : { endTime: iso(view.endTime) }),
          ...(view.status === 'Completed' ? { customModelArn: job.customModelArn } : {}),
          customModelName: job.customModelName,
          customizationType: job.customizationType,
        })),
      };
    },

    async stopJob(identifier: string) {
      const job = findJob(identifier);
      const { status } = await observe(job);
      if (status !== 'InProgress') {
        throw validation(
          `The model customization job ${job.name} is in ${status} status and cannot be stopped.`,
        );
      }
      job.stopRequestedAt = now();
      return {};
    },

    async listCustomModels() {
      const views = await Promise.all(jobs.map(async (job) => ({ job, view: await observe(job) })));
      return {
        modelSummaries: views
          .filter(({ view }) => view.status === 'Completed')
          .sort((a, b) => b.job.createdAt - a.job.createdAt)
          .map(({ job, view }) => ({
            modelArn: job.customModelArn,
            modelName: job.customModelName,
            creationTime: iso(view.endTime),
            baseModelArn: job.baseModelArn,
            baseModelName: job.base.modelName,
            customizationType: job.customizationType,
            ownerAccountId: accountId,
            modelStatus: 'Active',
          })),
      };
    },

    statusOf(identifier: string): LocalJobStatus {
      return viewJob(findJob(identifier), now(), options.jobDurationMs).status;
    },
  };
}

export type LocalControlPlane = ReturnType<typeof createLocalControlPlane>;

function dateParam(value: string | null): number | undefined {
  if (value === null) return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw validation(`Invalid timestamp: ${value}`);
  return ms;
}
