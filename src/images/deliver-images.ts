import { StrataError } from '../errors.js';
import { altText, imageBlocks } from './image-blocks.js';
import type { ImageDeps } from './image-feature.js';
import type { ImageRecord } from './image-records.js';
import { explainSlackFailure } from './notify.js';

/** A result ready to share: its record (lineage) and the PNG the model returned. */
export interface Produced {
  record: ImageRecord;
  png: Uint8Array;
}

export function s3KeyFor(channel: string, imageId: string): string {
  return `images/${channel}/${imageId}.png`;
}

/**
 * Stores every original in S3 with its DynamoDB record first, then (for `/image`) opens the thread and
 * uploads each image as a PNG into it with its context line and buttons. Storage happens before anything
 * is posted, so a storage failure leaves nothing half-posted in Slack. Images a rerun of the same job
 * already shared (same image id, a Slack file on record) are not posted again, and their thread is reused.
 */
export async function storeAndShare(
  deps: ImageDeps,
  produced: readonly Produced[],
  openNewThread?: () => Promise<string>,
): Promise<string[]> {
  const { blobs, records } = deps.images;
  const earlier = await Promise.all(produced.map(({ record }) => records.get(record.imageId))).catch(
    storageFailed,
  );
  const shared = earlier.filter((record): record is ImageRecord => record?.fileId !== undefined);
  const outputs = produced.filter((_, i) => earlier[i]?.fileId === undefined);
  if (shared.length > 0) {
    deps.logger.warn({ images: shared.length }, 'rerun of an image job: skipping images already shared');
  }
  const earlierThread = shared.find((record) => record.threadTs !== '')?.threadTs;
  const openThread = openNewThread && earlierThread ? async () => earlierThread : openNewThread;
  const fileIds = shared.map((record) => record.fileId as string);
  if (outputs.length === 0) return fileIds;
  await Promise.all(
    outputs.map(async ({ record, png }) => {
      await blobs.put(record.s3Key, png, 'image/png');
      await records.put(record);
    }),
  ).catch(storageFailed);
  const threadTs = openThread ? await openThread() : undefined;
  for (const output of outputs) {
    const record = threadTs ? { ...output.record, threadTs } : output.record;
    const response = await deps.client
      .filesUploadV2({
        channel_id: record.channel,
        thread_ts: record.threadTs,
        file: Buffer.from(output.png),
        filename: fileName(record),
        title: titleOf(record),
        alt_text: altText(record),
        blocks: imageBlocks(record),
      })
      .catch((error: unknown) => {
        throw explainSlackFailure(error, record.channel);
      });
    const fileId = response.files?.[0]?.files?.[0]?.id;
    await records.put(fileId ? { ...record, fileId } : record);
    if (fileId !== undefined) {
      await records.linkFile(fileId, record.imageId);
      fileIds.push(fileId);
    }
  }
  deps.logger.info(
    {
      channel: outputs[0]?.record.channel,
      thread_ts: threadTs ?? outputs[0]?.record.threadTs,
      images: outputs.length,
    },
    'images shared',
  );
  return fileIds;
}

function storageFailed(error: unknown): never {
  throw new StrataError('store_unavailable', `storing images failed: ${String(error)}`, {
    cause: error,
    retryable: true,
    userMessage:
      'I made the image but couldn’t save it, so nothing was posted. Please try again in a moment.',
  });
}

/** e.g. `lighthouse-at-dusk-42.png`: readable in Slack's file list. */
export function fileName(record: ImageRecord): string {
  const slug =
    record.prompt
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 48)
      .replace(/-+$/, '') || record.operation;
  return `${slug}-${record.seed}.png`;
}

function titleOf(record: ImageRecord): string {
  const prompt = record.prompt.length > 80 ? `${record.prompt.slice(0, 79)}…` : record.prompt;
  return prompt || record.operation.replace(/-/g, ' ');
}
