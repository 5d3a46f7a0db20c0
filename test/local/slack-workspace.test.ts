import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSlackEmulator } from '../../src/local/slack/slack-emulator.js';

const botToken = 'xoxb-workspace-test';
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'slack-emulator-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('seeded workspace', () => {
  it('starts with the team, people, bot, channels and DMs', async () => {
    const emulator = await startSlackEmulator({ signingSecret: 's', botToken });
    try {
      const { workspace } = emulator;
      expect(workspace.team).toMatchObject({ id: 'T0LOCAL', name: 'Strata Local' });
      expect(workspace.users.map((u) => [u.id, u.name, u.real_name])).toEqual([
        ['U0ALICE', 'alice', 'Alice Park'],
        ['U0BOB', 'bob', 'Bob Ortiz'],
        ['U0ADMIN', 'dana', 'Dana Admin'],
        ['U0STRATA', 'strata', 'Strata'],
      ]);
      expect(workspace.user('U0STRATA')).toMatchObject({ is_bot: true, profile: { bot_id: 'B0STRATA' } });
      expect(
        workspace.channels.map((c) => [c.id, c.name, c.is_private, c.members.includes('U0STRATA')]),
      ).toEqual([
        ['C0GENERAL', 'general', false, true],
        ['C0RANDOM', 'random', false, false],
        ['G0LEADERS', 'leadership', true, true],
        ['D0ALICE', 'U0ALICE', true, true],
        ['D0BOB', 'U0BOB', true, true],
        ['D0ADMIN', 'U0ADMIN', true, true],
      ]);
      expect(workspace.channel('G0LEADERS')?.members).toEqual(['U0ADMIN', 'U0ALICE', 'U0STRATA']);
      expect(workspace.channel('D0BOB')).toMatchObject({ is_im: true, user: 'U0BOB' });
    } finally {
      await emulator.close();
    }
  });
});

describe('data file', () => {
  it('keeps messages across restarts and continues the ts sequence', async () => {
    const dataFile = join(dir, 'slack.json');
    const clock = () => 1_764_090_000_000;
    const first = await startSlackEmulator({ signingSecret: 's', botToken, dataFile, now: clock });
    const { ts: parentTs } = await first.postAsUser({
      user: 'U0ALICE',
      channel: 'C0GENERAL',
      text: 'remember me',
    });
    const client = new WebClient(botToken, { slackApiUrl: first.apiUrl, retryConfig: { retries: 0 } });
    await client.chat.postMessage({ channel: 'C0GENERAL', thread_ts: parentTs, text: 'noted' });
    await client.chat.postEphemeral({ channel: 'C0GENERAL', user: 'U0BOB', text: 'gone after restart' });
    await first.close();

    const second = await startSlackEmulator({ signingSecret: 's', botToken, dataFile, now: clock });
    try {
      const again = new WebClient(botToken, { slackApiUrl: second.apiUrl, retryConfig: { retries: 0 } });
      const replies = await again.conversations.replies({ channel: 'C0GENERAL', ts: parentTs });
      expect(replies.messages?.map((m) => m.text)).toEqual(['remember me', 'noted']);
      expect(second.workspace.messages('C0GENERAL')).toHaveLength(2);

      const next = await again.chat.postMessage({ channel: 'C0GENERAL', text: 'after restart' });
      expect(Number(next.ts)).toBeGreaterThan(Number(replies.messages?.[1]?.ts));
    } finally {
      await second.close();
    }
  });

  it('writes the file atomically, leaving no temporary files', async () => {
    const dataFile = join(dir, 'nested', 'slack.json');
    const emulator = await startSlackEmulator({ signingSecret: 's', botToken, dataFile });
    await emulator.postAsUser({ user: 'U0BOB', channel: 'D0BOB', text: 'saved' });
    await emulator.close();
    expect(await readdir(join(dir, 'nested'))).toEqual(['slack.json']);
    const saved = JSON.parse(await readFile(dataFile, 'utf8'));
    expect(saved.messages).toEqual([expect.objectContaining({ channel: 'D0BOB' })]);
  });

  it('refuses to start from a corrupt data file, naming it', async () => {
    const dataFile = join(dir, 'slack.json');
    await writeFile(dataFile, JSON.stringify({ version: 2 }));
    await expect(startSlackEmulator({ signingSecret: 's', botToken, dataFile })).rejects.toThrow(dataFile);
  });
});
