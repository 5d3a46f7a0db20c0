import type { Job } from '../../jobs.js';
import { parseIndexCommand } from '../../rag/command-parsing.js';
import type { IndexAdmin } from '../../rag/index-admin.js';
import { statusBlocks, statusText } from '../../rag/status-view.js';
import type { WorkQueue } from '../../work-queue.js';
import type { Subcommand } from './bedrock-subcommands.js';

/** `/bedrock index add|remove|rebuild #channel` and `/bedrock index status` (admins only). */
export function indexSubcommand(deps: { admin: IndexAdmin; queue: WorkQueue<Job> }): Subcommand {
  return {
    usage: 'index add|remove|rebuild #channel, index status — answers from channel history',
    adminOnly: true,
    async run({ command, args, respond }) {
      const parsed = parseIndexCommand(args);
      if (!parsed.ok) {
        await respond({ text: parsed.message });
        return;
      }
      if (parsed.action === 'status') {
        const channels = await deps.admin.status();
        await respond({ text: statusText(channels), blocks: statusBlocks(channels, Date.now()) });
        return;
      }
      const outcome = await deps.admin[parsed.action](parsed.channel, command.user_id);
      if (outcome.job) await deps.queue.enqueue(outcome.job);
      await respond({ text: outcome.text });
    },
  };
}
