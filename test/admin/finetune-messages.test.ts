import { describe, expect, it } from 'vitest';
import { jobEndedMessage } from '../../src/admin/views/finetune-messages.js';
import type { CustomizationJob, JobStatus } from '../../src/bedrock/customization.js';

const job = (status: JobStatus, minutes: number): CustomizationJob => ({
  arn: 'arn:aws:bedrock:us-east-1:123456789012:model-customization-job/support-bot',
  name: 'support-bot-20261126',
  status,
  baseModelArn: 'arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-text-express-v1',
  customizationType: 'FINE_TUNING',
  customModelName: 'support-bot',
  customModelArn: undefined,
  createdAt: new Date('2026-11-26T08:00:00Z'),
  endedAt: new Date(Date.parse('2026-11-26T08:00:00Z') + minutes * 60_000),
  roleArn: 'arn:aws:iam::123456789012:role/StrataCustomization',
  failureMessage: undefined,
  phases: undefined,
  hyperParameters: {},
  trainingDataUri: undefined,
  validationDataUri: undefined,
  outputDataUri: 's3://strata-blobs/finetune/output/',
  trainingLoss: undefined,
  validationLoss: undefined,
  lastModifiedAt: undefined,
});

describe('a job announcement once the job has ended', () => {
  it.each([
    ['Completed', ':white_check_mark:', 'completed after 42 min'],
    ['Failed', ':x:', 'failed after 42 min'],
    ['Stopped', ':octagonal_sign:', 'stopped after 42 min'],
  ] as const)('says %s and offers no Stop button', (status, emoji, outcome) => {
    const message = jobEndedMessage(job(status, 42), 'U0ADMIN');
    expect(message.text).toBe(
      `${emoji} <@U0ADMIN> started fine-tuning job \`support-bot-20261126\`. It ${outcome}; details in the thread.`,
    );
    expect(JSON.stringify(message.blocks)).not.toContain('button');
  });
});
