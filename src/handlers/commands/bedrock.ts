import type { App } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { AdminPolicy } from '../../access/admin-policy.js';
import type { AuditEntry } from '../../access/audit-log.js';
import type { BedrockCommandRunner, CommandFields } from '../../bedrock-command-job.js';
import { toStrataError } from '../../errors.js';
import type { Job } from '../../jobs.js';
import type { Logger } from '../../log.js';
import type { Notifier } from '../../sql/slack/notify.js';
import type { WorkQueue } from '../../work-queue.js';
import type { Subcommand, SubcommandContext, SubcommandRegistry } from './bedrock-subcommands.js';

interface BedrockCommandDeps {
  subcommands: SubcommandRegistry;
  admins: AdminPolicy;
  logger: Logger;
  /** Admin commands and refused attempts are written here (append-only). */
  audit?: { record(entry: AuditEntry): Promise<void> };
}

type Reply = SubcommandContext['respond'];

/**
 * `/bedrock <subcommand> …`: one entry point for settings and admin tools; each subcommand lives in its own
 * file. The handler only acks, checks who may run it and queues it; a subcommand runs before the ack only
 * when it opens a modal (`runsBeforeAck`). In Lambda this handler is the ingress function, so nothing slow
 * or native happens here.
 */
export function registerBedrockCommand(app: App, deps: BedrockCommandDeps & { queue: WorkQueue<Job> }): void {
  app.command('/bedrock', async ({ command, ack, respond, client }) => {
    await ack();
    const [name = 'help', ...rest] = command.text.trim().split(/\s+/);
    const key = name.toLowerCase();
    const args = rest.join(' ').trim();
    const reply: Reply = async (message) => {
      await respond({ response_type: 'ephemeral', replace_original: false, ...message } as Parameters<
        typeof respond
      >[0]);
    };
    const subcommand = deps.subcommands.get(key);
    if (subcommand === undefined) {
      await reply({ text: helpText(deps.subcommands, name === 'help' ? undefined : name) });
      return;
    }
    const context = { command, args, client, respond: reply, logger: logFor(deps, command, name) };
    if (!(await mayRun(deps, subcommand, key, context))) return;
    if (subcommand.runsBeforeAck?.(args)) {
      await runSubcommand(deps, subcommand, key, context);
      return;
    }
    try {
      await deps.queue.enqueue({ kind: 'bedrock-command', name: key, args, command: fieldsOf(command) });
    } catch (error) {
      const failure = toStrataError(error);
      context.logger.error({ err: failure, code: failure.code }, 'bedrock subcommand not queued');
      await reply({ text: failure.toSlackText() });
    }
  });
}

/**
 * The queued half of `/bedrock`: runs the subcommand from the work queue (the server's, or the Lambda
 * worker) and answers through the command's response_url, or an ephemeral message once that has expired.
 */
export function createBedrockCommandRunner(
  deps: BedrockCommandDeps & { client: WebClient; notifier: Notifier },
): BedrockCommandRunner {
  return async (job) => {
    const { command } = job;
    const respond: Reply = (message) =>
      deps.notifier.tell(
        { channel: command.channel_id, user: command.user_id, responseUrl: command.response_url },
        message as Parameters<Notifier['tell']>[1],
      );
    const subcommand = deps.subcommands.get(job.name);
    if (subcommand === undefined) {
      await respond({ text: helpText(deps.subcommands, job.name) });
      return;
    }
    const context = {
      command,
      args: job.args,
      client: deps.client,
      respond,
      logger: logFor(deps, command, job.name),
    };
    // Checked again here: the queue is the only way in, but who may run what stays this file's decision.
    if (!(await mayRun(deps, subcommand, job.name, context))) return;
    await runSubcommand(deps, subcommand, job.name, context);
  };
}

function logFor(deps: BedrockCommandDeps, command: CommandFields, name: string): Logger {
  return deps.logger.child({ channel: command.channel_id, user: command.user_id, subcommand: name });
}

function fieldsOf(command: CommandFields): CommandFields {
  const { user_id, channel_id, trigger_id, response_url } = command;
  return { user_id, channel_id, trigger_id, response_url };
}

function auditor(deps: BedrockCommandDeps, name: string, context: SubcommandContext) {
  return (outcome: AuditEntry['outcome'], detail?: string) =>
    deps.audit
      ?.record({
        actor: context.command.user_id,
        action: `bedrock ${name}`,
        channel: context.command.channel_id,
        parameters: { args: context.args },
        outcome,
        ...(detail ? { detail } : {}),
      })
      .catch((error: unknown) => context.logger.error({ err: error }, 'audit record failed'));
}

async function mayRun(
  deps: BedrockCommandDeps,
  subcommand: Subcommand,
  name: string,
  context: SubcommandContext,
): Promise<boolean> {
  if (!subcommand.adminOnly || (await deps.admins.isAdmin(context.command.user_id))) return true;
  context.logger.warn({ outcome: 'denied' }, 'admin command refused');
  await auditor(deps, name, context)('denied', 'not a Strata admin');
  await context.respond({
    text: `:lock: \`/bedrock ${name}\` is for Strata admins only. Ask an admin if you need it.`,
  });
  return false;
}

async function runSubcommand(
  deps: BedrockCommandDeps,
  subcommand: Subcommand,
  name: string,
  context: SubcommandContext,
): Promise<void> {
  const audit = auditor(deps, name, context);
  try {
    await subcommand.run(context);
    if (subcommand.adminOnly) await audit('ok');
  } catch (error) {
    const failure = toStrataError(error);
    context.logger.error({ err: failure, code: failure.code }, 'bedrock subcommand failed');
    if (subcommand.adminOnly)
      await audit(failure.code === 'bad_input' ? 'invalid' : 'failed', failure.userMessage);
    await context.respond({ text: failure.toSlackText() });
  }
}

function helpText(subcommands: SubcommandRegistry, unknown: string | undefined): string {
  const lines = [...subcommands.entries()].map(([name, s]) => `• \`/bedrock ${s.usage || name}\``);
  const head = unknown ? `Unknown subcommand \`${unknown.replace(/[<>&`]/g, '')}\`. ` : '';
  return `${head}Usage:\n${lines.length > 0 ? lines.join('\n') : '• (no subcommands yet)'}`;
}
