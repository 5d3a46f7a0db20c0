import type { WebClient } from '@slack/web-api';
import { toStrataError } from '../errors.js';
import type { Logger } from '../log.js';
import type { AdminServices } from './admin-services.js';
import type { FineTuneForm } from './fine-tune-form.js';
import { dataProblemsMessage, jobStartedMessage, type SlackMessage } from './views/finetune-messages.js';

/** A submitted fine-tune modal: download, validate, upload and create run after Slack's 3-second ack. */
export interface FineTuneCreateJob {
  kind: 'finetune-create';
  admin: string;
  /** ISO time of the submission; names the job so a retried run reuses it. */
  requestedAt: string;
  form: FineTuneForm;
}

export interface FineTuneJobDeps {
  client: WebClient;
  adminTools: AdminServices;
  logger: Logger;
}

export async function runFineTuneCreate(job: FineTuneCreateJob, deps: FineTuneJobDeps): Promise<void> {
  const { form, admin } = job;
  const log = deps.logger.child({ channel: form.channel, user: admin, feature: 'finetune' });
  const service = deps.adminTools.fineTune;
  try {
    const outcome = await service.start(form, admin, new Date(job.requestedAt));
    if (!outcome.ok) {
      log.info(
        { checks: outcome.checks.map((c) => ({ source: c.source, problems: c.report?.problemCount })) },
        'training data refused',
      );
      await tellAdmin(deps.client, form.channel, admin, dataProblemsMessage(outcome.plan, outcome.checks));
      return;
    }
    const message = jobStartedMessage({ ...outcome, admin, hyperParameters: form.hyperParameters });
    const posted = await postInChannelOrDm(deps.client, form.channel, admin, message, form.threadTs);
    await deps.adminTools.watches.add({
      jobArn: outcome.jobArn,
      jobName: outcome.jobName,
      admin,
      channel: posted.channel,
      threadTs: posted.ts,
      createdAt: deps.adminTools.now(),
    });
    log.info({ job: outcome.jobName, arn: outcome.jobArn }, 'customization job created');
  } catch (error) {
    const failure = toStrataError(error);
    log.error({ err: failure, code: failure.code }, 'fine-tune request failed');
    await tellAdmin(deps.client, form.channel, admin, {
      text: `${failure.toSlackText()}\nNo job was created.`,
    });
  }
}

/** Only the admin sees it: an ephemeral in the channel, or a DM when Strata is not in that channel. */
async function tellAdmin(
  client: WebClient,
  channel: string,
  user: string,
  message: SlackMessage,
): Promise<void> {
  try {
    await client.chat.postEphemeral({ channel, user, ...message });
  } catch {
    const dm = await client.conversations.open({ users: user });
    await client.chat.postMessage({ channel: dm.channel?.id ?? user, ...message });
  }
}

async function postInChannelOrDm(
  client: WebClient,
  channel: string,
  user: string,
  message: SlackMessage,
  threadTs: string | undefined,
): Promise<{ channel: string; ts: string }> {
  try {
    const posted = await client.chat.postMessage({
      channel,
      ...(threadTs ? { thread_ts: threadTs } : {}),
      ...message,
    });
    return { channel, ts: threadTs ?? posted.ts ?? '' };
  } catch {
    const dm = await client.conversations.open({ users: user });
    const target = dm.channel?.id ?? user;
    const posted = await client.chat.postMessage({ channel: target, ...message });
    return { channel: target, ts: posted.ts ?? '' };
  }
}
