import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { bot, seedWorkspace } from '../../src/local/slack/workspace-seed.js';
import type { WorkspaceSnapshot } from '../../src/local/slack/workspace-types.js';

/**
 * The local workspace plus `count` public channels Strata is in, written where local mode loads it
 * (`<dataDir>/slack.json`). Load spreads over many channels, as a busy workspace does: Slack allows
 * about one post a second per channel, so a thousand replies in one channel would measure only that.
 */
export async function writeLoadWorkspace(dataDir: string, count: number): Promise<string[]> {
  const snapshot: WorkspaceSnapshot = seedWorkspace();
  const template = snapshot.channels.find((c) => c.id === 'C0GENERAL');
  if (!template) throw new Error('the seed workspace has no C0GENERAL');
  const people = snapshot.users.filter((u) => !u.is_bot).map((u) => u.id);
  const ids = Array.from({ length: count }, (_, i) => `C0LOAD${String(i).padStart(3, '0')}`);
  for (const [i, id] of ids.entries()) {
    snapshot.channels.push({
      ...template,
      id,
      name: `load-${i}`,
      is_general: false,
      members: [...people, bot.userId],
    });
  }
  await mkdir(dataDir, { recursive: true });
  await writeFile(join(dataDir, 'slack.json'), JSON.stringify(snapshot));
  return ids;
}
