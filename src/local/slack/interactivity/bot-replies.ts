import { z } from 'zod';
import { SlackApiError } from '../web-api/api-error.js';
import { botMessage } from '../web-api/bot-message.js';
import { readContent } from '../web-api/message-content.js';
import type { BotActivity } from '../web-api/method-context.js';
import type { Workspace } from '../workspace.js';
import type { SlackMessage, StoredMessage } from '../workspace-types.js';

/** Where a command's or an action's replies go: its user, channel and thread, and the message clicked. */
export interface ReplyTarget {
  user: string;
  channel: string;
  threadTs?: string;
  source?: { channel: string; ts: string };
}

/** The body of a response_url POST, or of a slash command's ack. */
export const replyBodySchema = z.looseObject({
  text: z.string().optional(),
  blocks: z.array(z.unknown()).optional(),
  attachments: z.array(z.unknown()).optional(),
  response_type: z.enum(['ephemeral', 'in_channel']).optional(),
  replace_original: z.union([z.boolean(), z.enum(['true', 'false'])]).optional(),
  delete_original: z.union([z.boolean(), z.enum(['true', 'false'])]).optional(),
  thread_ts: z.string().optional(),
});
export type ReplyBody = z.infer<typeof replyBodySchema>;

const yes = (value: boolean | string | undefined) => value === true || value === 'true';

/**
 * Applies a reply like Slack does for response_url: delete or replace the original message, post a real
 * message (`in_channel`), or, by default, an ephemeral one only the target user sees.
 */
export function applyReply(
  workspace: Workspace,
  activity: BotActivity,
  target: ReplyTarget,
  body: ReplyBody,
): StoredMessage | undefined {
  const source = target.source && workspace.message(target.source.channel, target.source.ts);
  if (yes(body.delete_original)) {
    if (!source) return undefined;
    const previous = workspace.removeMessage(source.channel, source.message.ts);
    if (source.ephemeralUser === undefined) activity.deleted(source.channel, previous);
    return undefined;
  }
  const content = readContent({ text: body.text, blocks: body.blocks, attachments: body.attachments });
  if (yes(body.replace_original) && source) {
    const { stored, previous } = workspace.changeMessage(source.channel, source.message.ts, (old) => {
      const { text, blocks, attachments, edited, ...rest } = old;
      return { ...rest, ...content };
    });
    if (source.ephemeralUser === undefined) activity.changed(stored, previous);
    return stored;
  }
  const thread = threadFor(workspace, target.channel, body.thread_ts ?? target.threadTs);
  const message = botMessage(workspace, workspace.nextTs(), content, thread);
  if (body.response_type === 'in_channel') {
    const stored = workspace.addMessage(target.channel, message);
    activity.posted(stored);
    return stored;
  }
  return workspace.addMessage(target.channel, message, { ephemeralUser: target.user });
}

/** A bot reply's thread fields; an unknown thread_ts is ignored (the reply goes to the channel). */
function threadFor(workspace: Workspace, channel: string, threadTs: string | undefined) {
  if (threadTs === undefined || threadTs === '') return undefined;
  const target = workspace.message(channel, threadTs);
  if (!target || target.ephemeralUser !== undefined) return undefined;
  const parentTs = target.message.thread_ts ?? target.message.ts;
  const parent: SlackMessage | undefined = workspace.message(channel, parentTs)?.message;
  return { threadTs: parentTs, parentUser: parent?.user ?? target.message.user };
}

/** A reply body from JSON text; SlackApiError('invalid_payload') when it is not one. */
export function parseReplyBody(text: string): ReplyBody {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new SlackApiError('invalid_payload');
  }
  const result = replyBodySchema.safeParse(parsed);
  if (!result.success) throw new SlackApiError('invalid_payload');
  return result.data;
}
