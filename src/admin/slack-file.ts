import type { WebClient } from '@slack/web-api';
import { StrataError } from '../errors.js';

export interface SlackFileBytes {
  name: string;
  bytes: Uint8Array;
}

/** Reads a file shared in Slack: `files.info`, then its private download URL with the bot token, capped at `maxBytes`. */
export type FetchSlackFile = (fileId: string, maxBytes: number) => Promise<SlackFileBytes>;

export function slackFileFetcher(client: WebClient, fetchImpl: typeof fetch = fetch): FetchSlackFile {
  return async (fileId, maxBytes) => {
    const info = await client.files.info({ file: fileId });
    const file = info.file;
    const url = file?.url_private_download ?? file?.url_private;
    const name = file?.name ?? fileId;
    if (!file || !url) {
      throw new StrataError('bad_input', `file ${fileId} has no download URL`, {
        userMessage: `Strata could not read the file ${name}. Share it again, or give an S3 URI.`,
      });
    }
    if (typeof file.size === 'number' && file.size > maxBytes) throw tooBig(name, file.size, maxBytes);
    const response = await fetchImpl(url, { headers: { authorization: `Bearer ${client.token ?? ''}` } });
    if (!response.ok || !response.body) {
      throw new StrataError('slack_error', `download of ${fileId} failed with HTTP ${response.status}`, {
        userMessage: `Slack did not let Strata download ${name} (HTTP ${response.status}). Share it again, or give an S3 URI.`,
        retryable: response.status >= 500,
      });
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    const reader = response.body.getReader();
    for (let part = await reader.read(); !part.done; part = await reader.read()) {
      size += part.value.byteLength;
      if (size > maxBytes) {
        await reader.cancel();
        throw tooBig(name, size, maxBytes);
      }
      chunks.push(part.value);
    }
    return { name, bytes: Buffer.concat(chunks) };
  };
}

function tooBig(name: string, size: number, maxBytes: number): StrataError {
  const mb = (n: number) => `${(n / 1_048_576).toFixed(n < 10_485_760 ? 1 : 0)} MB`;
  return new StrataError('bad_input', `${name} is over ${maxBytes} bytes`, {
    userMessage: `${name} is ${size > maxBytes ? `more than ${mb(maxBytes)}` : mb(size)}; Strata takes training files up to ${mb(maxBytes)} through Slack. Put larger files in S3 and give the s3:// URI instead.`,
  });
}
