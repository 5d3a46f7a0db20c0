import type { AdminServices } from '../../admin/admin-services.js';
import { deliverUsageReport } from '../../admin/usage-delivery.js';
import { parseUsageArgs, USAGE_SYNTAX } from '../../admin/usage-report.js';
import type { Subcommand } from './bedrock-subcommands.js';

/** `/bedrock usage [24h|7d|30d] [by user|channel|model]`: table + chart of model usage, for admins. */
export function usageSubcommand(tools: AdminServices): Subcommand {
  return {
    usage: `${USAGE_SYNTAX} — tokens, latency, errors and cost (admins)`,
    adminOnly: true,
    async run({ command, args, client, respond }) {
      const parsed = parseUsageArgs(args);
      if (!parsed.ok) {
        await respond({ text: `${parsed.problem}\nUsage: \`/bedrock ${USAGE_SYNTAX}\`` });
        return;
      }
      const answer = await deliverUsageReport({
        client,
        reporter: tools.usageReports,
        admin: command.user_id,
        channel: command.channel_id,
        period: parsed.period,
        groupBy: parsed.groupBy,
      });
      await respond(answer);
    },
  };
}
