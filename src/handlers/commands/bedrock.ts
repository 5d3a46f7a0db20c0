import type { App } from '@slack/bolt';
import type { AdminPolicy } from '../../access/admin-policy.js';
import type { AuditEntry } from '../../access/audit-log.js';
import { toStrataError } from '../../errors.js';
import type { Logger } from '../../log.js';
import type { SubcommandRegistry } from './bedrock-subcommands.js';

/** `/bedrock <subcommand> …`: one entry point for settings and admin tools; each subcommand lives in its own file. */
export function registerBedrockCommand(
  app: App,
  deps: {
    subcommands: SubcommandRegistry;
    admins: AdminPolicy;
    logger: Logger;
    /** Admin commands and refused attempts are written here (append-only). */
    audit?: { record(entry: AuditEntry): Promise<void> };
  },
): void {
  app.command('/bedrock', async ({ command, ack, respond, client }) => {
    await ack();
    const [name = 'help', ...rest] = command.text.trim().split(/\s+/);
    const subcommand = deps.subcommands.get(name.toLowerCase());
    const log = deps.logger.child({ channel: command.channel_id, user: command.user_id, subcommand: name });
    const reply = async (message: { text: string; blocks?: unknown[] }) => {
      await respond({ response_type: 'ephemeral', replace_original: false, ...message } as Parameters<
        typeof respond
      >[0]);
    };
    if (subcommand === undefined) {
      await reply({ text: helpText(deps.subcommands, name === 'help' ? undefined : name) });
      return;
    }
    const args = rest.join(' ').trim();
    const audit = (outcome: AuditEntry['outcome'], detail?: string) =>
      deps.audit
        ?.record({
          actor: command.user_id,
          action: `bedrock ${name.toLowerCase()}`,
          channel: command.channel_id,
          parameters: { args },
          outcome,
          ...(detail ? { detail } : {}),
        })
        .catch((error: unknown) => log.error({ err: error }, 'audit record failed'));
    if (subcommand.adminOnly && !(await deps.admins.isAdmin(command.user_id))) {
      log.warn({ outcome: 'denied' }, 'admin command refused');
      await audit('denied', 'not a Strata admin');
      await reply({
        text: `:lock: \`/bedrock ${name}\` is for Strata admins only. Ask an admin if you need it.`,
      });
      return;
    }
    try {
      await subcommand.run({ command, args, client, logger: log, respond: reply });
      if (subcommand.adminOnly) await audit('ok');
    } catch (error) {
      const failure = toStrataError(error);
      log.error({ err: failure, code: failure.code }, 'bedrock subcommand failed');
      if (subcommand.adminOnly)
        await audit(failure.code === 'bad_input' ? 'invalid' : 'failed', failure.userMessage);
      await reply({ text: failure.toSlackText() });
    }
  });
}

function helpText(subcommands: SubcommandRegistry, unknown: string | undefined): string {
  const lines = [...subcommands.entries()].map(([name, s]) => `• \`/bedrock ${s.usage || name}\``);
  const head = unknown ? `Unknown subcommand \`${unknown.replace(/[<>&`]/g, '')}\`. ` : '';
  return `${head}Usage:\n${lines.length > 0 ? lines.join('\n') : '• (no subcommands yet)'}`;
}
