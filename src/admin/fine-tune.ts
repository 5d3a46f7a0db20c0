import { createHash } from 'node:crypto';
import type { AuditLog } from '../access/audit-log.js';
import { type FoundationModel, type ModelCatalog, requireModel } from '../bedrock/catalog.js';
import {
  type CustomizationClient,
  type CustomizationJob,
  type CustomizationJobSummary,
  isFinished,
  type JobCustomization,
} from '../bedrock/customization.js';
import { StrataError } from '../errors.js';
import type { BlobStore } from '../store/blob-store.js';
import type { DataRef, FineTuneForm } from './fine-tune-form.js';
import { type HyperparameterSpec, hyperparameterSpecs } from './hyperparameters.js';
import { type JsonlReport, validateJsonl } from './jsonl-validation.js';
import { modelFamily } from './model-family.js';
import type { FetchSlackFile } from './slack-file.js';
import { type TrainingFormat, trainingFormat } from './training-formats.js';

export interface FineTuneDeps {
  catalog: ModelCatalog;
  customization: CustomizationClient;
  /** Strata's bucket: validated training data is uploaded here (SSE-KMS in AWS). */
  blobs: BlobStore;
  bucket: string;
  /** The service role Bedrock assumes to read the data and write the output; jobs can't start without it. */
  roleArn: string | undefined;
  customModelKmsKeyId?: string | undefined;
  fetchSlackFile: FetchSlackFile;
  maxFileBytes: number;
  audit: AuditLog;
  now: () => Date;
}

export interface ModelPlan {
  model: FoundationModel;
  customization: JobCustomization;
  format: TrainingFormat;
  specs: HyperparameterSpec[];
}

export interface DataCheck {
  label: 'training' | 'validation';
  /** File name or S3 URI, as the admin gave it. */
  source: string;
  /** undefined when the data is outside Strata's bucket: Bedrock checks it when the job starts. */
  report: JsonlReport | undefined;
}

export type StartOutcome =
  | { ok: true; jobArn: string; jobName: string; plan: ModelPlan; checks: DataCheck[] }
  | { ok: false; plan: ModelPlan; checks: DataCheck[] };

export interface FineTuneService {
  /** What the base model expects; a clear bad_input error for unknown or non-customizable models. */
  plan(baseModelId: string, customization: JobCustomization): Promise<ModelPlan>;
  /** Validates the data, uploads it, creates the job. Nothing is uploaded or created from invalid data. */
  /** `requestedAt` names the job, so a retried request reuses the same job (idempotency token). */
  start(form: FineTuneForm, admin: string, requestedAt: Date): Promise<StartOutcome>;
  list(max?: number): Promise<CustomizationJobSummary[]>;
  /** By job name, ARN, or the id at the end of the ARN. */
  status(ref: string): Promise<CustomizationJob>;
  stop(ref: string): Promise<CustomizationJob>;
}

