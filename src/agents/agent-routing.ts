import type { AgentServices } from './agent-deps.js';

/** Where a message in a channel goes: an agent session (continue or start) or on to other features. */
export type MessageRoute = 'continue' | 'start' | 'pass';

/**
 * Replies in a thread with an active agent session continue it. A mention starts a session in channels
 * whose admin turned agent mentions on. Everything else (ended sessions too) passes on to chat.
 */
export async function routeMessage(
  agents: AgentServices,
  message: { channel: string; threadTs: string | undefined; isMention: boolean },
): Promise<MessageRoute> {
  if (message.threadTs !== undefined) {
    const session = await agents.sessions.get(message.channel, message.threadTs);
    if (session?.status === 'active') return 'continue';
    if (session !== undefined) return 'pass';
  }
  if (!message.isMention) return 'pass';
  const configured = await agents.channels.get(message.channel);
  return configured?.mentions ? 'start' : 'pass';
}
