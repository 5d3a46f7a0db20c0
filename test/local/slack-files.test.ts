import { WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type SlackEmulator, startSlackEmulator } from '../../src/local/slack/slack-emulator.js';

const botToken = 'xoxb-files-test';
let emulator: SlackEmulator;
let client: WebClient;

beforeEach(async () => {
  emulator = await startSlackEmulator({ signingSecret: 's', botToken });
  client = new WebClient(botToken, { slackApiUrl: emulator.apiUrl, retryConfig: { retries: 0 } });
});

afterEach(async () => {
  await emulator.close();
});

describe('file uploads (filesUploadV2)', () => {
  it('shares an uploaded file into a thread, downloadable from its url_private', async () => {
    const { ts: parentTs } = await emulator.postAsUser({
      user: 'U0ALICE',
      channel: 'C0GENERAL',
      text: 'sql?',
    });
    const sql = 'SELECT region, SUM(total) FROM orders GROUP BY region;';

    const result = await client.filesUploadV2({
      channel_id: 'C0GENERAL',
      thread_ts: parentTs,
      file: Buffer.from(sql),
      filename: 'query.sql',
      title: 'Generated SQL',
      initial_comment: 'Here is the query',
    });
    expect(result.ok).toBe(true);

    const replies = await client.conversations.replies({ channel: 'C0GENERAL', ts: parentTs });
    const reply = replies.messages?.[1];
    expect(reply).toMatchObject({
      text: 'Here is the query',
      bot_id: 'B0STRATA',
      files: [{ name: 'query.sql', title: 'Generated SQL', filetype: 'sql', size: sql.length }],
    });
    const url = reply?.files?.[0]?.url_private ?? '';
    expect(url.startsWith(emulator.url)).toBe(true);
    const download = await fetch(url);
    expect(download.headers.get('content-security-policy')).toBe('sandbox');
    expect(await download.text()).toBe(sql);
  });

  it('refuses to complete a file that was never uploaded', async () => {
    const reserved = await client.files.getUploadURLExternal({ filename: 'a.png', length: 3 });
    const error = await client.files
      .completeUploadExternal({ files: [{ id: reserved.file_id ?? '' }], channel_id: 'C0GENERAL' })
      .catch((e: { data?: { error?: string } }) => e.data?.error);
    expect(error).toBe('file_not_found');
  });
});
