import type { Logger } from '../log.js';
import type { UsageRecorder } from '../metrics.js';
import type { IndexedChannel, IndexState } from '../store/index-state.js';
import type { VectorIndex } from '../store/vector-index.js';
import type { IndexWriter } from './index-writer.js';
import type { MembershipCache } from './membership.js';
import { writeMetered } from './metered-write.js';
import { prepareMessage, prepareThread } from './prepare-message.js';
import { type IndexingPolicy, isIndexable, isReply, type SlackMessage } from './slack-message.js';
import type { SlackReader } from './slack-reader.js';
import type { NameOf } from './slack-text.js';

/** What Slack told us happened in a channel, reduced to what the index cares about. */
export type SyncEvent =
  | { type: 'posted'; channel: string; message: SlackMessage }
  | { type: 'changed'; channel: string; message: SlackMessage; previous?: SlackMessage }
  | { type: 'deleted'; channel: string; ts: string; previous?: SlackMessage }
  /** Strata left or was removed, or the channel was deleted: stop and forget it. */
  | { type: 'left'; channel: string }
  | { type: 'archived'; channel: string }
  | { type: 'unarchived'; channel: string }
  | { type: 'members-changed'; channel: string };

export interface SyncJob {
  kind: 'rag-sync';
  eventId: string;
  event: SyncEvent;
  /** Strata's own identity, so its replies are never indexed. */
  botUserId: string | undefined;
  botId: string | undefined;
}

export interface LiveSyncDeps {
  reader: SlackReader;
  writer: IndexWriter;
  state: IndexState;
  vectors: VectorIndex;
  membership: MembershipCache;
  nameOf: NameOf;
  includeBots: boolean;
  logger: Logger;
  /** Records the embeddings of synced messages (feature `index`, billed to whoever added the channel). */
  usage?: UsageRecorder;
  embeddingModelId?: string;
  now?: () => Date;
}

/** Keeps an indexed channel's vectors in step with Slack: new messages, edits, deletions, leaving. */
export async function syncEvent(job: SyncJob, deps: LiveSyncDeps): Promise<void> {
  const { event } = job;
  const now = deps.now ?? (() => new Date());
  if (event.type === 'members-changed') {
    deps.membership.invalidate(event.channel);
    return;
  }
  const indexed = await deps.state.get(event.channel);
  if (indexed === undefined) return;
  const log = deps.logger.child({ event_id: job.eventId, channel: event.channel, sync: event.type });
  const policy: IndexingPolicy = {
    botUserId: job.botUserId,
    botId: job.botId,
    includeBots: deps.includeBots,
  };

  switch (event.type) {
    case 'left':
      await deps.vectors.deleteChannel(event.channel);
      await deps.state.remove(event.channel);
      deps.membership.invalidate(event.channel);
      log.info('Strata left the channel: its index was removed');
      return;
    case 'archived':
    case 'unarchived':
      await setArchived(indexed, event.type === 'archived', deps);
      log.info('channel archive state recorded');
      return;
    case 'posted':
      if (indexed.status === 'archived' || !isIndexable(event.message, policy)) return;
      await indexMessage(indexed, event.message, policy, deps);
      break;
    case 'changed':
      if (sameContent(event.message, event.previous)) return;
      if (!isIndexable(event.message, policy)) {
        await deps.writer.remove(event.channel, [event.message.ts]);
      } else if (event.message.replyCount > 0) {
        // The parent's words are context in every reply: the whole thread gets its new version.
        await indexThread(indexed, event.message.ts, policy, deps);
      } else {
        await indexMessage(indexed, event.message, policy, deps);
      }
      break;
    case 'deleted':
      await deps.writer.remove(event.channel, [event.ts]);
      if ((event.previous?.replyCount ?? 0) > 0) await indexThread(indexed, event.ts, policy, deps);
      break;
  }
  await deps.state.touch(event.channel, now().toISOString());
  log.debug('index synced');
}

async function indexMessage(
  channel: IndexedChannel,
  message: SlackMessage,
  policy: IndexingPolicy,
  deps: LiveSyncDeps,
) {
  const ref = { id: channel.channel, name: channel.name };
  const parent = isReply(message)
    ? await parentOf(channel.channel, message.threadTs ?? '', policy, deps)
    : undefined;
  await writeMetered(deps, channel, [await prepareMessage(ref, message, deps.nameOf, parent)]);
}

async function indexThread(
  channel: IndexedChannel,
  threadTs: string,
  policy: IndexingPolicy,
  deps: LiveSyncDeps,
) {
  const thread = await deps.reader.thread(channel.channel, threadTs).catch(() => []);
  const ref = { id: channel.channel, name: channel.name };
  await writeMetered(deps, channel, await prepareThread(ref, thread, deps.nameOf, policy));
}

/** The thread's parent, from the index when it is there (no Slack call), else from Slack. */
async function parentOf(channel: string, threadTs: string, policy: IndexingPolicy, deps: LiveSyncDeps) {
  const indexed = await deps.vectors.getMessage(channel, threadTs);
  if (indexed) {
    const text = indexed.text.split('\n').slice(1).join('\n');
    return {
      ts: threadTs,
      text,
      user: indexed.user,
      replyCount: 1,
      fileNames: [],
      threadTs,
      editedTs: indexed.version,
    };
  }
  const [parent] = await deps.reader.thread(channel, threadTs).catch(() => []);
  return parent && isIndexable(parent, policy) ? parent : undefined;
}

function sameContent(message: SlackMessage, previous: SlackMessage | undefined): boolean {
  if (previous === undefined) return false;
  return message.text === previous.text && message.fileNames.join('\n') === previous.fileNames.join('\n');
}

async function setArchived(channel: IndexedChannel, archived: boolean, deps: LiveSyncDeps) {
  if (archived && channel.status !== 'archived') {
    await deps.state.save({ ...channel, status: 'archived' });
  } else if (!archived && channel.status === 'archived') {
    await deps.state.save({ ...channel, status: channel.cursor === undefined ? 'ready' : 'failed' });
  }
}
