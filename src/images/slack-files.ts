import type { WebClient } from '@slack/web-api';
import { StrataError } from '../errors.js';
import { badInput } from './image-options.js';

/** A file shared in a thread, as conversations.replies lists it. */
export interface ThreadFile {
  fileId: string;
  name: string;
  mimetype: string;
  size: number;
  messageTs: string;
  /** Painted masks are told apart by name ("mask.png", "sky-mask.jpg"). */
  isMask: boolean;
  isImage: boolean;
}

const IMAGE_TYPES = new Set(['png', 'jpg', 'jpeg', 'gif', 'webp', 'heic', 'heif', 'tiff', 'avif']);

/** Every file in a thread, oldest first (up to 1,000 messages). */
export async function listThreadFiles(
  client: WebClient,
  channel: string,
  threadTs: string,
): Promise<ThreadFile[]> {
  const files: ThreadFile[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 5; page++) {
    const response = await client.conversations.replies({
      channel,
      ts: threadTs,
      limit: 200,
      ...(cursor ? { cursor } : {}),
    });
    for (const message of response.messages ?? []) {
      for (const file of message.files ?? []) {
        if (!file.id) continue;
        const name = file.name ?? file.title ?? file.id;
        const filetype = (file.filetype ?? name.split('.').pop() ?? '').toLowerCase();
        const mimetype = file.mimetype ?? '';
        files.push({
          fileId: file.id,
          name,
          mimetype,
          size: file.size ?? 0,
          messageTs: message.ts ?? '',
          isMask: /mask/i.test(name),
          isImage: mimetype.startsWith('image/') || IMAGE_TYPES.has(filetype),
        });
      }
    }
    cursor = response.response_metadata?.next_cursor || undefined;
    if (!response.has_more || cursor === undefined) break;
  }
  return files;
}

export interface DownloadOptions {
  /** The conversation the file must be shared in. */
  channel: string;
  maxBytes: number;
  fetch?: typeof fetch;
}

/**
 * Downloads a file with the bot token, after files.info confirms it is an image shared in this
 * conversation and under the size limit. The token only ever goes to Slack's own file hosts.
 */
export async function downloadSlackFile(client: WebClient, fileId: string, options: DownloadOptions) {
  const info = await client.files.info({ file: fileId });
  const file = info.file;
  if (!file) throw badInput('That file is no longer available in Slack.');
  const name = file.name ?? file.title ?? fileId;
  // Fails closed: a file Slack doesn't list as shared in this conversation is not used here.
  if (!sharedIn(file).has(options.channel)) {
    throw badInput(`\`${name}\` isn't shared in this conversation, so I won't use it here.`);
  }
  const filetype = (file.filetype ?? name.split('.').pop() ?? '').toLowerCase();
  if (!(file.mimetype ?? '').startsWith('image/') && !IMAGE_TYPES.has(filetype)) {
    throw badInput(
      `\`${name}\` isn't an image${file.pretty_type ? ` (it's ${file.pretty_type})` : ''}. Upload a PNG or JPEG.`,
    );
  }
  if ((file.size ?? 0) > options.maxBytes) throw tooBig(name, file.size ?? 0, options.maxBytes);
  const url = file.url_private_download ?? file.url_private;
  if (!url || !isSlackFileHost(url, client.slackApiUrl)) {
    throw new StrataError(
      'slack_error',
      `refusing to send the bot token to ${url ?? 'no url'} for ${fileId}`,
      {
        userMessage: `I couldn't download \`${name}\` from Slack.`,
      },
    );
  }
  const response = await (options.fetch ?? fetch)(url, {
    headers: { authorization: `Bearer ${client.token ?? ''}` },
  });
  const type = response.headers.get('content-type') ?? '';
  if (!response.ok || type.startsWith('text/html')) {
    throw new StrataError('slack_error', `download of ${fileId} failed: HTTP ${response.status} ${type}`, {
      userMessage: `I couldn't download \`${name}\` from Slack (HTTP ${response.status}). Check that Strata has the files:read scope.`,
      retryable: response.status >= 500,
    });
  }
  const bytes = await readLimited(response, options.maxBytes, name);
  return { bytes, name, mimetype: file.mimetype ?? type };
}

/** The conversations a file is shared in, from files.info's `channels`/`groups`/`ims` and `shares`. */
function sharedIn(file: {
  channels?: string[];
  groups?: string[];
  ims?: string[];
  shares?: { public?: Record<string, unknown>; private?: Record<string, unknown> };
}): Set<string> {
  return new Set([
    ...(file.channels ?? []),
    ...(file.groups ?? []),
    ...(file.ims ?? []),
    ...Object.keys(file.shares?.public ?? {}),
    ...Object.keys(file.shares?.private ?? {}),
  ]);
}

async function readLimited(response: Response, maxBytes: number, name: string): Promise<Buffer> {
  const reader = response.body?.getReader();
  if (reader === undefined) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw tooBig(name, total, maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

function tooBig(name: string, size: number, maxBytes: number): StrataError {
  const mb = (n: number) =>
    n >= 1_048_576
      ? `${(n / 1_048_576).toFixed(1)} MB`
      : n >= 1024
        ? `${Math.round(n / 1024)} KB`
        : `${n} bytes`;
  return badInput(
    `\`${name}\` is ${size > maxBytes ? `over ${mb(maxBytes)}` : mb(size)}; images up to ${mb(maxBytes)} can be edited. Upload a smaller one.`,
  );
}

/** Slack's file hosts, or the same origin as the Web API (the local emulator). */
export function isSlackFileHost(url: string, slackApiUrl: string): boolean {
  try {
    const target = new URL(url);
    const api = new URL(slackApiUrl);
    if (target.origin === api.origin) return true;
    return (
      target.protocol === 'https:' &&
      /(^|\.)(slack\.com|slack-edge\.com|slack-files\.com)$/.test(target.hostname)
    );
  } catch {
    return false;
  }
}
