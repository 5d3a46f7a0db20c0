import { z } from 'zod';
import type { SyncEvent } from './live-sync.js';
import { fromRaw, type RawSlackMessage, type SlackMessage } from './slack-message.js';

/**
 * Slack `message` events → index updates. Strata's own posts and edits (every streamed reply edits its
 * message many times) are dropped here, before anything is queued; system subtypes are not index changes.
 */

const rawMessage = z
  .object({
    ts: z.string().optional(),
    text: z.string().optional(),
    user: z.string().optional(),
    bot_id: z.string().optional(),
    subtype: z.string().optional(),
    thread_ts: z.string().optional(),
    reply_count: z.number().optional(),
    edited: z.object({ ts: z.string().optional() }).loose().optional(),
    files: z
      .array(z.object({ name: z.string().optional(), title: z.string().optional() }).loose())
      .optional(),
  })
  .loose();

const messageEvent = rawMessage.extend({
  channel: z.string(),
  message: rawMessage.optional(),
  previous_message: rawMessage.optional(),
  deleted_ts: z.string().optional(),
});

const POSTED = new Set([undefined, 'thread_broadcast', 'file_share', 'me_message', 'bot_message']);

export interface Self {
  botUserId: string | undefined;
  botId: string | undefined;
}

export function toSyncEvent(event: unknown, self: Self): SyncEvent | undefined {
  const parsed = messageEvent.safeParse(event);
  if (!parsed.success) return undefined;
  const e = parsed.data;
  const isSelf = (m: RawSlackMessage | undefined) =>
    m !== undefined &&
    ((self.botUserId !== undefined && m.user === self.botUserId) ||
      (self.botId !== undefined && m.bot_id === self.botId));
  const message = (m: RawSlackMessage | undefined): SlackMessage | undefined => (m ? fromRaw(m) : undefined);

  if (e.subtype === 'message_changed') {
    const changed = message(e.message);
    if (!changed || isSelf(e.message)) return undefined;
    const previous = message(e.previous_message);
    return { type: 'changed', channel: e.channel, message: changed, ...(previous ? { previous } : {}) };
  }
  if (e.subtype === 'message_deleted') {
    const ts = e.deleted_ts ?? e.previous_message?.ts;
    if (ts === undefined || isSelf(e.previous_message)) return undefined;
    const previous = message(e.previous_message);
    return { type: 'deleted', channel: e.channel, ts, ...(previous ? { previous } : {}) };
  }
  if (POSTED.has(e.subtype)) {
    const posted = message(e);
    if (!posted || isSelf(e)) return undefined;
    return { type: 'posted', channel: e.channel, message: posted };
  }
  return undefined;
}
