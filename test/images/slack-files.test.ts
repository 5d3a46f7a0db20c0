import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadSlackFile, isSlackFileHost } from '../../src/images/slack-files.js';

/** A stand-in for Slack's Web API whose files.info answer each test sets; also serves file bytes. */
let api: Server;
let other: Server;
let apiUrl = '';
let otherUrl = '';
let fileInfo: Record<string, unknown> = {};
let served = Buffer.alloc(0);
const seenBy: Record<'api' | 'other', Array<string | undefined>> = { api: [], other: [] };

function listen(server: Server): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    ),
  );
}

function fileBytes(req: IncomingMessage, res: import('node:http').ServerResponse, who: 'api' | 'other') {
  seenBy[who].push(req.headers.authorization);
  res.writeHead(200, { 'content-type': 'image/png' }).end(served);
}

beforeAll(async () => {
  api = createServer((req, res) => {
    if (req.url?.startsWith('/api/files.info')) {
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ ok: true, file: fileInfo }));
      return;
    }
    fileBytes(req, res, 'api');
  });
  other = createServer((req, res) => fileBytes(req, res, 'other'));
  apiUrl = await listen(api);
  otherUrl = await listen(other);
});
afterAll(async () => {
  await Promise.all([api, other].map((s) => new Promise((resolve) => s.close(resolve))));
});

const client = () => new WebClient('xoxb-secret', { slackApiUrl: `${apiUrl}/api/` });
const png = (url: string, size = 10) => ({
  id: 'F1',
  name: 'photo.png',
  mimetype: 'image/png',
  filetype: 'png',
  size,
  channels: ['C1'],
  url_private_download: url,
});

describe('downloading a Slack file', () => {
  it('sends the bot token to the Web API’s own origin and returns the bytes', async () => {
    fileInfo = png(`${apiUrl}/files/F1/photo.png`);
    served = Buffer.from('png-bytes');
    const file = await downloadSlackFile(client(), 'F1', { channel: 'C1', maxBytes: 100 });
    expect(file.bytes.toString()).toBe('png-bytes');
    expect(seenBy.api.at(-1)).toBe('Bearer xoxb-secret');
  });

  it('never sends the token to another host', async () => {
    fileInfo = png(`${otherUrl}/files/F1/photo.png`);
    await expect(downloadSlackFile(client(), 'F1', { channel: 'C1', maxBytes: 100 })).rejects.toThrow(
      'refusing to send the bot token',
    );
    expect(seenBy.other).toHaveLength(0);
  });

  it('refuses files not shared in this conversation, not images, or too big', async () => {
    fileInfo = png(`${apiUrl}/files/F1/photo.png`);
    await expect(downloadSlackFile(client(), 'F1', { channel: 'C2', maxBytes: 100 })).rejects.toThrow(
      "`photo.png` isn't shared in this conversation",
    );
    fileInfo = {
      ...png(`${apiUrl}/x`),
      name: 'brief.pdf',
      mimetype: 'application/pdf',
      filetype: 'pdf',
      pretty_type: 'PDF',
    };
    await expect(downloadSlackFile(client(), 'F1', { channel: 'C1', maxBytes: 100 })).rejects.toThrow(
      "`brief.pdf` isn't an image (it's PDF)",
    );
    fileInfo = png(`${apiUrl}/x`, 5 * 1_048_576);
    await expect(downloadSlackFile(client(), 'F1', { channel: 'C1', maxBytes: 1_048_576 })).rejects.toThrow(
      '`photo.png` is over 1.0 MB; images up to 1.0 MB can be edited',
    );
  });

  it('refuses a file Slack lists in no conversation, without downloading it', async () => {
    const { channels: _shared, ...unlisted } = png(`${apiUrl}/files/F1/photo.png`);
    fileInfo = unlisted;
    const downloads = seenBy.api.length;
    await expect(downloadSlackFile(client(), 'F1', { channel: 'C1', maxBytes: 100 })).rejects.toThrow(
      "`photo.png` isn't shared in this conversation",
    );
    expect(seenBy.api).toHaveLength(downloads);
    fileInfo = { ...unlisted, shares: { private: { G1: [{ ts: '1.2' }] } } };
    await expect(downloadSlackFile(client(), 'F1', { channel: 'G1', maxBytes: 100 })).resolves.toBeDefined();
  });

  it('stops reading when a file is bigger than Slack said', async () => {
    fileInfo = png(`${apiUrl}/files/F1/photo.png`, 10);
    served = Buffer.alloc(4096, 1);
    await expect(downloadSlackFile(client(), 'F1', { channel: 'C1', maxBytes: 1000 })).rejects.toThrow(
      '`photo.png` is over 1000 bytes; images up to 1000 bytes can be edited',
    );
  });
});

describe('Slack file hosts', () => {
  it('are files.slack.com and friends over https, or the Web API’s own origin', () => {
    expect(isSlackFileHost('https://files.slack.com/files-pri/T1-F1/x.png', 'https://slack.com/api/')).toBe(
      true,
    );
    expect(isSlackFileHost('http://files.slack.com/x.png', 'https://slack.com/api/')).toBe(false);
    expect(isSlackFileHost('https://evil.example/slack.com/x.png', 'https://slack.com/api/')).toBe(false);
    expect(isSlackFileHost('http://127.0.0.1:4000/files/F1/x.png', 'http://127.0.0.1:4000/api/')).toBe(true);
  });
});
