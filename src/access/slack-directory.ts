import type { WebClient } from '@slack/web-api';
import type { NameResolver } from './access-admin.js';

/** `#name` and `@name` → ids through conversations.list / users.list (paged). */
export function slackNameResolver(client: WebClient): NameResolver {
  return {
    async channel(name) {
      const wanted = name.toLowerCase();
      let cursor: string | undefined;
      do {
        const page = await client.conversations.list({
          limit: 200,
          types: 'public_channel,private_channel',
          ...(cursor ? { cursor } : {}),
        });
        const found = page.channels?.find((c) => c.name?.toLowerCase() === wanted);
        if (found?.id) return found.id;
        cursor = page.response_metadata?.next_cursor || undefined;
      } while (cursor);
      return undefined;
    },
    async user(name) {
      const wanted = name.toLowerCase();
      let cursor: string | undefined;
      do {
        const page = await client.users.list({ limit: 200, ...(cursor ? { cursor } : {}) });
        const found = page.members?.find(
          (u) => u.name?.toLowerCase() === wanted || u.profile?.display_name?.toLowerCase() === wanted,
        );
        if (found?.id) return found.id;
        cursor = page.response_metadata?.next_cursor || undefined;
      } while (cursor);
      return undefined;
    },
  };
}

/** Budget warnings go to the admin channel when one is configured, otherwise to each admin's DM. */
export function adminWarnings(
  client: WebClient,
  options: { channel: string | undefined; recipients: () => Promise<string[]> },
): (text: string) => Promise<void> {
  return async (text) => {
    if (options.channel) {
      await client.chat.postMessage({ channel: options.channel, text });
      return;
    }
    for (const user of new Set(await options.recipients())) {
      const dm = await client.conversations.open({ users: user });
      if (dm.channel?.id) await client.chat.postMessage({ channel: dm.channel.id, text });
    }
  };
}
