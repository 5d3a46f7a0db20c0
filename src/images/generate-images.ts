import { slackErrorCode } from '../slack/slack-call.js';
import { type Produced, s3KeyFor, storeAndShare } from './deliver-images.js';
import { type GenerateRequest, type GenerationPlan, planGeneration } from './generation-plan.js';
import { escapeMrkdwn } from './image-blocks.js';
import type { ImageDeps } from './image-feature.js';
import { callImageModel } from './model-call.js';
import { explainSlackFailure } from './notify.js';

export interface GenerateInput {
  request: GenerateRequest;
  channel: string;
  user: string;
  /** Absent for `/image`: Strata starts a new thread for the results. */
  threadTs?: string | undefined;
}

/**
 * Text-to-image: plan (every limit checked), call the model, store the originals, and only then open the
 * thread and upload the PNGs into it.
 */
export async function generateImages(input: GenerateInput, deps: ImageDeps): Promise<void> {
  const { images } = deps;
  const plan = planGeneration(input.request, { modelId: images.settings.modelId }, images.random);
  const log = deps.logger.child({ channel: input.channel, user: input.user, model: plan.modelId });
  const result = await callImageModel(deps, input, plan.modelId, plan.task);
  log.info({ images: result.images.length, seed: plan.seed }, 'images generated');
  const createdAt = images.now().toISOString();
  const outputs: Produced[] = result.images.map(({ png, seed }) => {
    const imageId = images.newId();
    return {
      png,
      record: {
        imageId,
        channel: input.channel,
        // Known once the thread is opened, after storage succeeded.
        threadTs: input.threadTs ?? '',
        user: input.user,
        operation: 'text-to-image',
        prompt: plan.prompt,
        ...(plan.negativePrompt ? { negativePrompt: plan.negativePrompt } : {}),
        ...(plan.style ? { style: plan.style.name } : {}),
        modelId: plan.modelId,
        seed,
        width: plan.size.width,
        height: plan.size.height,
        s3Key: s3KeyFor(input.channel, imageId),
        createdAt,
      },
    };
  });
  await storeAndShare(deps, outputs, input.threadTs ? undefined : () => openThread(input, plan, deps));
}

/** The message the results thread under. In a public channel Strata isn't in yet, it joins first. */
async function openThread(input: GenerateInput, plan: GenerationPlan, deps: ImageDeps): Promise<string> {
  const what = plan.count === 1 ? 'an image' : `${plan.count} images`;
  const prompt = plan.prompt.length > 300 ? `${plan.prompt.slice(0, 299)}…` : plan.prompt;
  const text = `:frame_with_picture: <@${input.user}> asked for ${what}: _${escapeMrkdwn(prompt)}_`;
  const post = () => deps.client.chat.postMessage({ channel: input.channel, text, unfurl_links: false });
  const posted = await post().catch(async (error: unknown) => {
    if (slackErrorCode(error) !== 'not_in_channel' || !input.channel.startsWith('C')) {
      throw explainSlackFailure(error, input.channel);
    }
    await deps.client.conversations.join({ channel: input.channel }).catch(() => {
      throw explainSlackFailure(error, input.channel);
    });
    return post().catch((again: unknown) => {
      throw explainSlackFailure(again, input.channel);
    });
  });
  if (posted.ts === undefined) throw new Error('chat.postMessage returned no ts');
  return posted.ts;
}
