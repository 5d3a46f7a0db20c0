import { z } from 'zod';
import { validation } from './control-error.js';

const namePattern = /^[a-zA-Z0-9](-*[a-zA-Z0-9+\-.])*$/;
const s3Uri = z.string().regex(/^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/.*)?$/, 'must be an s3:// URI');

const tag = z.object({ key: z.string().min(1).max(128), value: z.string().max(256) });

/** The body of CreateModelCustomizationJob, checked as Bedrock checks it (names, ARNs, URIs, string maps). */
export const createJobRequest = z.object({
  jobName: z.string().min(1).max(63).regex(namePattern, 'must match [a-zA-Z0-9](-*[a-zA-Z0-9+\\-.])*'),
  customModelName: z
    .string()
    .min(1)
    .max(63)
    .regex(namePattern, 'must match [a-zA-Z0-9](-*[a-zA-Z0-9+\\-.])*'),
  roleArn: z.string().regex(/^arn:aws(-[^:]+)?:iam::([0-9]{12})?:role\/.+$/, 'must be an IAM role ARN'),
  baseModelIdentifier: z.string().min(1).max(2048),
  clientRequestToken: z.string().min(1).max(256).optional(),
  customizationType: z.enum(['FINE_TUNING', 'CONTINUED_PRE_TRAINING', 'DISTILLATION']).optional(),
  customModelKmsKeyId: z.string().optional(),
  jobTags: z.array(tag).max(200).optional(),
  customModelTags: z.array(tag).max(200).optional(),
  trainingDataConfig: z.object({ s3Uri }),
  validationDataConfig: z.object({ validators: z.array(z.object({ s3Uri })).min(1).max(10) }).optional(),
  outputDataConfig: z.object({ s3Uri }),
  hyperParameters: z.record(z.string(), z.string()).optional(),
});

export type CreateJobRequest = z.infer<typeof createJobRequest>;

export function parseCreateJobRequest(body: unknown): CreateJobRequest {
  const parsed = createJobRequest.safeParse(body);
  if (parsed.success) {
    for (const [key, value] of Object.entries(parsed.data.hyperParameters ?? {})) {
      if (!/^-?\d+(\.\d+)?([eE]-?\d+)?$/.test(value)) {
        throw validation(`Invalid hyperparameter value for ${key}: "${value}" is not a number.`);
      }
    }
    return parsed.data;
  }
  const issue = parsed.error.issues[0];
  const path = issue?.path.join('.') || 'body';
  throw validation(
    `1 validation error detected: Value at '${path}' failed to satisfy constraint: ${issue?.message ?? 'invalid'}`,
  );
}
