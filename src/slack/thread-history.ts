import type { WebClient } from '@slack/web-api';

export interface SlackThreadMessage {
  ts: string;
  user: string | undefined;
  botId: string | undefined;
  text: string;
  blocks: unknown[] | undefined;
}

/** The messages of a thread as Slack has them, parent first (one page, newest `limit`). */
export async function fetchThreadMessages(
  client: WebClient,
  channel: string,
  threadTs: string,
  limit: number,
): Promise<SlackThreadMessage[]> {
  const page = await client.conversations.replies({ channel, ts: threadTs, limit });
  return (page.messages ?? []).flatMap((m) =>
    m.ts === undefined
      ? []
      : [{ ts: m.ts, user: m.user, botId: m.bot_id, text: m.text ?? '', blocks: m.blocks }],
  );
}
