import type { ActionsBlock, Button, ContextBlock, KnownBlock } from '@slack/types';
import { findImageModel } from '../bedrock/image-catalog.js';
import type { ImageRecord } from './image-records.js';

/** Button action ids; the value of each button is the image id. */
export const IMAGE_ACTIONS = {
  regenerate: 'image_regenerate',
  variations: 'image_variations',
  upscale: 'image_upscale',
  bigger: 'image_bigger',
  removeBackground: 'image_remove_background',
} as const;

export type ImageAction = keyof typeof IMAGE_ACTIONS;

export function actionFromId(actionId: string): ImageAction | undefined {
  const found = Object.entries(IMAGE_ACTIONS).find(([, id]) => id === actionId);
  return found?.[0] as ImageAction | undefined;
}

const verbs: Record<string, string> = {
  'text-to-image': 'Generated',
  'image-to-image': 'Transformed',
  variation: 'Variation',
  inpaint: 'Inpainted',
  outpaint: 'Extended',
  'remove-background': 'Background removed',
  'style-transfer': 'Restyled',
  upscale: 'Upscaled',
};

/** Slack escapes only these in mrkdwn. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** The context line under an image: prompt, negative prompt, model, seed, size, who asked. */
export function contextLine(record: ImageRecord): string {
  const model = findImageModel(record.modelId)?.name ?? record.modelId;
  const parts = [
    `*${verbs[record.operation] ?? 'Image'}* for <@${record.user}>`,
    record.prompt ? `*Prompt:* ${escapeMrkdwn(clip(record.prompt, 600))}` : '',
    record.negativePrompt ? `*Negative:* ${escapeMrkdwn(clip(record.negativePrompt, 300))}` : '',
    record.params?.maskPrompt ? `*Mask:* ${escapeMrkdwn(clip(record.params.maskPrompt, 200))}` : '',
    record.style
      ? `*Style:* ${escapeMrkdwn(record.style)}`
      : record.params?.styleImage
        ? '*Style:* from another image'
        : '',
    `*Model:* ${escapeMrkdwn(model)} (\`${escapeMrkdwn(record.modelId)}\`)`,
    record.operation === 'remove-background' || record.operation === 'upscale'
      ? ''
      : `*Seed:* ${record.seed}`,
    `*Size:* ${record.width}×${record.height}`,
  ];
  return parts.filter(Boolean).join('  ·  ');
}

/** Which buttons make sense for this image: seeded results can be regenerated; Amazon images grow by outpainting. */
export function actionsFor(record: ImageRecord): ImageAction[] {
  const spec = findImageModel(record.modelId);
  const seeded = record.operation !== 'remove-background' && record.operation !== 'upscale';
  const actions: ImageAction[] = seeded ? ['regenerate', 'variations'] : ['variations'];
  actions.push(spec?.family === 'amazon' ? 'bigger' : 'upscale');
  if (record.operation !== 'remove-background') actions.push('removeBackground');
  return actions;
}

const labels: Record<ImageAction, string> = {
  regenerate: '🔄 Regenerate',
  variations: '🔀 Variations',
  upscale: '🔍 Upscale',
  bigger: '↔️ Bigger',
  removeBackground: '✂️ Remove background',
};

export function imageBlocks(record: ImageRecord): KnownBlock[] {
  const context: ContextBlock = {
    type: 'context',
    block_id: `image_context_${record.imageId}`,
    elements: [{ type: 'mrkdwn', text: contextLine(record) }],
  };
  const buttons: Button[] = actionsFor(record).map((action) => ({
    type: 'button',
    action_id: IMAGE_ACTIONS[action],
    text: { type: 'plain_text', text: labels[action], emoji: true },
    value: record.imageId,
  }));
  const actions: ActionsBlock = {
    type: 'actions',
    block_id: `image_actions_${record.imageId}`,
    elements: buttons,
  };
  return [context, actions];
}

/** Plain text for notifications and screen readers. */
export function altText(record: ImageRecord): string {
  return clip(record.prompt || verbs[record.operation] || 'image', 900);
}