export function createFineTuneService(deps: FineTuneDeps): FineTuneService {
  const plan = async (baseModelId: string, customization: JobCustomization): Promise<ModelPlan> => {
    const model = requireModel(await deps.catalog.find(baseModelId), baseModelId);
    if (!model.customizations.includes(customization)) {
      const supported =
        model.customizations.length > 0
          ? model.customizations.join(', ').toLowerCase().replace(/_/g, ' ')
          : 'none';
      throw new StrataError('bad_input', `${model.modelId} does not support ${customization}`, {
        userMessage: `${model.name} (\`${model.modelId}\`) does not support ${customization === 'FINE_TUNING' ? 'fine-tuning' : 'continued pre-training'} (supported: ${supported}). Run \`/bedrock models\` to see which models can be customized.`,
      });
    }
    const family = modelFamily(model.modelId);
    if (family === undefined) {
      throw new StrataError('bad_input', `no training format known for ${model.modelId}`, {
        userMessage: `Strata does not know the training data format of ${model.name} yet, so it cannot check your data. Create this job in the Bedrock console.`,
      });
    }
    return {
      model,
      customization,
      format: trainingFormat(family, customization),
      specs: hyperparameterSpecs(family, customization),
    };
  };

  const read = async (ref: DataRef): Promise<{ source: string; bytes: Uint8Array | undefined }> => {
    if (ref.kind === 'slack-file') {
      const file = await deps.fetchSlackFile(ref.fileId, deps.maxFileBytes);
      return { source: file.name, bytes: file.bytes };
    }
    const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(ref.uri);
    if (match?.[1] !== deps.bucket || !match[2]) return { source: ref.uri, bytes: undefined };
    const object = await deps.blobs.get(match[2]);
    if (!object) {
      throw new StrataError('bad_input', `no object at ${ref.uri}`, {
        userMessage: `There is no object at ${ref.uri}. Check the URI.`,
      });
    }
    return { source: ref.uri, bytes: object.body };
  };

  const resolve = async (ref: string): Promise<CustomizationJob> => {
    const wanted = ref.trim();
    if (!/^[\w:./+-]{1,2048}$/.test(wanted)) throw unknownJob(ref);
    try {
      return await deps.customization.getJob(wanted);
    } catch (error) {
      if (!(error instanceof StrataError) || error.code !== 'model_not_found') throw error;
    }
    const byId = (await deps.customization.listJobs({ max: 100 })).find((j) => j.arn.endsWith(`/${wanted}`));
    if (!byId) throw unknownJob(ref);
    return deps.customization.getJob(byId.arn);
  };

  return {
    plan,

    async start(form, admin, requestedAt) {
      const roleArn = deps.roleArn;
      if (roleArn === undefined) {
        throw new StrataError('bad_input', 'no customization role configured', {
          userMessage: NOT_CONFIGURED,
        });
      }
      const modelPlan = await plan(form.baseModelId, form.customization);
      const stamp = requestedAt.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
      // `support-bot-20251120-100000`; a name that already carries the date gets only the time.
      const suffix = form.customModelName.includes(stamp.slice(0, 8)) ? stamp.slice(9) : stamp;
      const jobName = `${form.customModelName.slice(0, 47)}-${suffix}`;
      const prefix = `finetune/${jobName}`;
      const sources: Array<[DataCheck['label'], DataRef | undefined]> = [
        ['training', form.training],
        ['validation', form.validation],
      ];
      const checks: DataCheck[] = [];
      const uploads: Array<
        | { label: DataCheck['label']; key: string; bytes: Uint8Array }
        | { label: DataCheck['label']; uri: string }
      > = [];
      for (const [label, ref] of sources) {
        if (!ref) continue;
        const { source, bytes } = await read(ref);
        const report =
          bytes === undefined ? undefined : validateJsonl(bytes, modelPlan.format, { role: label });
        checks.push({ label, source, report });
        if (ref.kind === 's3') uploads.push({ label, uri: ref.uri });
        else if (bytes) uploads.push({ label, key: `${prefix}/${label}.jsonl`, bytes });
      }
      const audited = {
        baseModelId: modelPlan.model.modelId,
        customization: form.customization,
        data: checks.map((c) => ({ label: c.label, source: c.source, records: c.report?.records })),
        hyperParameters: form.hyperParameters,
        outputUri: form.outputUri,
        customModelName: form.customModelName,
      };
      const problems = checks.reduce((n, c) => n + (c.report?.problemCount ?? 0), 0);
      if (problems > 0) {
        await deps.audit.record({
          actor: admin,
          action: 'finetune.create',
          channel: form.channel,
          parameters: audited,
          outcome: 'invalid',
          detail: `${problems} data problems; nothing uploaded`,
        });
        return { ok: false, plan: modelPlan, checks };
      }

      const uris: Partial<Record<DataCheck['label'], string>> = {};
      for (const upload of uploads) {
        if ('uri' in upload) {
          uris[upload.label] = upload.uri;
        } else {
          await deps.blobs.put(upload.key, upload.bytes, 'application/jsonl');
          uris[upload.label] = `s3://${deps.bucket}/${upload.key}`;
        }
      }
      const { jobArn } = await deps.customization.createJob({
        jobName,
        customModelName: form.customModelName,
        baseModelId: modelPlan.model.modelId,
        customizationType: form.customization,
        roleArn,
        trainingDataUri: uris.training ?? '',
        ...(uris.validation ? { validationDataUri: uris.validation } : {}),
        outputDataUri: form.outputUri,
        hyperParameters: form.hyperParameters,
        ...(deps.customModelKmsKeyId ? { kmsKeyId: deps.customModelKmsKeyId } : {}),
        tags: { 'strata:requested-by': admin },
        clientRequestToken: createHash('sha256').update(`${admin}:${jobName}`).digest('hex').slice(0, 64),
      });
      await deps.audit.record({
        actor: admin,
        action: 'finetune.create',
        channel: form.channel,
        parameters: { ...audited, jobArn },
        outcome: 'ok',
      });
      return { ok: true, jobArn, jobName, plan: modelPlan, checks };
    },

    list: (max = 20) => deps.customization.listJobs({ max }),

    status: resolve,

    async stop(ref) {
      const job = await resolve(ref);
      if (isFinished(job.status) || job.status === 'Stopping') {
        const when = job.endedAt ? ` at ${job.endedAt.toISOString().replace('T', ' ').slice(0, 16)} UTC` : '';
        throw new StrataError('bad_input', `job ${job.name} is ${job.status}`, {
          userMessage: `Fine-tuning job \`${job.name}\` is already ${job.status.toLowerCase()}${when}; there is nothing to stop.`,
        });
      }
      await deps.customization.stopJob(job.arn);
      return deps.customization.getJob(job.arn);
    },
  };
}

export const NOT_CONFIGURED =
  'Fine-tuning is not configured: set STRATA_FINETUNE_ROLE_ARN to the service role Bedrock assumes for customization jobs.';

function unknownJob(ref: string): StrataError {
  const shown = ref.replace(/[`<>&]/g, '').slice(0, 80);
  return new StrataError('bad_input', `unknown job ${shown}`, {
    userMessage: `There is no fine-tuning job named \`${shown}\`. Run \`/bedrock finetune list\` to see the jobs.`,
  });
}
