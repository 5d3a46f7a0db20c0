import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
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
    const download = await fetch(url, { headers: { authorization: `Bearer ${botToken}` } });
    expect(download.headers.get('content-security-policy')).toBe('sandbox');
    expect(await download.text()).toBe(sql);
    expect((await fetch(url)).status).toBe(403);
  });

  it('refuses to complete a file that was never uploaded', async () => {
    const reserved = await client.files.getUploadURLExternal({ filename: 'a.png', length: 3 });
    const error = await client.files
      .completeUploadExternal({ files: [{ id: reserved.file_id ?? '' }], channel_id: 'C0GENERAL' })
      .catch((e: { data?: { error?: string } }) => e.data?.error);
    expect(error).toBe('file_not_found');
  });
});

/** A plain endpoint standing in for the bot, recording each event envelope. */
async function recordingEndpoint() {
  const received: Array<{ event: Record<string, unknown> }> = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const close = async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  };
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`, received, close };
}

describe('files people share', () => {
  const sql = 'SELECT region, SUM(total)\nFROM orders\nGROUP BY region;\n';

  it('posts a file_share message and delivers the message and file_shared events', async () => {
    const endpoint = await recordingEndpoint();
    emulator.setEventsUrl(endpoint.url);
    try {
      const { ts, fileId, deliveries } = await emulator.uploadFile({
        user: 'U0ALICE',
        channel: 'C0GENERAL',
        filename: 'orders.sql',
        content: sql,
        text: '<@U0STRATA> explain this',
      });

      expect(deliveries.map((d) => d.status)).toEqual([200, 200, 200]);
      expect(endpoint.received.map((r) => r.event.type)).toEqual(['app_mention', 'message', 'file_shared']);
      expect(endpoint.received[1]?.event).toMatchObject({
        subtype: 'file_share',
        user: 'U0ALICE',
        ts,
        channel: 'C0GENERAL',
        files: [{ id: fileId, name: 'orders.sql', filetype: 'sql', user: 'U0ALICE' }],
      });
      expect(endpoint.received[2]?.event).toMatchObject({
        file_id: fileId,
        user_id: 'U0ALICE',
        channel_id: 'C0GENERAL',
      });
    } finally {
      await endpoint.close();
    }
  });

  it('serves the file to the bot token from url_private_download, and files.info describes it', async () => {
    const { fileId, ts } = await emulator.uploadFile({
      user: 'U0BOB',
      channel: 'C0RANDOM',
      filename: 'orders.sql',
      content: sql,
      title: 'Orders',
    });
    expect(emulator.fileContent(fileId)?.toString('utf8')).toBe(sql);

    await client.conversations.join({ channel: 'C0RANDOM' });
    const info = await client.files.info({ file: fileId });
    expect(info.file).toMatchObject({
      id: fileId,
      name: 'orders.sql',
      title: 'Orders',
      user: 'U0BOB',
      size: sql.length,
      channels: ['C0RANDOM'],
      preview: 'SELECT region, SUM(total)\nFROM orders\nGROUP BY region;',
      lines: 3,
      lines_more: 0,
    });
    const history = await client.conversations.history({ channel: 'C0RANDOM' });
    expect(history.messages?.[0]).toMatchObject({ ts, subtype: 'file_share', upload: true });

    const url = info.file?.url_private_download ?? '';
    const download = await fetch(url, { headers: { authorization: `Bearer ${botToken}` } });
    expect(download.headers.get('content-disposition')).toContain('attachment');
    expect(await download.text()).toBe(sql);
    const stranger = await fetch(url, { headers: { authorization: 'Bearer xoxb-someone-else' } });
    expect(stranger.status).toBe(403);
  });

  it('answers files.info with file_not_found for unknown files', async () => {
    const error = await client.files
      .info({ file: 'F0NOPE' })
      .catch((e: { data?: { error?: string } }) => e.data?.error);
    expect(error).toBe('file_not_found');
  });
});
