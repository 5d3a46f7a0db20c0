import { access } from 'node:fs/promises';
import { saveSnapshot } from '../../local/slack/workspace-file.js';
import { bot, seedWorkspace } from '../../local/slack/workspace-seed.js';
import type {
  SlackChannel,
  SlackMessage,
  StoredMessage,
  WorkspaceSnapshot,
} from '../../local/slack/workspace-types.js';
import { createDynamoIndexState } from '../../store/index-state.js';
import { createDocumentClient, createStrataTable } from '../../store/table.js';
import { DEMO_CHANNELS, DEMO_PEOPLE, type DemoMessage, demoHistory } from './demo-history.js';

/**
 * Local mode's first start: writes the Slack emulator's data file with the demo channels and their
 * history, and marks those channels for indexing, so the normal start-up resume backfills them through
 * the emulator's Web API, paced like any other backfill. Does nothing when the data file already exists.
 */
export async function seedDemoHistory(options: {
  dataFile: string;
  region: string;
  tableName: string;
  now?: () => number;
}): Promise<boolean> {
  if (await exists(options.dataFile)) return false;
  const now = options.now ?? Date.now;
  const state = createDynamoIndexState({
    table: createStrataTable({
      documentClient: createDocumentClient({ region: options.region }),
      tableName: options.tableName,
    }),
  });
  await saveSnapshot(options.dataFile, demoSnapshot(now()));
  for (const channel of DEMO_CHANNELS) {
    await state.begin({
      channel: channel.id,
      name: channel.name,
      kind: channel.isPrivate ? 'private' : 'public',
      addedBy: 'U0ADMIN',
    });
  }
  return true;
}

export function demoSnapshot(nowMs: number): WorkspaceSnapshot {
  const base = seedWorkspace();
  const teamId = base.team.id;
  const users = [
    ...base.users,
    ...DEMO_PEOPLE.filter((p) => !base.users.some((u) => u.id === p.id)).map((p) => ({
      id: p.id,
      team_id: teamId,
      name: p.name,
      real_name: p.realName,
      is_bot: false,
      is_admin: false,
      deleted: false,
      tz: 'UTC',
      profile: { real_name: p.realName, display_name: p.name },
    })),
  ];
  const channels: SlackChannel[] = base.channels.map((c) => ({ ...c }));
  for (const demo of DEMO_CHANNELS) {
    const existing = channels.find((c) => c.id === demo.id);
    const members = [...new Set([...(existing?.members ?? []), ...demo.members, bot.userId])];
    if (existing) existing.members = members;
    else channels.push(newChannel(demo.id, demo.name, members, demo.isPrivate));
  }

  // Spread the history over the last six weeks, a message every few hours.
  const history = demoHistory();
  const start = nowMs - 42 * 86_400_000;
  const step = Math.floor((nowMs - 3_600_000 - start) / history.length);
  let micros = start * 1000;
  const tsAt = (offsetMinutes: number) => formatTs(micros + offsetMinutes * 60_000_000);
  const messages: StoredMessage[] = [...base.messages];
  for (const entry of history) {
    micros += step * 1000;
    messages.push(...storedThread(entry, teamId, tsAt));
  }
  return { ...base, users, channels, messages, lastTsMicros: Math.max(base.lastTsMicros, nowMs * 1000) };
}

function storedThread(entry: DemoMessage, team: string, tsAt: (minutes: number) => string): StoredMessage[] {
  const parentTs = tsAt(0);
  const replies = (entry.replies ?? []).map(
    (reply, i): SlackMessage => ({
      type: 'message',
      ts: tsAt(7 * (i + 1)),
      user: reply.user,
      text: reply.text,
      team,
      thread_ts: parentTs,
      parent_user_id: entry.user,
    }),
  );
  const parent: SlackMessage = { type: 'message', ts: parentTs, user: entry.user, text: entry.text, team };
  const last = replies.at(-1);
  if (last) {
    parent.thread_ts = parentTs;
    parent.reply_count = replies.length;
    parent.reply_users = [...new Set(replies.map((r) => r.user))];
    parent.reply_users_count = parent.reply_users.length;
    parent.latest_reply = last.ts;
  }
  return [parent, ...replies].map((message) => ({ channel: entry.channel, message }));
}

function newChannel(id: string, name: string, members: string[], isPrivate: boolean): SlackChannel {
  return {
    id,
    name,
    created: 1_764_000_000,
    creator: 'U0ADMIN',
    is_channel: !isPrivate,
    is_group: isPrivate,
    is_im: false,
    is_mpim: false,
    is_private: isPrivate,
    is_archived: false,
    is_general: false,
    members,
  };
}

function formatTs(micros: number): string {
  const seconds = Math.floor(micros / 1_000_000);
  return `${seconds}.${String(Math.floor(micros - seconds * 1_000_000)).padStart(6, '0')}`;
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
