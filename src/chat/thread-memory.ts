import type { WebClient } from '@slack/web-api';
import { fetchThreadMessages } from '../slack/thread-history.js';
import type { ThreadStore, ThreadTurn } from '../store/thread-store.js';
import { stripBotMention, type Turn } from './conversation.js';

export interface ThreadMemory {
  /** Earlier turns of the thread, before `beforeTs`, oldest first. */
  load(channel: string, threadTs: string, beforeTs: string): Promise<Turn[]>;
  remember(turn: ThreadTurn): Promise<void>;
}

export interface ThreadMemoryOptions {
  store: ThreadStore;
  client: WebClient;
  botUserId: string | undefined;
  maxTurns: number;
}

/**
 * Thread turns come from the store. A thread Strata joined late (a mention in a thread people
 * started) has nothing stored yet, so its history is read from Slack instead.
 */
export function createThreadMemory({
  store,
  client,
  botUserId,
  maxTurns,
}: ThreadMemoryOptions): ThreadMemory {
  const fromSlack = async (channel: string, threadTs: string, beforeTs: string): Promise<Turn[]> => {
    const messages = await fetchThreadMessages(client, channel, threadTs, maxTurns + 1);
    return messages
      .filter((m) => m.ts < beforeTs)
      .map((m) => ({
        role: m.botId !== undefined || m.user === botUserId ? ('assistant' as const) : ('user' as const),
        text: stripBotMention(m.text, botUserId),
      }))
      .slice(-maxTurns);
  };

  return {
    async load(channel, threadTs, beforeTs) {
      if (maxTurns === 0) return [];
      const stored = (await store.list(channel, threadTs, maxTurns + 1)).filter((t) => t.ts < beforeTs);
      if (stored.length > 0) return stored.slice(-maxTurns).map(({ role, text }) => ({ role, text }));
      if (threadTs === beforeTs) return [];
      return fromSlack(channel, threadTs, beforeTs);
    },
    remember: (turn) => store.append(turn),
  };
}
