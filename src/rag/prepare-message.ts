import type { PreparedMessage } from './chunking.js';
import { type IndexingPolicy, isIndexable, laterOf, type SlackMessage, versionOf } from './slack-message.js';
import { type NameOf, readableText } from './slack-text.js';

export interface ChannelRef {
  id: string;
  name: string;
}

/** A Slack message (and, for a reply, its thread's parent) → what chunking needs, names resolved. */
export async function prepareMessage(
  channel: ChannelRef,
  message: SlackMessage,
  nameOf: NameOf,
  parent?: SlackMessage,
): Promise<PreparedMessage> {
  const user = message.user ?? message.botId ?? 'unknown';
  const [author, text, parentContext] = await Promise.all([
    message.user ? nameOf(message.user) : Promise.resolve(message.botId ?? 'an app'),
    bodyOf(message, nameOf),
    parent ? contextOf(parent, nameOf) : Promise.resolve(undefined),
  ]);
  const inThread =
    message.threadTs !== undefined && (message.replyCount > 0 || message.threadTs !== message.ts);
  return {
    channel: channel.id,
    channelName: channel.name,
    ts: message.ts,
    threadTs: inThread ? (message.threadTs ?? '') : '',
    user,
    author,
    text,
    // A reply's chunk quotes its parent, so an edit of the parent is also a new version of the reply.
    version: parent ? laterOf(versionOf(message), versionOf(parent)) : versionOf(message),
    ...(parentContext ? { parent: parentContext } : {}),
  };
}

async function bodyOf(message: SlackMessage, nameOf: NameOf): Promise<string> {
  const text = await readableText(message.text, nameOf);
  const files = message.fileNames.map((name) => `[shared a file: ${name}]`);
  return [text, ...files].filter((part) => part.trim() !== '').join('\n');
}

async function contextOf(parent: SlackMessage, nameOf: NameOf): Promise<PreparedMessage['parent']> {
  const text = await bodyOf(parent, nameOf);
  if (text.trim() === '') return undefined;
  return { ts: parent.ts, author: parent.user ? await nameOf(parent.user) : 'an app', text };
}

/** A whole thread, parent first: the indexable messages, replies quoting the parent when it is indexable. */
export async function prepareThread(
  channel: ChannelRef,
  thread: readonly SlackMessage[],
  nameOf: NameOf,
  policy: IndexingPolicy,
): Promise<PreparedMessage[]> {
  const [parent, ...replies] = thread;
  if (parent === undefined) return [];
  const context = isIndexable(parent, policy) ? parent : undefined;
  return Promise.all([
    ...(context ? [prepareMessage(channel, { ...context, threadTs: context.ts }, nameOf)] : []),
    ...replies
      .filter((reply) => isIndexable(reply, policy))
      .map((reply) => prepareMessage(channel, { ...reply, threadTs: parent.ts }, nameOf, context)),
  ]);
}
