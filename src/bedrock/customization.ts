import {
  type BedrockClient,
  CreateCustomModelDeploymentCommand,
  CreateModelCustomizationJobCommand,
  type CustomizationType,
  GetModelCustomizationJobCommand,
  ListCustomModelDeploymentsCommand,
  ListCustomModelsCommand,
  ListModelCustomizationJobsCommand,
  ListProvisionedModelThroughputsCommand,
  type ModelCustomizationJobStatus,
  StopModelCustomizationJobCommand,
} from '@aws-sdk/client-bedrock';
import { mapControlPlaneError } from './control-plane.js';

export type JobStatus = 'InProgress' | 'Completed' | 'Failed' | 'Stopping' | 'Stopped';
export type PhaseStatus = 'NotStarted' | 'InProgress' | 'Completed' | 'Stopping' | 'Stopped' | 'Failed';
export type JobCustomization = 'FINE_TUNING' | 'CONTINUED_PRE_TRAINING';

export interface CustomizationJobSummary {
  arn: string;
  name: string;
  status: JobStatus;
  baseModelArn: string;
  customizationType: string | undefined;
  customModelName: string | undefined;
  customModelArn: string | undefined;
  createdAt: Date;
  endedAt: Date | undefined;
}

export interface CustomizationJob extends CustomizationJobSummary {
  roleArn: string;
  failureMessage: string | undefined;
  phases: { validation: PhaseStatus; dataProcessing: PhaseStatus; training: PhaseStatus } | undefined;
  hyperParameters: Record<string, string>;
  trainingDataUri: string | undefined;
  validationDataUri: string | undefined;
  outputDataUri: string;
  trainingLoss: number | undefined;
  validationLoss: number | undefined;
  lastModifiedAt: Date | undefined;
}

export interface CustomModel {
  arn: string;
  name: string;
  baseModelArn: string;
  baseModelName: string;
  customizationType: string | undefined;
  status: 'Active' | 'Creating' | 'Failed' | undefined;
  createdAt: Date;
}

export interface CreateJobInput {
  jobName: string;
  customModelName: string;
  baseModelId: string;
  customizationType: JobCustomization;
  /** The service role Bedrock assumes to read training data and write output. */
  roleArn: string;
  trainingDataUri: string;
  validationDataUri?: string;
  outputDataUri: string;
  /** Bedrock takes hyperparameters as strings, e.g. `{ epochCount: '2' }`. */
  hyperParameters: Record<string, string>;
  /** KMS key for the custom model (AWS only). */
  kmsKeyId?: string;
  tags?: Record<string, string>;
  /** Idempotency: the same token never creates two jobs. */
  clientRequestToken?: string;
}

/** How a custom model can be invoked: Provisioned Throughput or an on-demand deployment. */
export interface InvocationTargets {
  /** Provisioned model ARNs in service. */
  provisioned: string[];
  deployments: Array<{ arn: string; name: string; status: 'Creating' | 'Active' | 'Failed' | undefined }>;
}

/** Strata's door to Bedrock model customization (fine-tuning, continued pre-training). */
export interface CustomizationClient {
  createJob(input: CreateJobInput): Promise<{ jobArn: string }>;
  /** By job name or ARN. */
  getJob(jobIdentifier: string): Promise<CustomizationJob>;
  /** Newest first. */
  listJobs(options?: {
    status?: JobStatus;
    nameContains?: string;
    max?: number;
  }): Promise<CustomizationJobSummary[]>;
  stopJob(jobIdentifier: string): Promise<void>;
  listCustomModels(options?: { max?: number }): Promise<CustomModel[]>;
  invocationTargets(customModelArn: string): Promise<InvocationTargets>;
  /** CreateCustomModelDeployment: on-demand, per-token use of a custom model (where the base model supports it). */
  deployOnDemand(customModelArn: string, deploymentName: string): Promise<{ deploymentArn: string }>;
}

