import type { AuditLog } from '../../access/audit-log.js';
import { auditMessage, parseAuditArgs } from '../../admin/views/audit-blocks.js';
import type { Subcommand } from './bedrock-subcommands.js';

/** `/bedrock audit [n]`: the newest audit records, for admins. */
export function auditSubcommand(audit: AuditLog): Subcommand {
  return {
    usage: 'audit [n] — the last n audit records, default 20 (admins)',
    adminOnly: true,
    async run({ args, respond }) {
      const parsed = parseAuditArgs(args);
      if (!parsed.ok) {
        await respond({ text: `${parsed.problem}\nUsage: \`/bedrock audit [n]\`` });
        return;
      }
      await respond(auditMessage(await audit.latest(parsed.count), parsed.count));
    },
  };
}
