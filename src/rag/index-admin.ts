import type { WebClient } from '@slack/web-api';
import { StrataError } from '../errors.js';
import type { Logger } from '../log.js';
import { slackErrorCode } from '../slack/slack-call.js';
import type { IndexedChannel, IndexState } from '../store/index-state.js';
import type { VectorIndex } from '../store/vector-index.js';
import type { ChannelMention } from './ask-service.js';
import { type BackfillJob, backfillJob, ensureReadable } from './backfill.js';
import { startingText } from './progress-message.js';
import type { SlackReader } from './slack-reader.js';

/** `/bedrock index add|remove|rebuild|status`: what admins do with the history index. */
export interface IndexAdmin {
  add(channel: ChannelMention, by: string): Promise<AdminOutcome>;
  remove(channel: ChannelMention, by: string): Promise<AdminOutcome>;
  rebuild(channel: ChannelMention, by: string): Promise<AdminOutcome>;
  status(): Promise<ChannelStatus[]>;
}

export interface AdminOutcome {
  /** What the admin is told (mrkdwn, ephemeral). */
  text: string;
  /** A backfill to enqueue. */
  job?: BackfillJob;
}

export interface ChannelStatus extends IndexedChannel {
  indexedMessages: number;
}

export interface IndexAdminDeps {
  reader: SlackReader;
  /** Posts the progress message into the admin's DM. */
  client: WebClient;
  state: IndexState;
  vectors: VectorIndex;
  logger: Logger;
}

export function createIndexAdmin(deps: IndexAdminDeps): IndexAdmin {
  const { reader, state, vectors } = deps;

  const resolve = async (mention: ChannelMention): Promise<{ id: string; name: string }> => {
    const id = mention.id ?? (mention.name ? await reader.findChannel(mention.name) : undefined);
    if (id === undefined) throw notFound(mention);
    return { id, name: mention.name ?? id };
  };

  const infoOf = (id: string, mention: ChannelMention) =>
    reader.channelInfo(id).catch((error: unknown) => {
      throw slackErrorCode(error) === 'channel_not_found' ? notFound(mention) : error;
    });

  const startProgress = async (channel: string, by: string) => {
    const dm = await reader.openDm(by);
    const posted = await deps.client.chat.postMessage({ channel: dm, text: startingText(channel) });
    return posted.ts ? { progressChannel: dm, progressTs: posted.ts } : {};
  };

  const audit = (action: string, channel: string, by: string, outcome: string) =>
    deps.logger.info({ action: `index.${action}`, channel, user: by, outcome }, 'index admin action');

  return {
    async add(mention, by) {
      const { id } = await resolve(mention);
      const info = await infoOf(id, mention);
      const existing = await state.get(id);
      if (existing?.status === 'failed') {
        await ensureReadable(reader, existing);
        const resumed: IndexedChannel = { ...existing, status: 'backfilling' };
        delete resumed.error;
        await state.save(resumed);
        audit('add', id, by, 'resumed');
        return {
          text: `Resuming the index of <#${id}> where it stopped. Progress is in your DM with Strata.`,
          job: backfillJob(id, resumed.generation),
        };
      }
      if (existing) {
        audit('add', id, by, 'already');
        return {
          text:
            existing.status === 'backfilling'
              ? `<#${id}> is already being indexed. See \`/bedrock index status\`.`
              : `<#${id}> is already indexed. Use \`/bedrock index rebuild #${info.name}\` to index it again from scratch.`,
        };
      }
      await ensureReadable(reader, { channel: id, name: info.name });
      const begun = await state.begin({
        channel: id,
        name: info.name,
        kind: info.kind,
        addedBy: by,
        ...(await startProgress(id, by)),
      });
      audit('add', id, by, 'started');
      return {
        text:
          `Indexing <#${id}>: its history (threads included) is read in the background, paced under Slack's limits. ` +
          `Progress is in your DM with Strata. ${privacyNote(info.kind)}`,
        job: backfillJob(id, begun.generation),
      };
    },

    async remove(mention, by) {
      const { id } = await resolve(mention);
      const existing = await state.get(id);
      if (!existing) return { text: `<#${id}> is not indexed.` };
      await state.remove(id);
      await vectors.deleteChannel(id);
      audit('remove', id, by, 'removed');
      return {
        text: `Removed <#${id}> from the index. Its messages can no longer appear in answers; Strata stays in the channel.`,
      };
    },

    async rebuild(mention, by) {
      const { id } = await resolve(mention);
      const existing = await state.get(id);
      if (!existing) {
        return { text: `<#${id}> is not indexed. Use \`/bedrock index add\` to index it.` };
      }
      await ensureReadable(reader, existing);
      await vectors.deleteChannel(id);
      const begun = await state.begin({
        channel: id,
        name: existing.name,
        kind: existing.kind,
        addedBy: by,
        ...(await startProgress(id, by)),
      });
      audit('rebuild', id, by, 'started');
      return {
        text: `Rebuilding the index of <#${id}> from scratch. Progress is in your DM with Strata.`,
        job: backfillJob(id, begun.generation),
      };
    },

    async status() {
      const channels = await state.list();
      return Promise.all(
        channels.map(async (c) => ({ ...c, indexedMessages: await vectors.countMessages(c.channel) })),
      );
    },
  };
}

function notFound(mention: ChannelMention): StrataError {
  const shown = mention.name ? `#${mention.name}` : 'that channel';
  return new StrataError('bad_input', `channel not found: ${JSON.stringify(mention)}`, {
    userMessage: `I can't find ${shown}. Check the name; for a private channel, invite @Strata to it first.`,
  });
}

function privacyNote(kind: IndexedChannel['kind']): string {
  return kind === 'public'
    ? 'Answers from it are shown only to its members.'
    : 'It is private: answers from it are shown only to its members.';
}
