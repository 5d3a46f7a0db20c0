import { randomUUID } from 'node:crypto';
import { fileObject } from './files/file-object.js';
import type { FileStore } from './files/file-store.js';
import { personIn } from './people-actions.js';
import { SlackApiError } from './web-api/api-error.js';
import type { Workspace } from './workspace.js';
import type { SlackMessage, StoredMessage } from './workspace-types.js';

export interface ShareFileInput {
  user: string;
  channel: string;
  thread_ts?: string;
  filename: string;
  content: Buffer | string;
  title?: string;
  /** The message typed with the file (may mention the bot). */
  text?: string;
}

const maxBytes = 50 * 1024 * 1024;

/** A person shares a file: stored, and posted as a `file_share` message carrying the file object. */
export async function shareFileAsPerson(
  workspace: Workspace,
  files: FileStore,
  input: ShareFileInput,
  context: { baseUrl: string; nowMs: number },
): Promise<StoredMessage> {
  const { user, channel } = personIn(workspace, input.user, input.channel);
  const filename = input.filename.trim().replace(/[/\\]/g, '_');
  if (filename === '') throw new SlackApiError('invalid_arguments');
  const data = typeof input.content === 'string' ? Buffer.from(input.content, 'utf8') : input.content;
  if (data.length > maxBytes) throw new SlackApiError('file_too_large');

  let thread: { thread_ts: string; parent_user_id: string } | undefined;
  if (input.thread_ts !== undefined && input.thread_ts !== '') {
    const target = workspace.message(channel.id, input.thread_ts);
    if (!target || target.ephemeralUser !== undefined) throw new SlackApiError('thread_not_found');
    const parentTs = target.message.thread_ts ?? target.message.ts;
    const parentUser = workspace.message(channel.id, parentTs)?.message.user ?? target.message.user;
    thread = { thread_ts: parentTs, parent_user_id: parentUser };
  }

  const pending = await files.create(filename, data);
  const file = fileObject({
    id: pending.id,
    filename,
    title: input.title,
    data,
    user: user.id,
    baseUrl: context.baseUrl,
    nowMs: context.nowMs,
  });
  files.describe(file, channel.id);
  const message: SlackMessage = {
    type: 'message',
    subtype: 'file_share',
    ts: workspace.nextTs(),
    client_msg_id: randomUUID(),
    user: user.id,
    text: input.text ?? '',
    team: workspace.team.id,
    files: [file],
    upload: true,
    display_as_bot: false,
    ...thread,
  };
  return workspace.addMessage(channel.id, message);
}
