import { runEdit, type SourceImage } from './edit-images.js';
import { generateImages } from './generate-images.js';
import { parseGenerateText } from './generation-plan.js';
import type { ImageDeps } from './image-feature.js';
import { badInput } from './image-options.js';
import { classifyMention, withoutBotMention } from './mention-intent.js';
import { NO_IMAGE, pickImages } from './pick-images.js';
import { downloadSlackFile, listThreadFiles, type ThreadFile } from './slack-files.js';

/** A mention that may be about images; the same fields a chat job has, so it can fall back to chat. */
export interface ImageMention {
  eventId: string;
  channel: string;
  threadTs: string;
  messageTs: string;
  user: string;
  teamId: string | undefined;
  text: string;
  botUserId: string | undefined;
}

/**
 * `@Strata draw …` makes new images in the thread; an edit request works on the thread's latest image
 * (or the one linked). A mention that turns out not to be about images is handed back for chat.
 */
export async function answerImageMention(
  mention: ImageMention,
  deps: ImageDeps,
): Promise<'handled' | 'not-an-image-request'> {
  const intent = classifyMention(withoutBotMention(mention.text, mention.botUserId));
  if (intent.kind === 'none') return 'not-an-image-request';
  const where = { channel: mention.channel, user: mention.user, threadTs: mention.threadTs };
  if (intent.kind === 'draw') {
    await generateImages({ request: parseGenerateText(intent.text), ...where }, deps);
    return 'handled';
  }
  const files = await listThreadFiles(deps.client, mention.channel, mention.threadTs);
  const hasReference = intent.reference.fileId !== undefined || intent.reference.messageTs !== undefined;
  if (!files.some((f) => f.isImage && !f.isMask) && !hasReference) {
    if (!intent.explicit) return 'not-an-image-request';
    throw badInput(NO_IMAGE);
  }
  const picked = pickImages(files, intent.edit, intent.reference, mention.channel);
  const [source, mask, styleImage] = await Promise.all([
    loadThreadImage(picked.source, mention.channel, deps),
    picked.mask ? loadThreadImage(picked.mask, mention.channel, deps) : undefined,
    picked.styleImage ? loadThreadImage(picked.styleImage, mention.channel, deps) : undefined,
  ]);
  const { options } = intent;
  await runEdit(
    {
      edit: intent.edit,
      options: {
        model: options.model,
        seed: options.seed,
        negativePrompt: options.no,
        strength: options.strength,
        count: options.count,
      },
      source,
      mask,
      styleImage,
      ...where,
    },
    deps,
  );
  return 'handled';
}

/** A thread image: Strata's own original from S3 when it made it, else the file downloaded from Slack. */
export async function loadThreadImage(
  file: ThreadFile,
  channel: string,
  deps: ImageDeps,
): Promise<SourceImage> {
  const { images } = deps;
  const record = await images.records.byFile(file.fileId);
  if (record !== undefined && record.channel === channel) {
    const stored = await images.blobs.get(record.s3Key);
    if (stored !== undefined) return { bytes: stored.body, name: file.name, record, fileId: file.fileId };
  }
  const downloaded = await downloadSlackFile(deps.client, file.fileId, {
    channel,
    maxBytes: images.settings.maxInputBytes,
    fetch: images.fetch,
  });
  return { bytes: downloaded.bytes, name: downloaded.name, fileId: file.fileId };
}
