import type { ModalView } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import type { JobCustomization } from '../bedrock/customization.js';
import { toStrataError } from '../errors.js';
import type { AdminServices } from './admin-services.js';
import type { ModelPlan } from './fine-tune.js';
import { parseFineTuneSubmission, parseModalState, parseModelChoice } from './fine-tune-form.js';
import type { FineTuneCreateJob } from './finetune-job.js';
import { sharedJsonlFiles } from './shared-files.js';
import { chooseBaseModelView, type FineTuneModalState, fineTuneFormView } from './views/finetune-modal.js';

const messageView = (title: string, text: string): ModalView => ({
  type: 'modal',
  title: { type: 'plain_text', text: title },
  close: { type: 'plain_text', text: 'Close' },
  blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }],
});

/** Opens the modal at once (the trigger expires in 3 s), then fills it: the form for a given model, or the model picker. */
export async function openFineTuneModal(input: {
  client: WebClient;
  triggerId: string;
  state: FineTuneModalState;
  tools: AdminServices;
  baseModelId?: string;
  customization?: JobCustomization;
}): Promise<void> {
  const { client } = input;
  const opened = await client.views.open({
    trigger_id: input.triggerId,
    view: messageView('Fine-tune a model', ':hourglass_flowing_sand: Loading the model catalog…'),
  });
  const viewId = opened.view?.id;
  if (!viewId) return;
  const view = await buildFirstView({ ...input, client }).catch((error: unknown) =>
    messageView('Fine-tune a model', toStrataError(error).toSlackText()),
  );
  await client.views.update({ view_id: viewId, view });
}

async function buildFirstView(input: {
  client: WebClient;
  state: FineTuneModalState;
  tools: AdminServices;
  baseModelId?: string;
  customization?: JobCustomization;
}): Promise<ModalView> {
  const { tools, state } = input;
  if (tools.fineTuneDisabled) return messageView('Fine-tune a model', `:warning: ${tools.fineTuneDisabled}`);
  if (input.baseModelId) {
    const model = await tools.catalog.find(input.baseModelId);
    const customization =
      input.customization ??
      (model?.customizations.includes('FINE_TUNING') === false &&
      model.customizations.includes('CONTINUED_PRE_TRAINING')
        ? 'CONTINUED_PRE_TRAINING'
        : 'FINE_TUNING');
    return formView(await tools.fineTune.plan(input.baseModelId, customization), tools, state, input.client);
  }
  const models = await tools.catalog.customizable();
  if (models.length === 0)
    return messageView('Fine-tune a model', 'No model in this region can be customized.');
  return chooseBaseModelView(models, state);
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

export type ViewAnswer =
  | { response_action: 'update'; view: ModalView }
  | { response_action: 'errors'; errors: Record<string, string> };

/** Step 1 submitted: show the form for the chosen model, or say why it can't be customized that way. */
export async function chooseModel(
  values: unknown,
  privateMetadata: string,
  tools: AdminServices,
  client: WebClient,
): Promise<ViewAnswer> {
  const state = parseModalState(privateMetadata);
  const choice = parseModelChoice(values);
  if (!state || !choice) return { response_action: 'errors', errors: { base_model: 'Choose a base model.' } };
  const service = tools.fineTune;
  try {
    return {
      response_action: 'update',
      view: await formView(
        await service.plan(choice.baseModelId, choice.customization),
        tools,
        state,
        client,
      ),
    };
  } catch (error) {
    return { response_action: 'errors', errors: { customization: toStrataError(error).userMessage } };
  }
}

/** Step 2 submitted: field errors go back to the modal; a valid form becomes a queued job. */
export async function submitFineTune(
  values: unknown,
  privateMetadata: string,
  admin: string,
  tools: AdminServices,
): Promise<{ errors: Record<string, string> } | { job: FineTuneCreateJob }> {
  const state = parseModalState(privateMetadata);
  if (!state?.baseModelId || !state.customization) {
    return { errors: { model_name: 'This form is out of date; run `/bedrock finetune create` again.' } };
  }
  const service = tools.fineTune;
  const plan = await service.plan(state.baseModelId, state.customization);
  const result = parseFineTuneSubmission(values, state, {
    modelId: plan.model.modelId,
    name: plan.model.name,
    customization: plan.customization,
    specs: plan.specs,
  });
  if (!result.ok) return { errors: result.errors };
  return {
    job: { kind: 'finetune-create', admin, requestedAt: tools.now().toISOString(), form: result.form },
  };
}
