import type { ModalView } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import type { JobCustomization } from '../bedrock/customization.js';
import { toStrataError } from '../errors.js';
import type { AdminServices } from './admin-services.js';
import { parseFineTuneSubmission, parseModalState, parseModelChoice } from './fine-tune-form.js';
import type { FineTuneCreateJob } from './finetune-job.js';
import type { FineTuneModalJob } from './finetune-modal-job.js';
import { hyperparameterSpecs } from './hyperparameters.js';
import { modelFamily } from './model-family.js';
import { fineTuneLoadingView, fineTuneMessageView } from './views/finetune-loading.js';
import type { FineTuneModalState } from './views/finetune-modal.js';

/**
 * `/bedrock finetune create`: opens the modal at once with the trigger (valid for 3 s) showing "Loading…",
 * and queues the job that fills it. Nothing slow runs here: this is the Lambda ingress's share of the work.
 */
export async function openFineTuneModal(input: {
  client: WebClient;
  triggerId: string;
  admin: string;
  state: FineTuneModalState;
  enqueue: (job: FineTuneModalJob) => Promise<void>;
  baseModelId?: string;
  customization?: JobCustomization;
}): Promise<void> {
  const { client } = input;
  const opened = await client.views.open({ trigger_id: input.triggerId, view: fineTuneLoadingView() });
  const viewId = opened.view?.id;
  if (!viewId) return;
  const hash = opened.view?.hash;
  await input
    .enqueue({
      kind: 'finetune-modal',
      step: 'open',
      admin: input.admin,
      viewId,
      ...(hash ? { hash } : {}),
      state: input.state,
      ...(input.baseModelId ? { baseModelId: input.baseModelId } : {}),
      ...(input.customization ? { customization: input.customization } : {}),
    })
    .catch(async (error: unknown) => {
      const shown = fineTuneMessageView(toStrataError(error).toSlackText());
      await client.views.update({ view_id: viewId, ...(hash ? { hash } : {}), view: shown });
    });
}

export type ViewAnswer =
  | { response_action: 'update'; view: ModalView }
  | { response_action: 'errors'; errors: Record<string, string> };

/**
 * Step 1 submitted: the modal turns to "Loading…" (the ack's answer) and the job that fills in the chosen
 * model's form is returned, to be queued only after that ack so it cannot overtake it.
 */
export function chooseBaseModel(
  values: unknown,
  view: { id: string; privateMetadata: string },
  admin: string,
): { answer: ViewAnswer; job?: FineTuneModalJob } {
  const state = parseModalState(view.privateMetadata);
  const choice = parseModelChoice(values);
  if (!state || !choice) {
    return { answer: { response_action: 'errors', errors: { base_model: 'Choose a base model.' } } };
  }
  return {
    answer: { response_action: 'update', view: fineTuneLoadingView() },
    job: { kind: 'finetune-modal', step: 'choice', admin, viewId: view.id, state, ...choice },
  };
}

/** Step 2 submitted: field errors go back to the modal; a valid form becomes a queued job. */
export function submitFineTune(
  values: unknown,
  privateMetadata: string,
  admin: string,
  tools: Pick<AdminServices, 'now'>,
): { errors: Record<string, string> } | { job: FineTuneCreateJob } {
  const state = parseModalState(privateMetadata);
  if (!state?.baseModelId || !state.customization) {
    return { errors: { model_name: 'This form is out of date; run `/bedrock finetune create` again.' } };
  }
  // The form carries what checking it needs, so the ack waits for no catalog; the job checks the model again.
  const family = modelFamily(state.baseModelId);
  if (!state.baseModelName || family === undefined) {
    return { errors: { model_name: 'This form is out of date; run `/bedrock finetune create` again.' } };
  }
  const result = parseFineTuneSubmission(values, state, {
    modelId: state.baseModelId,
    name: state.baseModelName,
    customization: state.customization,
    specs: hyperparameterSpecs(family, state.customization),
  });
  if (!result.ok) return { errors: result.errors };
  return {
    job: { kind: 'finetune-create', admin, requestedAt: tools.now().toISOString(), form: result.form },
  };
}
