import { NO_MASK, NO_STYLE_IMAGE } from './edit-images.js';
import { badInput } from './image-options.js';
import type { EditIntent, ImageReference } from './mention-intent.js';
import type { ThreadFile } from './slack-files.js';

export const NO_IMAGE =
  'There’s no image in this thread to edit. Upload one here (or make one with `/image <prompt>`), then mention me again.';

export interface PickedImages {
  source: ThreadFile;
  mask?: ThreadFile;
  styleImage?: ThreadFile;
}

/**
 * Which images of the thread an edit uses: the one the person linked to, else the latest image that is
 * not a mask; the latest mask for inpainting without words; another image for "the style of".
 */
export function pickImages(
  files: readonly ThreadFile[],
  edit: EditIntent,
  reference: ImageReference,
  channel: string,
): PickedImages {
  const images = files.filter((f) => f.isImage && !f.isMask);
  const source = referenced(files, reference, channel) ?? images.at(-1);
  if (source === undefined) throw badInput(NO_IMAGE);
  const picked: PickedImages = { source };
  if (edit.operation === 'inpaint' && edit.maskPrompt === undefined) {
    const mask = files.filter((f) => f.isImage && f.isMask && f.fileId !== source.fileId).at(-1);
    if (mask === undefined) throw badInput(NO_MASK);
    picked.mask = mask;
  }
  if (edit.operation === 'style-transfer' && edit.fromImage) {
    const others = images.filter((f) => f.fileId !== source.fileId);
    const styleImage = edit.fromImage === 'first' ? others[0] : others.at(-1);
    if (styleImage === undefined) throw badInput(NO_STYLE_IMAGE);
    picked.styleImage = styleImage;
  }
  return picked;
}

function referenced(
  files: readonly ThreadFile[],
  reference: ImageReference,
  channel: string,
): ThreadFile | undefined {
  if (reference.channel !== undefined && reference.channel !== channel) {
    throw badInput(
      'That link points to another conversation. I only edit images from this thread; share it here first.',
    );
  }
  if (reference.fileId !== undefined) {
    const file = files.find((f) => f.fileId === reference.fileId);
    if (file === undefined)
      throw badInput('I can only edit images shared in this thread; share that file here first.');
    if (!file.isImage) throw badInput(`\`${file.name}\` isn't an image. Point me at a PNG or JPEG.`);
    return file;
  }
  if (reference.messageTs !== undefined) {
    const inMessage = files.filter((f) => f.messageTs === reference.messageTs);
    if (inMessage.length === 0) throw badInput('That message isn’t in this thread or has no image.');
    const image = inMessage.filter((f) => f.isImage).at(-1);
    if (image === undefined) throw badInput('That message has no image to edit.');
    return image;
  }
  return undefined;
}
