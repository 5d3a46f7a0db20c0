import type {
  SlackChannel,
  SlackMessage,
  SlackTeam,
  SlackUser,
  StoredMessage,
  ThreadStatus,
  WorkspaceChange,
  WorkspaceSnapshot,
} from './workspace-types.js';

export type ChannelType = 'channel' | 'group' | 'im';

/** Formats microseconds since the epoch as a Slack `ts` ("1764090000.000100"). */
export function formatTs(micros: number): string {
  const seconds = Math.floor(micros / 1_000_000);
  const rest = micros - seconds * 1_000_000;
  return `${seconds}.${String(rest).padStart(6, '0')}`;
}

/**
 * The emulated workspace: team, users, channels, messages and assistant statuses.
 * Every change is announced to listeners (live page updates, persistence).
 */
export class Workspace {
  readonly team: SlackTeam;
  private readonly usersById = new Map<string, SlackUser>();
  private readonly channelsById = new Map<string, SlackChannel>();
  private readonly byChannel = new Map<string, StoredMessage[]>();
  private readonly byKey = new Map<string, StoredMessage>();
  private readonly statuses = new Map<string, ThreadStatus>();
  private readonly listeners = new Set<(change: WorkspaceChange) => void>();
  private lastTsMicros: number;

  constructor(
    snapshot: WorkspaceSnapshot,
    private readonly now: () => number,
  ) {
    this.team = snapshot.team;
    this.lastTsMicros = snapshot.lastTsMicros;
    for (const user of snapshot.users) this.usersById.set(user.id, user);
    for (const channel of snapshot.channels) {
      this.channelsById.set(channel.id, channel);
      this.byChannel.set(channel.id, []);
    }
    const sorted = [...snapshot.messages].sort((a, b) => compareTs(a.message.ts, b.message.ts));
    for (const stored of sorted) {
      const list = this.byChannel.get(stored.channel);
      if (!list) continue;
      list.push(stored);
      this.byKey.set(`${stored.channel}/${stored.message.ts}`, stored);
    }
  }

  get users(): readonly SlackUser[] {
    return [...this.usersById.values()];
  }

  get channels(): readonly SlackChannel[] {
    return [...this.channelsById.values()];
  }

  user(id: string): SlackUser | undefined {
    return this.usersById.get(id);
  }

  channel(id: string): SlackChannel | undefined {
    return this.channelsById.get(id);
  }

  /** The DM between a person and the bot. */
  directMessageWith(userId: string): SlackChannel | undefined {
    return this.channels.find((c) => c.is_im && c.user === userId);
  }

  isMember(channelId: string, userId: string): boolean {
    return this.channelsById.get(channelId)?.members.includes(userId) ?? false;
  }

  /** Public channels are visible to everyone; private channels and DMs only to members. */
  canSee(userId: string, channelId: string): boolean {
    const channel = this.channelsById.get(channelId);
    if (!channel) return false;
    return !channel.is_private || channel.members.includes(userId);
  }

  channelType(channel: SlackChannel): ChannelType {
    if (channel.is_im) return 'im';
    return channel.is_private ? 'group' : 'channel';
  }

  addMember(channelId: string, userId: string): void {
    const channel = this.channelsById.get(channelId);
    if (!channel || channel.members.includes(userId)) return;
    channel.members.push(userId);
    this.emit({ type: 'channel_changed', channel });
  }

  /** A unique, strictly increasing ts derived from the clock. */
  nextTs(): string {
    this.lastTsMicros = Math.max(this.now() * 1000, this.lastTsMicros) + 100;
    return formatTs(this.lastTsMicros);
  }

  /** All messages of a channel (top-level, replies and ephemerals), oldest first. */
  messages(channelId: string): readonly StoredMessage[] {
    return this.byChannel.get(channelId) ?? [];
  }

  message(channelId: string, ts: string): StoredMessage | undefined {
    return this.byKey.get(`${channelId}/${ts}`);
  }

  /** Replies of a thread (not the parent, no ephemerals), oldest first. */
  replies(channelId: string, parentTs: string): StoredMessage[] {
    return this.messages(channelId).filter(
      (s) => s.ephemeralUser === undefined && s.message.thread_ts === parentTs && s.message.ts !== parentTs,
    );
  }

  addMessage(
    channelId: string,
    message: SlackMessage,
    extra: Omit<StoredMessage, 'channel' | 'message'> = {},
  ) {
    const list = this.byChannel.get(channelId);
    if (!list) throw new Error(`unknown channel ${channelId}`);
    const stored: StoredMessage = { channel: channelId, message, ...extra };
    list.push(stored);
    const before = list[list.length - 2];
    if (before && compareTs(before.message.ts, message.ts) > 0) {
      list.sort((a, b) => compareTs(a.message.ts, b.message.ts));
    }
    this.byKey.set(`${channelId}/${message.ts}`, stored);
    this.emit({ type: 'message_added', stored });
    const threadTs = message.thread_ts;
    if (threadTs !== undefined && threadTs !== message.ts && extra.ephemeralUser === undefined) {
      this.refreshThread(channelId, threadTs);
    }
    return stored;
  }

