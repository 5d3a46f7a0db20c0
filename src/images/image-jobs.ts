import { createHash } from 'node:crypto';
import { toStrataError } from '../errors.js';
import { generateImages } from './generate-images.js';
import type { GenerateRequest } from './generation-plan.js';
import { runImageAction } from './image-action-flow.js';
import type { ImageAction } from './image-blocks.js';
import type { ImageDeps } from './image-feature.js';
import { answerImageMention, type ImageMention } from './mention-edits.js';
import { type Requester, tellRequester } from './notify.js';

/** Image work handed from a Slack handler to the queue. */
export type ImageJob =
  | {
      kind: 'image';
      task: 'generate';
      request: GenerateRequest;
      channel: string;
      user: string;
      responseUrl?: string | undefined;
    }
  | { kind: 'image'; task: 'mention'; mention: ImageMention }
  | {
      kind: 'image';
      task: 'action';
      action: ImageAction;
      imageId: string;
      channel: string;
      user: string;
      threadTs?: string | undefined;
      responseUrl?: string | undefined;
    };

/**
 * Runs one image job. Every failure ends as an ephemeral message to the person who asked, in words
 * they can act on; a mention that is not about images goes to `fallbackToChat` instead. With a `jobId`,
 * the job's image ids derive from it, so a rerun after a restart skips images it already shared.
 */
export async function runImageJob(
  job: ImageJob,
  jobDeps: ImageDeps,
  fallbackToChat: (mention: ImageMention) => Promise<void>,
  jobId?: string,
): Promise<void> {
  const deps = jobId ? { ...jobDeps, images: { ...jobDeps.images, newId: idsFrom(jobId) } } : jobDeps;
  const requester = requesterOf(job);
  const log = deps.logger.child({
    channel: requester.channel,
    user: requester.user,
    ...(job.task === 'mention' ? { event_id: job.mention.eventId, thread_ts: job.mention.threadTs } : {}),
    image_task: job.task,
  });
  const progress = job.task === 'mention' ? await showProgress(deps, job.mention) : undefined;
  try {
    if (job.task === 'generate') {
      await generateImages(
        { request: job.request, channel: job.channel, user: job.user },
        { ...deps, logger: log },
      );
    } else if (job.task === 'action') {
      await runImageAction(job, { ...deps, logger: log });
    } else if ((await answerImageMention(job.mention, { ...deps, logger: log })) === 'not-an-image-request') {
      await progress?.done();
      await fallbackToChat(job.mention);
      return;
    }
  } catch (error) {
    const failure = toStrataError(error);
    const level = failure.code === 'bad_input' ? 'info' : 'error';
    log[level]({ err: failure, code: failure.code }, 'image request failed');
    await tellRequester({ ...deps, fetch: deps.images.fetch }, requester, failure.toSlackText());
  }
  await progress?.done();
}

/** The same sequence of ids on every run of one job. */
function idsFrom(jobId: string): () => string {
  let n = 0;
  return () => createHash('sha256').update(`${jobId}#${n++}`).digest('hex').slice(0, 20);
}

function requesterOf(job: ImageJob): Requester {
  if (job.task === 'mention') {
    const { channel, user, threadTs } = job.mention;
    return { channel, user, threadTs };
  }
  return {
    channel: job.channel,
    user: job.user,
    responseUrl: job.responseUrl,
    threadTs: job.task === 'action' ? job.threadTs : undefined,
  };
}

/** An hourglass on the mention while Strata works; best effort, it never blocks the work. */
async function showProgress(deps: ImageDeps, mention: ImageMention) {
  const where = { channel: mention.channel, timestamp: mention.messageTs, name: 'hourglass_flowing_sand' };
  const added = await deps.client.reactions.add(where).then(
    () => true,
    () => false,
  );
  return {
    async done() {
      if (added) await deps.client.reactions.remove(where).catch(() => undefined);
    },
  };
}
