import type { WebClient } from '@slack/web-api';
import { StrataError } from '../errors.js';
import { slackErrorCode } from '../slack/slack-call.js';
import type { ChannelKind } from '../store/index-state.js';
import { fromRaw, type SlackMessage } from './slack-message.js';
import type { SlackPacer } from './slack-pacer.js';

export interface ChannelInfo {
  id: string;
  name: string;
  kind: ChannelKind;
  isMember: boolean;
  isArchived: boolean;
}

export interface HistoryPage {
  /** Top-level messages of the page, newest first, as Slack returns them. */
  messages: SlackMessage[];
  nextCursor: string | undefined;
}

/** Every Slack read indexing and answering need, paced per method. Errors become StrataError('slack_error'). */
export interface SlackReader {
  channelInfo(channel: string): Promise<ChannelInfo>;
  join(channel: string): Promise<void>;
  historyPage(channel: string, cursor: string | undefined, limit: number): Promise<HistoryPage>;
  /** The whole thread, parent first. */
  thread(channel: string, threadTs: string): Promise<SlackMessage[]>;
  members(channel: string): Promise<string[]>;
  userName(user: string): Promise<string | undefined>;
  permalink(channel: string, ts: string): Promise<string | undefined>;
  /** The DM channel between Strata and a person. */
  openDm(user: string): Promise<string>;
  /** `#name` → channel id, among channels Strata can see. */
  findChannel(name: string): Promise<string | undefined>;
  /** Strata's own user and bot ids (auth.test), so its messages are never indexed. */
  identity(): Promise<{ userId: string | undefined; botId: string | undefined }>;
}

/** `pageSize`: messages per conversations.replies page (Slack caps it at 15 for non-Marketplace distributed apps). */
export function createSlackReader(client: WebClient, pacer: SlackPacer, pageSize = 200): SlackReader {
  const call = <T>(method: string, run: () => Promise<T>) =>
    pacer.call(method, run).catch((error: unknown) => {
      throw slackFailure(method, error);
    });
  let identity: Promise<{ userId: string | undefined; botId: string | undefined }> | undefined;

  return {
    async channelInfo(channel) {
      const { channel: info } = await call('conversations.info', () =>
        client.conversations.info({ channel }),
      );
      if (!info?.id)
        throw new StrataError('slack_error', `conversations.info returned no channel for ${channel}`);
      return {
        id: info.id,
        name: info.name ?? info.id,
        kind: info.is_im ? 'im' : info.is_mpim ? 'mpim' : info.is_private ? 'private' : 'public',
        isMember: info.is_member === true || info.is_im === true,
        isArchived: info.is_archived === true,
      };
    },

    async join(channel) {
      await call('conversations.join', () => client.conversations.join({ channel }));
    },

    async historyPage(channel, cursor, limit) {
      const page = await call('conversations.history', () =>
        client.conversations.history({ channel, limit, ...(cursor ? { cursor } : {}) }),
      );
      return {
        messages: (page.messages ?? []).flatMap((m) => fromRaw(m) ?? []),
        nextCursor: page.response_metadata?.next_cursor || undefined,
      };
    },

    async thread(channel, threadTs) {
      const messages: SlackMessage[] = [];
      let cursor: string | undefined;
      do {
        const page = await call('conversations.replies', () =>
          client.conversations.replies({
            channel,
            ts: threadTs,
            limit: pageSize,
            ...(cursor ? { cursor } : {}),
          }),
        );
        for (const raw of page.messages ?? []) {
          const message = fromRaw(raw);
          // Later pages repeat the parent first, as Slack does.
          if (message && !messages.some((m) => m.ts === message.ts)) messages.push(message);
        }
        cursor = page.response_metadata?.next_cursor || undefined;
      } while (cursor);
      return messages;
    },

    async members(channel) {
      const members: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await call('conversations.members', () =>
          client.conversations.members({ channel, limit: 1000, ...(cursor ? { cursor } : {}) }),
        );
        members.push(...(page.members ?? []));
        cursor = page.response_metadata?.next_cursor || undefined;
      } while (cursor);
      return members;
    },

    async userName(user) {
      try {
        const { user: found } = await call('users.info', () => client.users.info({ user }));
        const profile = found?.profile;
        return profile?.real_name || found?.real_name || profile?.display_name || found?.name || undefined;
      } catch {
        return undefined;
      }
    },

    async permalink(channel, ts) {
      try {
        const { permalink } = await call('chat.getPermalink', () =>
          client.chat.getPermalink({ channel, message_ts: ts }),
        );
        return permalink;
      } catch {
        return undefined;
      }
    },

    async openDm(user) {
      const { channel } = await call('conversations.open', () => client.conversations.open({ users: user }));
      if (!channel?.id)
        throw new StrataError('slack_error', `conversations.open returned no channel for ${user}`);
      return channel.id;
    },

    async findChannel(name) {
      const wanted = name.replace(/^#/, '').toLowerCase();
      let cursor: string | undefined;
      do {
        const page = await call('conversations.list', () =>
          client.conversations.list({
            types: 'public_channel,private_channel',
            exclude_archived: true,
            limit: 1000,
            ...(cursor ? { cursor } : {}),
          }),
        );
        const found = page.channels?.find((c) => c.name?.toLowerCase() === wanted);
        if (found?.id) return found.id;
        cursor = page.response_metadata?.next_cursor || undefined;
      } while (cursor);
      return undefined;
    },

    identity() {
      identity ??= call('auth.test', () => client.auth.test()).then(
        (me) => ({ userId: me.user_id, botId: me.bot_id }),
        (error: unknown) => {
          identity = undefined;
          throw error;
        },
      );
      return identity;
    },
  };
}

function slackFailure(method: string, error: unknown): StrataError {
  if (error instanceof StrataError) return error;
  const code = slackErrorCode(error);
  const detail = code ?? (error instanceof Error ? error.message : String(error));
  return new StrataError('slack_error', `${method} failed: ${detail}`, {
    cause: error,
    retryable: code === undefined,
  });
}