  /** Replaces a message through `edit`; returns the stored message and the previous version. */
  changeMessage(
    channelId: string,
    ts: string,
    edit: (message: SlackMessage) => SlackMessage,
    streaming?: StoredMessage['streaming'],
  ): { stored: StoredMessage; previous: SlackMessage } {
    const stored = this.message(channelId, ts);
    if (!stored) throw new Error(`unknown message ${channelId}/${ts}`);
    const previous = stored.message;
    stored.message = edit(structuredClone(previous));
    if (streaming !== undefined) stored.streaming = streaming;
    this.emit({ type: 'message_changed', stored, previous });
    return { stored, previous };
  }

  /**
   * Deletes a message. A thread parent that still has replies becomes a tombstone, as in Slack.
   * Returns the message as it was.
   */
  removeMessage(channelId: string, ts: string): StoredMessage {
    const list = this.byChannel.get(channelId) ?? [];
    const index = list.findIndex((s) => s.message.ts === ts);
    const removed = list[index];
    if (!removed) throw new Error(`unknown message ${channelId}/${ts}`);
    const previous: StoredMessage = { ...removed, message: structuredClone(removed.message) };
    const isParent = removed.message.thread_ts === ts || removed.message.thread_ts === undefined;
    if (isParent && this.replies(channelId, ts).length > 0) {
      this.changeMessage(channelId, ts, (m) => ({
        type: 'message',
        subtype: 'tombstone',
        ts: m.ts,
        user: 'USLACKBOT',
        text: 'This message was deleted.',
        team: m.team,
        thread_ts: m.thread_ts,
        reply_count: m.reply_count,
        reply_users: m.reply_users,
        reply_users_count: m.reply_users_count,
        latest_reply: m.latest_reply,
      }));
      return previous;
    }
    list.splice(index, 1);
    this.byKey.delete(`${channelId}/${ts}`);
    this.emit({ type: 'message_deleted', channel: channelId, ts, previous });
    const threadTs = removed.message.thread_ts;
    if (threadTs !== undefined && threadTs !== ts) this.refreshThread(channelId, threadTs);
    return previous;
  }

  /** assistant.threads.setStatus; "" clears it. */
  setStatus(channel: string, threadTs: string, status: string): void {
    const key = `${channel}/${threadTs}`;
    const current = this.statuses.get(key)?.status ?? '';
    if (current === status) return;
    const entry: ThreadStatus = { channel, thread_ts: threadTs, status };
    if (status === '') this.statuses.delete(key);
    else this.statuses.set(key, entry);
    this.emit({ type: 'status_changed', status: entry });
  }

  status(channel: string, threadTs: string): string {
    return this.statuses.get(`${channel}/${threadTs}`)?.status ?? '';
  }

  allStatuses(): ThreadStatus[] {
    return [...this.statuses.values()];
  }

  onChange(listener: (change: WorkspaceChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Persistent state: ephemeral messages and statuses are left out, as Slack forgets them. */
  snapshot(): WorkspaceSnapshot {
    const messages = [...this.byChannel.values()].flat().filter((s) => s.ephemeralUser === undefined);
    return {
      version: 1,
      lastTsMicros: this.lastTsMicros,
      team: this.team,
      users: this.users.slice(),
      channels: this.channels.slice(),
      messages,
    };
  }

  private refreshThread(channelId: string, parentTs: string): void {
    const parent = this.message(channelId, parentTs);
    if (!parent) return;
    const replies = this.replies(channelId, parentTs);
    this.changeMessage(channelId, parentTs, (m) => {
      if (replies.length === 0) {
        const { reply_count, reply_users, reply_users_count, latest_reply, thread_ts, ...rest } = m;
        return rest;
      }
      const users = [...new Set(replies.map((r) => r.message.user))];
      return {
        ...m,
        thread_ts: parentTs,
        reply_count: replies.length,
        reply_users: users.slice(0, 5),
        reply_users_count: users.length,
        latest_reply: replies[replies.length - 1]?.message.ts ?? parentTs,
      };
    });
  }

  private emit(change: WorkspaceChange): void {
    for (const listener of this.listeners) listener(change);
  }
}

export function compareTs(a: string, b: string): number {
  const [as = '0', af = ''] = a.split('.');
  const [bs = '0', bf = ''] = b.split('.');
  const bySeconds = Number(as) - Number(bs);
  if (bySeconds !== 0) return bySeconds;
  return Number(af.padEnd(6, '0')) - Number(bf.padEnd(6, '0'));
}