export function createCustomizationClient(client: BedrockClient): CustomizationClient {
  const call = async <T>(operation: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      throw mapControlPlaneError(error, operation);
    }
  };

  return {
    createJob: (input) =>
      call('CreateModelCustomizationJob', async () => {
        const output = await client.send(
          new CreateModelCustomizationJobCommand({
            jobName: input.jobName,
            customModelName: input.customModelName,
            roleArn: input.roleArn,
            baseModelIdentifier: input.baseModelId,
            customizationType: input.customizationType satisfies CustomizationType,
            trainingDataConfig: { s3Uri: input.trainingDataUri },
            ...(input.validationDataUri
              ? { validationDataConfig: { validators: [{ s3Uri: input.validationDataUri }] } }
              : {}),
            outputDataConfig: { s3Uri: input.outputDataUri },
            hyperParameters: input.hyperParameters,
            ...(input.kmsKeyId ? { customModelKmsKeyId: input.kmsKeyId } : {}),
            ...(input.clientRequestToken ? { clientRequestToken: input.clientRequestToken } : {}),
            ...(input.tags
              ? { jobTags: Object.entries(input.tags).map(([key, value]) => ({ key, value })) }
              : {}),
          }),
        );
        if (!output.jobArn) throw new Error('CreateModelCustomizationJob answered without a jobArn');
        return { jobArn: output.jobArn };
      }),

    getJob: (jobIdentifier) =>
      call('GetModelCustomizationJob', async () => {
        const j = await client.send(new GetModelCustomizationJobCommand({ jobIdentifier }));
        return {
          arn: j.jobArn ?? '',
          name: j.jobName ?? '',
          status: toJobStatus(j.status),
          baseModelArn: j.baseModelArn ?? '',
          customizationType: j.customizationType,
          customModelName: j.outputModelName,
          customModelArn: j.outputModelArn,
          createdAt: j.creationTime ?? new Date(0),
          endedAt: j.endTime,
          lastModifiedAt: j.lastModifiedTime,
          roleArn: j.roleArn ?? '',
          failureMessage: j.failureMessage,
          phases: j.statusDetails
            ? {
                validation: toPhase(j.statusDetails.validationDetails?.status),
                dataProcessing: toPhase(j.statusDetails.dataProcessingDetails?.status),
                training: toPhase(j.statusDetails.trainingDetails?.status),
              }
            : undefined,
          hyperParameters: j.hyperParameters ?? {},
          trainingDataUri: j.trainingDataConfig?.s3Uri,
          validationDataUri: j.validationDataConfig?.validators?.[0]?.s3Uri,
          outputDataUri: j.outputDataConfig?.s3Uri ?? '',
          trainingLoss: j.trainingMetrics?.trainingLoss,
          validationLoss: j.validationMetrics?.[0]?.validationLoss,
        };
      }),

    listJobs: (options = {}) =>
      call('ListModelCustomizationJobs', async () => {
        const max = options.max ?? 20;
        const jobs: CustomizationJobSummary[] = [];
        let nextToken: string | undefined;
        do {
          const page = await client.send(
            new ListModelCustomizationJobsCommand({
              ...(options.status
                ? { statusEquals: options.status satisfies ModelCustomizationJobStatus }
                : {}),
              ...(options.nameContains ? { nameContains: options.nameContains } : {}),
              sortBy: 'CreationTime',
              sortOrder: 'Descending',
              maxResults: Math.min(100, max - jobs.length),
              ...(nextToken ? { nextToken } : {}),
            }),
          );
          for (const s of page.modelCustomizationJobSummaries ?? []) {
            jobs.push({
              arn: s.jobArn ?? '',
              name: s.jobName ?? '',
              status: toJobStatus(s.status),
              baseModelArn: s.baseModelArn ?? '',
              customizationType: s.customizationType,
              customModelName: s.customModelName,
              customModelArn: s.customModelArn,
              createdAt: s.creationTime ?? new Date(0),
              endedAt: s.endTime,
            });
          }
          nextToken = page.nextToken;
        } while (nextToken && jobs.length < max);
        return jobs.slice(0, max);
      }),

    stopJob: (jobIdentifier) =>
      call('StopModelCustomizationJob', async () => {
        await client.send(new StopModelCustomizationJobCommand({ jobIdentifier }));
      }),

    listCustomModels: (options = {}) =>
      call('ListCustomModels', async () => {
        const output = await client.send(
          new ListCustomModelsCommand({
            sortBy: 'CreationTime',
            sortOrder: 'Descending',
            maxResults: options.max ?? 50,
          }),
        );
        return (output.modelSummaries ?? []).map((m) => ({
          arn: m.modelArn ?? '',
          name: m.modelName ?? '',
          baseModelArn: m.baseModelArn ?? '',
          baseModelName: m.baseModelName ?? '',
          customizationType: m.customizationType,
          status: m.modelStatus,
          createdAt: m.creationTime ?? new Date(0),
        }));
      }),

    invocationTargets: (customModelArn) =>
      call('ListProvisionedModelThroughputs', async () => {
        const [provisioned, deployments] = await Promise.all([
          client.send(
            new ListProvisionedModelThroughputsCommand({
              modelArnEquals: customModelArn,
              statusEquals: 'InService',
            }),
          ),
          client.send(new ListCustomModelDeploymentsCommand({ modelArnEquals: customModelArn })),
        ]);
        return {
          provisioned: (provisioned.provisionedModelSummaries ?? [])
            .map((p) => p.provisionedModelArn ?? '')
            .filter(Boolean),
          deployments: (deployments.modelDeploymentSummaries ?? []).map((d) => ({
            arn: d.customModelDeploymentArn ?? '',
            name: d.customModelDeploymentName ?? '',
            status: d.status,
          })),
        };
      }),

    deployOnDemand: (customModelArn, deploymentName) =>
      call('CreateCustomModelDeployment', async () => {
        const output = await client.send(
          new CreateCustomModelDeploymentCommand({
            modelArn: customModelArn,
            modelDeploymentName: deploymentName,
          }),
        );
        if (!output.customModelDeploymentArn)
          throw new Error('CreateCustomModelDeployment answered without an ARN');
        return { deploymentArn: output.customModelDeploymentArn };
      }),
  };
}

function toJobStatus(status: string | undefined): JobStatus {
  switch (status) {
    case 'Completed':
    case 'Failed':
    case 'Stopping':
    case 'Stopped':
      return status;
    default:
      return 'InProgress';
  }
}

function toPhase(status: string | undefined): PhaseStatus {
  switch (status) {
    case 'InProgress':
    case 'Completed':
    case 'Stopping':
    case 'Stopped':
    case 'Failed':
      return status;
    default:
      return 'NotStarted';
  }
}

export function isFinished(status: JobStatus): boolean {
  return status === 'Completed' || status === 'Failed' || status === 'Stopped';
}
