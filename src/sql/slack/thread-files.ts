import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import { StrataError } from '../../errors.js';

/** Uploads a text file into a thread with filesUploadV2 (getUploadURLExternal → upload → completeUploadExternal). */
export async function uploadToThread(
  client: WebClient,
  target: { channel: string; threadTs: string },
  file: { filename: string; content: string; title?: string },
): Promise<void> {
  await client.filesUploadV2({
    channel_id: target.channel,
    thread_ts: target.threadTs,
    filename: file.filename,
    title: file.title ?? file.filename,
    file: Buffer.from(file.content, 'utf8'),
  });
}

const fileInfo = z.object({
  file: z.object({
    id: z.string(),
    name: z.string(),
    size: z.number().optional(),
    url_private_download: z.string().optional(),
    url_private: z.string().optional(),
  }),
});

/**
 * Reads a file people shared, as text: files.info for its download URL, then the bytes with the bot
 * token (Slack's url_private needs it). Refuses files over maxBytes before downloading them.
 */
export async function downloadSharedFile(
  client: WebClient,
  fileId: string,
  maxBytes: number,
  fetchImpl: typeof fetch = fetch,
): Promise<{ name: string; text: string }> {
  const info = fileInfo.safeParse(await client.files.info({ file: fileId }));
  if (!info.success) throw new StrataError('slack_error', `files.info for ${fileId} had no file`);
  const { name, size, url_private_download, url_private } = info.data.file;
  if (size !== undefined && size > maxBytes) {
    throw new StrataError('bad_input', `file ${name} is ${size} bytes`, {
      userMessage: `\`${name}\` is ${(size / 1_000_000).toFixed(1)} MB; schema files can be at most ${maxBytes / 1_000_000} MB.`,
    });
  }
  const url = url_private_download ?? url_private;
  if (url === undefined) throw new StrataError('slack_error', `file ${fileId} has no download URL`);
  const response = await fetchImpl(url, { headers: { authorization: `Bearer ${client.token ?? ''}` } });
  if (!response.ok)
    throw new StrataError('slack_error', `downloading ${name} answered HTTP ${response.status}`);
  const bytes = Buffer.from(await response.arrayBuffer());
  if (bytes.length > maxBytes) {
    throw new StrataError('bad_input', `file ${name} is ${bytes.length} bytes`, {
      userMessage: `\`${name}\` is larger than ${maxBytes / 1_000_000} MB; share only the CREATE TABLE statements.`,
    });
  }
  return { name, text: bytes.toString('utf8') };
}
