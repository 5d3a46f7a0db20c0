import type { KnownBlock } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import { z } from 'zod';

/** Where a private answer goes: the response_url of a command or click, else an ephemeral in the channel. */
export interface PrivateTarget {
  channel: string;
  user: string;
  threadTs?: string;
  responseUrl?: string;
}

export interface Notifier {
  /** A message only `target.user` sees. */
  tell(target: PrivateTarget, message: { text: string; blocks?: KnownBlock[] }): Promise<void>;
}

const slackAnswer = z.object({ ok: z.boolean().optional(), error: z.string().optional() });

export function createNotifier(client: WebClient, fetchImpl: typeof fetch = fetch): Notifier {
  return {
    async tell(target, message) {
      if (target.responseUrl) {
        const response = await fetchImpl(target.responseUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ response_type: 'ephemeral', replace_original: false, ...message }),
        });
        const answer = slackAnswer.safeParse(await response.json().catch(() => ({})));
        if (response.ok && (!answer.success || answer.data.ok !== false)) return;
        // An expired response_url (30 minutes, 5 uses) falls back to an ephemeral message.
      }
      await client.chat.postEphemeral({
        channel: target.channel,
        user: target.user,
        text: message.text,
        ...(message.blocks ? { blocks: message.blocks } : {}),
        ...(target.threadTs ? { thread_ts: target.threadTs } : {}),
      });
    },
  };
}
