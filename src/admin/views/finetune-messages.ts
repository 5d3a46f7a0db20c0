import type { KnownBlock } from '@slack/types';
import type { CustomizationJob, CustomizationJobSummary, JobStatus } from '../../bedrock/customization.js';
import type { DataCheck, ModelPlan } from '../fine-tune.js';

export const FINETUNE_STOP_ACTION = 'finetune_stop';
export const FINETUNE_USE_ACTION = 'finetune_use_in_channel';
export const FINETUNE_DEPLOY_ACTION = 'finetune_deploy';

export interface SlackMessage {
  text: string;
  blocks?: KnownBlock[];
}

const statusEmoji: Record<JobStatus, string> = {
  InProgress: ':hourglass_flowing_sand:',
  Completed: ':white_check_mark:',
  Failed: ':x:',
  Stopping: ':double_vertical_bar:',
  Stopped: ':octagonal_sign:',
};

const code = (text: string) => `\`${text.replace(/`/g, "'")}\``;
const when = (at: Date) => `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
const baseOf = (arn: string) => arn.split('/').at(-1) ?? arn;

export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min${s % 60 ? ` ${s % 60} s` : ''}`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h${m % 60 ? ` ${m % 60} min` : ''}`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

/** Invalid training data: the first problems with line numbers, the total, and the format expected. */
export function dataProblemsMessage(plan: ModelPlan, checks: readonly DataCheck[]): SlackMessage {
  const lines = [`:x: *No job was created* — the data needs fixing first. Nothing was uploaded.`];
  for (const check of checks) {
    const report = check.report;
    if (!report || report.problemCount === 0) continue;
    lines.push(
      '',
      `*${check.source}* (${check.label} data): ${report.problemCount} problem${report.problemCount === 1 ? '' : 's'}`,
    );
    for (const p of report.problems) lines.push(`• ${p.line > 0 ? `line ${p.line}: ` : ''}${p.message}`);
    const more = report.problemCount - report.problems.length;
    if (more > 0) lines.push(`…and ${more} more.`);
  }
  lines.push('', `${plan.model.name} expects one JSON object per line: ${code(plan.format.example)}`);
  return { text: lines.join('\n') };
}

export function jobStartedMessage(input: {
  jobName: string;
  jobArn: string;
  admin: string;
  plan: ModelPlan;
  checks: readonly DataCheck[];
  hyperParameters: Record<string, string>;
}): SlackMessage {
  const data = input.checks
    .map(
      (c) =>
        `${c.label}: ${c.source}${c.report ? ` (${c.report.records.toLocaleString('en-US')} records, checked)` : ' (checked by Bedrock when the job starts)'}`,
    )
    .join(' · ');
  const hp = Object.entries(input.hyperParameters)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
  const text = `:hourglass_flowing_sand: <@${input.admin}> started fine-tuning job ${code(input.jobName)} on ${input.plan.model.name}. I'll post here when it completes or fails.`;
  return {
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: `${data}\n${hp}` }] },
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            action_id: FINETUNE_STOP_ACTION,
            text: { type: 'plain_text', text: 'Stop job' },
            style: 'danger',
            value: input.jobArn,
            confirm: {
              title: { type: 'plain_text', text: 'Stop this job?' },
              text: {
                type: 'plain_text',
                text: `Stop ${input.jobName}? Training so far is billed and no model is produced.`,
              },
              confirm: { type: 'plain_text', text: 'Stop it' },
              deny: { type: 'plain_text', text: 'Keep running' },
            },
          },
        ],
      },
    ],
  };
}

export function jobListMessage(jobs: readonly CustomizationJobSummary[], now: Date): SlackMessage {
  if (jobs.length === 0) {
    return { text: 'No fine-tuning jobs yet. Start one with `/bedrock finetune create`.' };
  }
  const lines = jobs.map((j) => {
    const took = formatDuration((j.endedAt ?? now).getTime() - j.createdAt.getTime());
    const model = j.customModelArn ? ` → ${code(j.customModelName ?? baseOf(j.customModelArn))}` : '';
    return `${statusEmoji[j.status]} ${code(j.name)} · ${j.status} · ${baseOf(j.baseModelArn)} · started ${when(j.createdAt)} · ${took}${model}`;
  });
  return {
    text: `*Fine-tuning jobs* (newest first)\n${lines.join('\n')}\n_Details: \`/bedrock finetune status <job>\`_`,
  };
}

