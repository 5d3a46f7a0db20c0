import { findImageModel } from '../bedrock/image-catalog.js';
import { type EditInput, runEdit, type SourceImage } from './edit-images.js';
import { generateImages } from './generate-images.js';
import type { ImageAction } from './image-blocks.js';
import type { ImageDeps } from './image-feature.js';
import { badInput } from './image-options.js';
import type { ImageRecord } from './image-records.js';
import { findStyle } from './image-styles.js';
import type { EditIntent } from './mention-intent.js';
import { randomSeed } from './model-choice.js';
import { downloadSlackFile } from './slack-files.js';

export interface ImageActionInput {
  action: ImageAction;
  imageId: string;
  /** Where the button was clicked. */
  channel: string;
  user: string;
}

/**
 * A button under an image. The image must belong to the conversation the click came from (a forged
 * value can't reach another channel's images). Results go into the image's thread.
 */
export async function runImageAction(input: ImageActionInput, deps: ImageDeps): Promise<void> {
  const { records } = deps.images;
  const record = await records.get(input.imageId);
  if (record === undefined) throw badInput('I no longer have the details of that image, so I can’t do that.');
  if (record.channel !== input.channel) throw badInput('That image belongs to another conversation.');
  const place = { channel: record.channel, threadTs: record.threadTs, user: input.user };
  if (input.action === 'regenerate' && record.operation === 'text-to-image') {
    const spec = findImageModel(record.modelId);
    let seed = spec ? randomSeed(spec, deps.images.random) : record.seed + 1;
    if (seed === record.seed) seed += 1;
    const request = {
      prompt: record.prompt,
      size: `${record.width}x${record.height}`,
      model: record.modelId,
      seed: String(seed),
      ...(record.negativePrompt ? { negativePrompt: record.negativePrompt } : {}),
      ...(record.style ? { style: record.style } : {}),
    };
    await generateImages({ request, ...place }, deps);
    return;
  }
  if (input.action === 'regenerate') {
    await runEdit(await rerun(record, deps, place), deps);
    return;
  }
  const self = await storedImage(record, deps);
  const edits: Record<Exclude<ImageAction, 'regenerate'>, EditIntent> = {
    variations: {
      operation: 'variation',
      prompt: record.operation === 'remove-background' ? '' : record.prompt,
    },
    upscale: { operation: 'upscale' },
    bigger: { operation: 'outpaint', prompt: record.prompt, sides: ['left', 'right', 'up', 'down'] },
    removeBackground: { operation: 'remove-background' },
  };
  const negativePrompt = input.action === 'variations' ? record.negativePrompt : undefined;
  await runEdit({ edit: edits[input.action], options: { negativePrompt }, source: self, ...place }, deps);
}

/** The same edit on the same parent, with a new seed. */
async function rerun(
  record: ImageRecord,
  deps: ImageDeps,
  place: Pick<EditInput, 'channel' | 'threadTs' | 'user'>,
) {
  const params = record.params ?? {};
  const source = await parentOf(record, deps);
  const edit = editFromRecord(record);
  if (edit === undefined) throw badInput('That result can’t be regenerated; it has no randomness.');
  const mask = params.maskFileId ? await slackImage(params.maskFileId, record.channel, deps) : undefined;
  const styleRef = params.styleImage;
  const styleImage = styleRef?.imageId
    ? await storedImage(await mustGet(styleRef.imageId, deps), deps)
    : styleRef?.fileId
      ? await slackImage(styleRef.fileId, record.channel, deps)
      : undefined;
  const strength = params.strength ?? (params.similarity === undefined ? undefined : 1 - params.similarity);
  return {
    edit,
    options: {
      negativePrompt: record.negativePrompt,
      ...(strength === undefined ? {} : { strength: String(Number(strength.toFixed(3))) }),
    },
    source,
    mask,
    styleImage,
    preferModel: record.modelId,
    ...place,
  };
}

async function parentOf(record: ImageRecord, deps: ImageDeps): Promise<SourceImage> {
  if (record.parentImageId) return storedImage(await mustGet(record.parentImageId, deps), deps);
  if (record.parentFileId) return slackImage(record.parentFileId, record.channel, deps);
  throw badInput('I no longer have the image this was made from.');
}

async function mustGet(imageId: string, deps: ImageDeps): Promise<ImageRecord> {
  const found = await deps.images.records.get(imageId);
  if (found === undefined) throw badInput('I no longer have the image this was made from.');
  return found;
}

async function storedImage(record: ImageRecord, deps: ImageDeps): Promise<SourceImage> {
  const stored = await deps.images.blobs.get(record.s3Key);
  if (stored === undefined) throw badInput('The original of that image is no longer stored.');
  return { bytes: stored.body, name: `${record.imageId}.png`, record };
}

async function slackImage(fileId: string, channel: string, deps: ImageDeps): Promise<SourceImage> {
  const { bytes, name } = await downloadSlackFile(deps.client, fileId, {
    channel,
    maxBytes: deps.images.settings.maxInputBytes,
    fetch: deps.images.fetch,
  });
  return { bytes, name, fileId };
}

function editFromRecord(record: ImageRecord): EditIntent | undefined {
  const params = record.params ?? {};
  const prompt = record.prompt;
  switch (record.operation) {
    case 'image-to-image':
    case 'variation':
      return { operation: record.operation, prompt };
    case 'inpaint':
      return {
        operation: 'inpaint',
        prompt,
        ...(params.maskPrompt ? { maskPrompt: params.maskPrompt } : {}),
      };
    case 'outpaint':
      return { operation: 'outpaint', prompt, sides: params.sides ?? ['left', 'right', 'up', 'down'] };
    case 'style-transfer': {
      const style = record.style === undefined ? undefined : findStyle(record.style);
      return {
        operation: 'style-transfer',
        prompt,
        ...(style ? { style } : {}),
        ...(params.styleImage ? { fromImage: 'other' as const } : {}),
      };
    }
    default:
      return undefined;
  }
}
