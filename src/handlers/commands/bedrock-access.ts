import { ACCESS_USAGE, type AccessAdmin, BUDGET_USAGE } from '../../access/access-admin.js';
import type { Subcommand } from './bedrock-subcommands.js';

/** `/bedrock access …`: where Strata answers and which features are on, per channel (admins). */
export function accessSubcommand(admin: AccessAdmin): Subcommand {
  return {
    usage: 'access [allow|block|default|feature <f> on|off] [#channel] — where Strata answers (admins)',
    adminOnly: true,
    async run({ command, args, respond }) {
      if (args === 'help') return respond({ text: ACCESS_USAGE });
      await respond({ text: await admin.access(args, command.user_id, command.channel_id) });
    },
  };
}

/** `/bedrock budget …`: token budgets per user and channel, per day and month (admins). */
export function budgetSubcommand(admin: AccessAdmin): Subcommand {
  return {
    usage: 'budget [@user|#channel] [daily|monthly <tokens>|default] — token budgets (admins)',
    adminOnly: true,
    async run({ command, args, respond }) {
      if (args === 'help') return respond({ text: BUDGET_USAGE });
      await respond({ text: await admin.budget(args, command.user_id, command.channel_id) });
    },
  };
}
