import { StrataError, toStrataError } from '../errors.js';
import type { Logger } from '../log.js';
import type { UsageRecorder } from '../metrics.js';
import { slackErrorCode } from '../slack/slack-call.js';
import type { IndexedChannel, IndexState } from '../store/index-state.js';
import type { VectorIndex } from '../store/vector-index.js';
import type { PreparedMessage } from './chunking.js';
import type { IndexWriter } from './index-writer.js';
import { writeMetered } from './metered-write.js';
import { type ChannelRef, prepareMessage, prepareThread } from './prepare-message.js';
import type { ProgressReporter } from './progress-message.js';
import { type IndexingPolicy, isIndexable, isReply, type SlackMessage } from './slack-message.js';
import type { SlackReader } from './slack-reader.js';
import type { NameOf } from './slack-text.js';

/** Reads a channel's history from Slack into the index, threads included. */
export interface BackfillJob {
  kind: 'rag-backfill';
  /** Stable per channel and generation, so a journaled or redelivered job is recognised. */
  eventId: string;
  channel: string;
  /** The generation this job belongs to; it stops when an add, rebuild or remove replaces it. */
  generation: number;
}

export interface BackfillDeps {
  reader: SlackReader;
  writer: IndexWriter;
  state: IndexState;
  vectors: VectorIndex;
  nameOf: NameOf;
  policy: IndexingPolicy;
  /** Messages per conversations.history page. */
  pageSize: number;
  progress: () => ProgressReporter;
  logger: Logger;
  /** Records each page's embeddings as one model call of the admin who started the backfill. */
  usage?: UsageRecorder;
  embeddingModelId?: string;
  now?: () => Date;
}

/**
 * One page at a time, newest first: every thread on the page is read whole, the page is written, and only
 * then is the next cursor saved. A restart resumes from the saved cursor; re-reading the page it was on
 * rewrites the same chunk ids, so nothing is indexed twice.
 */
export async function runBackfill(job: BackfillJob, deps: BackfillDeps): Promise<void> {
  const { state, reader, logger } = deps;
  const now = deps.now ?? (() => new Date());
  const log = logger.child({ channel: job.channel, generation: job.generation });
  const progress = deps.progress();
  let current = await state.get(job.channel);
  if (current === undefined || current.generation !== job.generation || current.status !== 'backfilling') {
    log.info('backfill skipped: the channel was removed, rebuilt or already finished');
    return;
  }

  try {
    const ref = await ensureReadable(reader, current);
    for (;;) {
      const page = await reader.historyPage(job.channel, current.cursor, deps.pageSize);
      const read = await readPage(ref, page.messages, deps);
      await writeMetered(deps, current, read.prepared);
      const next: IndexedChannel = {
        ...current,
        pages: current.pages + 1,
        messagesScanned: current.messagesScanned + read.scanned,
        threadsScanned: current.threadsScanned + read.threads,
        lastSyncAt: now().toISOString(),
        ...(page.nextCursor
          ? { cursor: page.nextCursor }
          : { status: 'ready', finishedAt: now().toISOString() }),
      };
      if (!page.nextCursor) delete next.cursor;
      if (!(await state.save(next))) return stopSuperseded(job, deps, log);
      current = next;
      log.debug({ pages: current.pages, scanned: current.messagesScanned }, 'backfill page indexed');
      if (!page.nextCursor) break;
      await progress.running(current);
    }
    const stats = await deps.vectors.optimize();
    const indexed = await deps.vectors.countMessages(job.channel);
    await progress.done(current, indexed);
    log.info(
      { indexed, scanned: current.messagesScanned, rows: stats.rows, ann: stats.annIndexed },
      'backfill done',
    );
  } catch (error) {
    const failure = toStrataError(error);
    const reason = failureReason(failure, current);
    log.error({ err: failure, code: failure.code }, 'backfill failed');
    const failed: IndexedChannel = { ...current, status: 'failed', error: reason };
    if (await state.save(failed).catch(() => false)) await progress.failed(failed, reason);
  }
}

async function readPage(
  ref: ChannelRef,
  messages: readonly SlackMessage[],
  deps: BackfillDeps,
): Promise<{ prepared: PreparedMessage[]; scanned: number; threads: number }> {
  const prepared: PreparedMessage[] = [];
  let scanned = 0;
  let threads = 0;
  for (const message of messages) {
    scanned += 1;
    // Broadcast replies show up in history too; their thread is read from its parent.
    if (isReply(message)) continue;
    if (message.replyCount > 0) {
      const thread = await deps.reader.thread(ref.id, message.ts);
      threads += 1;
      scanned += Math.max(0, thread.length - 1);
      prepared.push(...(await prepareThread(ref, thread, deps.nameOf, deps.policy)));
    } else if (isIndexable(message, deps.policy)) {
      prepared.push(await prepareMessage(ref, message, deps.nameOf));
    }
  }
  return { prepared, scanned, threads };
}

/** Strata must be in the channel to read it: it joins public channels itself; private ones need an invite. */
export async function ensureReadable(reader: SlackReader, channel: Pick<IndexedChannel, 'channel' | 'name'>) {
  const info = await reader.channelInfo(channel.channel);
  if (!info.isMember) {
    if (info.kind !== 'public') {
      throw new StrataError('slack_error', `not a member of private channel ${info.id}`, {
        userMessage: `Strata is not a member of #${info.name}. Invite it with \`/invite @Strata\` in that channel first.`,
      });
    }
    await reader.join(info.id);
  }
  return { id: info.id, name: info.name };
}

async function stopSuperseded(job: BackfillJob, deps: BackfillDeps, log: Logger): Promise<void> {
  const latest = await deps.state.get(job.channel);
  // Removed while this page was being written: take back what the page added.
  if (latest === undefined) await deps.vectors.deleteChannel(job.channel);
  log.info(
    { removed: latest === undefined },
    'backfill stopped: superseded by a newer add, rebuild or remove',
  );
}

function failureReason(failure: StrataError, channel: IndexedChannel): string {
  switch (slackErrorCode(failure)) {
    case 'not_in_channel':
      return `Strata is no longer a member of #${channel.name}; invite it back first.`;
    case 'channel_not_found':
      return `#${channel.name} no longer exists or Strata cannot see it.`;
    case 'missing_scope':
      return 'the Slack app is missing a scope it needs to read history (see manifest.json).';
    default:
      return failure.userMessage;
  }
}

export function backfillJob(channel: string, generation: number): BackfillJob {
  return { kind: 'rag-backfill', eventId: `rag-backfill:${channel}:${generation}`, channel, generation };
}
