import { z } from 'zod';

/** What a reply's buttons carry: which question they belong to and who asked it. */
export interface ReplyControlValue {
  channel: string;
  threadTs: string;
  messageTs: string;
  requester: string;
}

const schema = z.object({
  c: z.string().regex(/^[CDG][A-Z0-9]+$/),
  t: z.string().regex(/^\d+\.\d+$/),
  m: z.string().regex(/^\d+\.\d+$/),
  u: z.string().regex(/^[UW][A-Z0-9]+$/),
});

export function encodeControls(value: ReplyControlValue): string {
  return JSON.stringify({ c: value.channel, t: value.threadTs, m: value.messageTs, u: value.requester });
}

/** Button values come back from Slack as user-controlled input: parse, don't trust. */
export function decodeControls(raw: string | undefined): ReplyControlValue | undefined {
  if (raw === undefined) return undefined;
  try {
    const parsed = schema.safeParse(JSON.parse(raw));
    if (!parsed.success) return undefined;
    const { c, t, m, u } = parsed.data;
    return { channel: c, threadTs: t, messageTs: m, requester: u };
  } catch {
    return undefined;
  }
}

/** One key per question, so a stop request, a retry and the stored answer all find the same reply. */
export function replyKey(value: Pick<ReplyControlValue, 'channel' | 'messageTs'>): string {
  return `${value.channel}:${value.messageTs}`;
}