export function jobStatusMessage(job: CustomizationJob, now: Date): SlackMessage {
  const lines = [
    `${statusEmoji[job.status]} *${job.name}* — ${job.status}`,
    `Base model: ${code(baseOf(job.baseModelArn))} · ${(job.customizationType ?? 'FINE_TUNING').toLowerCase().replace(/_/g, ' ')}`,
    `Started ${when(job.createdAt)} · ${job.endedAt ? `took ${formatDuration(job.endedAt.getTime() - job.createdAt.getTime())}` : `running for ${formatDuration(now.getTime() - job.createdAt.getTime())}`}`,
  ];
  if (job.phases) {
    lines.push(
      `Validation: ${job.phases.validation} · Data processing: ${job.phases.dataProcessing} · Training: ${job.phases.training}`,
    );
  }
  const metrics = [
    job.trainingLoss === undefined ? '' : `training loss ${job.trainingLoss}`,
    job.validationLoss === undefined ? '' : `validation loss ${job.validationLoss}`,
  ].filter(Boolean);
  if (metrics.length > 0) lines.push(`Metrics: ${metrics.join(' · ')}`);
  if (Object.keys(job.hyperParameters).length > 0) {
    lines.push(
      `Hyperparameters: ${Object.entries(job.hyperParameters)
        .map(([k, v]) => `${k}=${v}`)
        .join(', ')}`,
    );
  }
  lines.push(
    `Output model: ${job.customModelArn ? `${code(job.customModelName ?? '')} (${code(job.customModelArn)})` : `${code(job.customModelName ?? '')} (when it completes)`}`,
  );
  if (job.failureMessage) lines.push(`:warning: ${job.failureMessage}`);
  return { text: lines.join('\n') };
}

const usageHelp = (name: string) =>
  `*Using ${code(name)}:* a custom model answers only through *Provisioned Throughput* (buy model units for it in the Bedrock console or with \`CreateProvisionedModelThroughput\`; billed per hour) or, where the base model supports it, an *on-demand deployment* (\`CreateCustomModelDeployment\`, billed per token). Invoke it with the provisioned model ARN or the deployment ARN. Once one of them is ready, press *Use in this channel*.`;

const tookOf = (job: CustomizationJob) =>
  formatDuration((job.endedAt ?? job.createdAt).getTime() - job.createdAt.getTime());

/** The message that announced a job, once the job has ended: no Stop button, and the outcome in a line. */
export function jobEndedMessage(job: CustomizationJob, admin: string): SlackMessage {
  const outcome = job.status === 'Completed' ? 'completed' : job.status === 'Failed' ? 'failed' : 'stopped';
  const text = `${statusEmoji[job.status]} <@${admin}> started fine-tuning job ${code(job.name)}. It ${outcome} after ${tookOf(job)}; details in the thread.`;
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
}

export function jobFinishedMessage(job: CustomizationJob, admin: string): SlackMessage {
  const took = tookOf(job);
  if (job.status === 'Completed' && job.customModelArn) {
    const loss = [
      job.trainingLoss === undefined ? '' : `training loss ${job.trainingLoss}`,
      job.validationLoss === undefined ? '' : `validation loss ${job.validationLoss}`,
    ]
      .filter(Boolean)
      .join(', ');
    const text = `:white_check_mark: <@${admin}> fine-tuning job ${code(job.name)} completed in ${took}. Custom model ${code(job.customModelName ?? '')} is ready${loss ? ` (${loss})` : ''}.`;
    return {
      text,
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text } },
        { type: 'context', elements: [{ type: 'mrkdwn', text: `Model ARN: ${code(job.customModelArn)}` }] },
        { type: 'section', text: { type: 'mrkdwn', text: usageHelp(job.customModelName ?? job.name) } },
        {
          type: 'actions',
          elements: [
            {
              type: 'button',
              action_id: FINETUNE_DEPLOY_ACTION,
              text: { type: 'plain_text', text: 'Deploy on demand' },
              value: job.customModelArn,
            },
            {
              type: 'button',
              action_id: FINETUNE_USE_ACTION,
              text: { type: 'plain_text', text: 'Use in this channel' },
              style: 'primary',
              value: job.customModelArn,
            },
          ],
        },
      ],
    };
  }
  if (job.status === 'Failed') {
    return {
      text: `:x: <@${admin}> fine-tuning job ${code(job.name)} failed after ${took}: ${job.failureMessage ?? 'Bedrock gave no reason.'}\nFix the data or settings and start a new job with \`/bedrock finetune create\`.`,
    };
  }
  return {
    text: `:octagonal_sign: <@${admin}> fine-tuning job ${code(job.name)} was stopped after ${took}. No model was produced.`,
  };
}
