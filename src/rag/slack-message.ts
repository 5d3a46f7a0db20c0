/** A Slack message as indexing needs it, from history pages, replies and message events alike. */
export interface SlackMessage {
  ts: string;
  text: string;
  user?: string;
  botId?: string;
  subtype?: string;
  /** Parent ts when the message is in a thread (parents carry their own ts here). */
  threadTs?: string;
  replyCount: number;
  editedTs?: string;
  fileNames: string[];
}

/** The loose shape Slack uses in history, replies and events (also what the Web API types allow). */
export interface RawSlackMessage {
  ts?: string;
  text?: string;
  user?: string;
  bot_id?: string;
  subtype?: string;
  thread_ts?: string;
  reply_count?: number;
  edited?: { ts?: string };
  files?: Array<{ name?: string; title?: string }>;
}

export function fromRaw(raw: RawSlackMessage): SlackMessage | undefined {
  if (raw.ts === undefined) return undefined;
  const fileNames = (raw.files ?? []).flatMap((f) => {
    const name = f.title ?? f.name;
    return name ? [name] : [];
  });
  return {
    ts: raw.ts,
    text: raw.text ?? '',
    ...(raw.user ? { user: raw.user } : {}),
    ...(raw.bot_id ? { botId: raw.bot_id } : {}),
    ...(raw.subtype ? { subtype: raw.subtype } : {}),
    ...(raw.thread_ts ? { threadTs: raw.thread_ts } : {}),
    replyCount: raw.reply_count ?? 0,
    ...(raw.edited?.ts ? { editedTs: raw.edited.ts } : {}),
    fileNames,
  };
}

/** Subtypes that are people talking; everything else (joins, topic changes, tombstones…) is system noise. */
const CONVERSATIONAL = new Set(['thread_broadcast', 'file_share', 'me_message']);

export interface IndexingPolicy {
  /** Strata itself: never indexed. */
  botUserId: string | undefined;
  botId: string | undefined;
  /** Other apps' messages; off by default. */
  includeBots: boolean;
}

export function isIndexable(message: SlackMessage, policy: IndexingPolicy): boolean {
  if (message.subtype !== undefined && !CONVERSATIONAL.has(message.subtype)) {
    if (message.subtype !== 'bot_message') return false;
  }
  const own =
    (policy.botUserId !== undefined && message.user === policy.botUserId) ||
    (policy.botId !== undefined && message.botId === policy.botId);
  if (own) return false;
  const fromBot = message.botId !== undefined || message.subtype === 'bot_message';
  if (fromBot && !policy.includeBots) return false;
  return message.text.trim() !== '' || message.fileNames.length > 0;
}

export function isReply(message: SlackMessage): boolean {
  return message.threadTs !== undefined && message.threadTs !== message.ts;
}

/** Orders edits: an edit's ts, else the message's own. Slack ts strings compare correctly as text. */
export function versionOf(message: SlackMessage): string {
  return message.editedTs ?? message.ts;
}

export function laterOf(a: string, b: string): string {
  return compareTs(a, b) >= 0 ? a : b;
}

export function compareTs(a: string, b: string): number {
  const [as = '0', af = ''] = a.split('.');
  const [bs = '0', bf = ''] = b.split('.');
  return Number(as) - Number(bs) || Number(af.padEnd(6, '0')) - Number(bf.padEnd(6, '0'));
}
