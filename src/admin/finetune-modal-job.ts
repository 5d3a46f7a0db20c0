import type { ModalView } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import type { JobCustomization } from '../bedrock/customization.js';
import { toStrataError } from '../errors.js';
import type { Logger } from '../log.js';
import { slackErrorCode } from '../slack/slack-call.js';
import type { AdminServices } from './admin-services.js';
import type { ModelPlan } from './fine-tune.js';
import { sharedJsonlFiles } from './shared-files.js';
import { fineTuneMessageView } from './views/finetune-loading.js';
import { chooseBaseModelView, type FineTuneModalState, fineTuneFormView } from './views/finetune-modal.js';

/**
 * A fine-tune modal shown as "Loading…", to be filled by the worker: the model catalog and the channel's
 * files are read here, never in the request that opened the modal (Slack's 3-second window).
 */
export interface FineTuneModalJob {
  kind: 'finetune-modal';
  admin: string;
  viewId: string;
  /** The loading view's hash when known: the fill is dropped if the modal changed meanwhile. */
  hash?: string;
  state: FineTuneModalState;
  /**
   * `open`: `/bedrock finetune create [model]`, the form for that model or the model picker.
   * `choice`: the model picked in step 1, its form.
   */
  step: 'open' | 'choice';
  baseModelId?: string;
  customization?: JobCustomization;
}

export interface FineTuneModalDeps {
  client: WebClient;
  adminTools: AdminServices;
  logger: Logger;
}

/** Fills the modal in place (`views.update` by id and hash); anything that goes wrong is shown in it. */
export async function runFineTuneModalFill(job: FineTuneModalJob, deps: FineTuneModalDeps): Promise<void> {
  const log = deps.logger.child({ channel: job.state.channel, user: job.admin, feature: 'finetune' });
  const view = await buildView(job, deps).catch(async (error: unknown) => {
    const failure = toStrataError(error);
    log.warn({ err: failure, code: failure.code, step: job.step }, 'fine-tune modal could not be filled');
    // A model that can't be customized that way: the picker again, with the reason, so another can be chosen.
    if (job.step === 'choice' && failure.code === 'bad_input') {
      const models = await deps.adminTools.catalog.customizable().catch(() => undefined);
      if (models?.length) return chooseBaseModelView(models, job.state, failure.toSlackText());
    }
    return fineTuneMessageView(failure.toSlackText());
  });
  const update = (shown: ModalView) =>
    deps.client.views.update({ view_id: job.viewId, ...(job.hash ? { hash: job.hash } : {}), view: shown });
  try {
    await update(view);
  } catch (error) {
    const code = slackErrorCode(error);
    if (code === 'hash_conflict' || code === 'not_found') {
      log.info({ code, step: job.step }, 'fine-tune modal closed or changed before it was filled');
      return;
    }
    // Slack refused the view itself: say so in the modal rather than leave it loading.
    log.error({ err: error, code, step: job.step }, 'fine-tune modal could not be shown');
    await update(
      fineTuneMessageView(':warning: Strata could not show this form. Try again, or tell your admin.'),
    );
  }
}

async function buildView(job: FineTuneModalJob, deps: FineTuneModalDeps): Promise<ModalView> {
  const tools = deps.adminTools;
  if (tools.fineTuneDisabled) return fineTuneMessageView(`:warning: ${tools.fineTuneDisabled}`);
  if (job.baseModelId) {
    const customization = job.customization ?? (await defaultCustomization(tools, job.baseModelId));
    const plan = await tools.fineTune.plan(job.baseModelId, customization);
    return formView(plan, tools, job.state, deps.client);
  }
  const models = await tools.catalog.customizable();
  if (models.length === 0) return fineTuneMessageView('No model in this region can be customized.');
  return chooseBaseModelView(models, job.state);
}

/** Fine-tuning, unless the model supports only continued pre-training. */
async function defaultCustomization(tools: AdminServices, baseModelId: string): Promise<JobCustomization> {
  const model = await tools.catalog.find(baseModelId);
  return model?.customizations.includes('FINE_TUNING') === false &&
    model.customizations.includes('CONTINUED_PRE_TRAINING')
    ? 'CONTINUED_PRE_TRAINING'
    : 'FINE_TUNING';
}

async function formView(
  plan: ModelPlan,
  tools: AdminServices,
  state: FineTuneModalState,
  client: WebClient,
): Promise<ModalView> {
  const day = tools.now().toISOString().slice(0, 10).replace(/-/g, '');
  const short =
    plan.model.modelId
      .split('.')
      .at(-1)
      ?.replace(/[^a-zA-Z0-9-]/g, '-')
      .replace(/-+/g, '-')
      .slice(0, 30) ?? 'model';
  return fineTuneFormView({
    model: plan.model,
    customization: plan.customization,
    format: plan.format,
    specs: plan.specs,
    outputDefault: `s3://${tools.bucket}/finetune/output/`,
    nameDefault: `strata-${short}-${day}`.replace(/-+$/, ''),
    state,
    sharedFiles: await sharedJsonlFiles(client, state.channel),
  });
}
