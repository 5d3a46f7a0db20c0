import type { WebClient } from '@slack/web-api';
import type { SharedFile } from './views/finetune-modal.js';

/**
 * `.jsonl` files recently shared in the channel where the admin asked (newest first), so the modal can
 * offer them. Only that channel is read; when Strata can't read it, there is simply nothing to offer.
 */
export async function sharedJsonlFiles(
  client: WebClient,
  channel: string,
  limit = 25,
): Promise<SharedFile[]> {
  try {
    const { messages = [] } = await client.conversations.history({ channel, limit: 200 });
    const files: SharedFile[] = [];
    for (const message of messages) {
      for (const file of message.files ?? []) {
        if (!file.id || !file.name?.toLowerCase().endsWith('.jsonl')) continue;
        const when = message.ts
          ? new Date(Number(message.ts) * 1000).toISOString().slice(0, 16).replace('T', ' ')
          : '';
        const size =
          typeof file.size === 'number'
            ? ` · ${(file.size / 1024).toFixed(file.size < 10_240 ? 1 : 0)} KB`
            : '';
        files.push({
          id: file.id,
          name: file.name,
          detail: `${when} UTC${size}${message.user ? ` · ${message.user}` : ''}`,
        });
      }
    }
    return files.slice(0, limit);
  } catch {
    return [];
  }
}
