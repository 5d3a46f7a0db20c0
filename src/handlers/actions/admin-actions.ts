import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { z } from 'zod';
import type { AdminServices } from '../../admin/admin-services.js';
import type { FineTuneCreateJob } from '../../admin/finetune-job.js';
import { chooseBaseModel, submitFineTune } from '../../admin/finetune-modal-flow.js';
import type { FineTuneModalJob } from '../../admin/finetune-modal-job.js';
import {
  FINETUNE_DEPLOY_ACTION,
  FINETUNE_STOP_ACTION,
  FINETUNE_USE_ACTION,
} from '../../admin/views/finetune-messages.js';
import { FINETUNE_CHOOSE_CALLBACK, FINETUNE_CREATE_CALLBACK } from '../../admin/views/finetune-modal.js';
import { filterModels, MODELS_PAGE_ACTION, modelsPage } from '../../admin/views/models-blocks.js';
import { toStrataError } from '../../errors.js';
import type { Logger } from '../../log.js';

type Say = (text: string) => Promise<unknown>;

/** The fine-tune modal, the buttons on job messages (admins only, refusals audited), and catalog paging. */
export function registerAdminActions(
  app: App,
  deps: {
    tools: AdminServices;
    enqueue: (job: FineTuneCreateJob | FineTuneModalJob) => Promise<void>;
    logger: Logger;
  },
): void {
  const { tools, logger } = deps;
  const refuse = async (user: string, action: string, channel: string | undefined, say: Say) => {
    await tools.audit
      .record({
        actor: user,
        action,
        ...(channel ? { channel } : {}),
        outcome: 'denied',
        detail: 'not a Strata admin',
      })
      .catch((error: unknown) => logger.error({ err: error }, 'audit record failed'));
    await say(':lock: Only Strata admins can do that.');
  };

  app.view(FINETUNE_CHOOSE_CALLBACK, async ({ ack, body, view }) => {
    if (!(await tools.admins.isAdmin(body.user.id))) {
      await refuse(body.user.id, 'finetune.create', undefined, async () => undefined);
      await ack({
        response_action: 'errors',
        errors: { base_model: 'Only Strata admins can fine-tune models.' },
      });
      return;
    }
    const { answer, job } = chooseBaseModel(
      view.state.values,
      { id: view.id, privateMetadata: view.private_metadata },
      body.user.id,
    );
    await ack(answer);
    if (job) await deps.enqueue(job);
  });

  app.view(FINETUNE_CREATE_CALLBACK, async ({ ack, body, view }) => {
    if (!(await tools.admins.isAdmin(body.user.id))) {
      await refuse(body.user.id, 'finetune.create', undefined, async () => undefined);
      await ack({
        response_action: 'errors',
        errors: { model_name: 'Only Strata admins can fine-tune models.' },
      });
      return;
    }
    const result = submitFineTune(view.state.values, view.private_metadata, body.user.id, tools);
    if ('errors' in result) {
      await ack({ response_action: 'errors', errors: result.errors });
      return;
    }
    await ack();
    await deps.enqueue(result.job);
  });

  const adminButton = (
    actionId: string,
    audited: string,
    run: (value: string, channel: string, user: string) => Promise<string>,
  ) => {
    app.action<BlockAction<ButtonAction>>(actionId, async ({ ack, body, action, respond }) => {
      await ack();
      const channel = body.channel?.id ?? '';
      const say: Say = (text) => respond({ response_type: 'ephemeral', replace_original: false, text });
      if (!(await tools.admins.isAdmin(body.user.id))) return refuse(body.user.id, audited, channel, say);
      try {
        await say(await run(action.value ?? '', channel, body.user.id));
      } catch (error) {
        const failure = toStrataError(error);
        logger.warn({ err: failure, code: failure.code, action: actionId }, 'admin action failed');
        await say(failure.toSlackText());
      }
    });
  };

  adminButton(FINETUNE_STOP_ACTION, 'finetune.stop', async (jobArn, channel, user) => {
    const job = await tools.fineTune.stop(jobArn);
    await tools.audit.record({
      actor: user,
      action: 'finetune.stop',
      channel,
      parameters: { jobArn },
      outcome: 'ok',
    });
    return `:double_vertical_bar: Stopping \`${job.name}\` (now ${job.status}). I'll post here when it has stopped.`;
  });
  adminButton(FINETUNE_USE_ACTION, 'settings.channel-model', async (customModelArn, channel, admin) => {
    const modelId = await tools.customModels.useInChannel({ customModelArn, channel, admin });
    return `:white_check_mark: <#${channel}> now answers with \`${modelId}\`. Change it any time with \`/bedrock settings\`.`;
  });
  adminButton(FINETUNE_DEPLOY_ACTION, 'finetune.deploy', async (customModelArn, channel, admin) => {
    const arn = await tools.customModels.deploy({ customModelArn, channel, admin });
    return `:rocket: On-demand deployment started (\`${arn}\`). It takes a few minutes; then press *Use in this channel*.`;
  });

  const pageValue = z.object({
    provider: z.string().optional(),
    modality: z.string().optional(),
    page: z.number().int().min(0),
  });
  app.action<BlockAction<ButtonAction>>(
    new RegExp(`^${MODELS_PAGE_ACTION}_`),
    async ({ ack, action, respond }) => {
      await ack();
      const parsed = pageValue.safeParse(safeJson(action.value));
      if (!parsed.success) return;
      const { page, ...filter } = parsed.data;
      const message = modelsPage(filterModels(await tools.catalog.list(), filter), filter, page);
      await respond({ replace_original: true, ...message } as Parameters<typeof respond>[0]);
    },
  );
}

function safeJson(text: string | undefined): unknown {
  try {
    return JSON.parse(text ?? '');
  } catch {
    return undefined;
  }
}
