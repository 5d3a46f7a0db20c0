import type { ChatMessage } from '../bedrock/gateway.js';

export interface Turn {
  role: 'user' | 'assistant';
  text: string;
}

/**
 * Bedrock's Converse needs turns that alternate and start with the user. Threads don't:
 * several people may speak in a row, or the thread may open with a bot message.
 * Consecutive turns of one role are merged; leading assistant turns are dropped; empty turns skipped.
 */
export function toConversation(turns: readonly Turn[]): ChatMessage[] {
  const messages: ChatMessage[] = [];
  for (const turn of turns) {
    const text = turn.text.trim();
    if (text === '') continue;
    const last = messages.at(-1);
    if (last === undefined && turn.role === 'assistant') continue;
    if (last?.role === turn.role) last.text = `${last.text}\n\n${text}`;
    else messages.push({ role: turn.role, text });
  }
  return messages;
}

/** Removes the mention of the bot that addressed it, so the model sees only the question. */
export function stripBotMention(text: string, botUserId: string | undefined): string {
  if (!botUserId) return text.trim();
  return text
    .replaceAll(new RegExp(`<@${botUserId}(\\|[^>]*)?>`, 'g'), '')
    .replace(/\s+/g, ' ')
    .trim();
}
