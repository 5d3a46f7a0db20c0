import type { AdminServices } from '../../admin/admin-services.js';
import { openFineTuneModal } from '../../admin/finetune-modal-flow.js';
import type { FineTuneModalJob } from '../../admin/finetune-modal-job.js';
import { jobListMessage, jobStatusMessage } from '../../admin/views/finetune-messages.js';
import type { JobCustomization } from '../../bedrock/customization.js';
import type { Subcommand } from './bedrock-subcommands.js';

const USAGE =
  'Usage: `/bedrock finetune create [base-model] [continued]` · `/bedrock finetune list` · `/bedrock finetune status <job>` · `/bedrock finetune stop <job>`';

/** `/bedrock finetune …`: Bedrock model customization jobs, for admins. */
export function finetuneSubcommand(
  tools: AdminServices,
  queue: { enqueue(job: FineTuneModalJob): Promise<void> },
): Subcommand {
  return {
    usage: 'finetune create|list|status <job>|stop <job> — fine-tuning jobs (admins)',
    adminOnly: true,
    // `create` opens a modal with the command's trigger_id, which Slack honours for 3 s only; a queued job fills it.
    runsBeforeAck: (args) => /^create\b/i.test(args),
    async run({ command, args, client, respond }) {
      const [action = '', ...rest] = args.split(/\s+/).filter(Boolean);
      const target = rest.join(' ');
      const now = tools.now();
      switch (action.toLowerCase()) {
        case 'create': {
          const [baseModelId, kind] = rest;
          const customization: JobCustomization | undefined =
            kind === undefined
              ? undefined
              : /^continued|^cpt$/i.test(kind)
                ? 'CONTINUED_PRE_TRAINING'
                : 'FINE_TUNING';
          await openFineTuneModal({
            client,
            triggerId: command.trigger_id,
            admin: command.user_id,
            state: { channel: command.channel_id },
            enqueue: (job) => queue.enqueue(job),
            ...(baseModelId ? { baseModelId } : {}),
            ...(customization ? { customization } : {}),
          });
          return;
        }
        case 'list':
          await respond(jobListMessage(await tools.fineTune.list(), now));
          return;
        case 'status':
          if (!target) return respond({ text: `Which job? ${USAGE}` });
          await respond(jobStatusMessage(await tools.fineTune.status(target), now));
          return;
        case 'stop': {
          if (!target) return respond({ text: `Which job? ${USAGE}` });
          const job = await tools.fineTune.stop(target);
          await respond({
            text: `:double_vertical_bar: Stopping \`${job.name}\` (now ${job.status}). I'll post in its thread when it has stopped.`,
          });
          return;
        }
        default:
          await respond({
            text: action
              ? `Unknown action \`${action.replace(/[`<>&]/g, '').slice(0, 20)}\`. ${USAGE}`
              : USAGE,
          });
      }
    },
  };
}
