import type { IncomingMessage } from 'node:http';
import { SlackApiError } from './api-error.js';
import type { Params } from './params.js';

/** Form fields the SDK JSON-encodes because their values are objects or arrays. */
const jsonFields = [
  'blocks',
  'attachments',
  'chunks',
  'files',
  'metadata',
  'prompts',
  'loading_messages',
  'view',
];

export interface UploadedPart {
  data: Buffer;
  filename: string;
  type: string;
}

export interface DecodedRequest {
  params: Params;
  /** multipart/form-data file parts by field name. */
  uploads: Map<string, UploadedPart>;
}

export async function readBody(req: IncomingMessage, limitBytes = 50 * 1024 * 1024): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buffer.length;
    if (size > limitBytes) throw new SlackApiError('request_too_large');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

/** Decodes a Web API request the way Slack does: query string, then form, JSON or multipart body. */
export async function decodeRequest(
  contentType: string | undefined,
  body: Buffer,
  query: URLSearchParams,
): Promise<DecodedRequest> {
  const params: Params = Object.fromEntries(query);
  const uploads = new Map<string, UploadedPart>();
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';

  if (body.length > 0 && type === 'application/json') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      throw new SlackApiError('invalid_json');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new SlackApiError('invalid_json');
    }
    Object.assign(params, parsed);
  } else if (body.length > 0 && type === 'multipart/form-data') {
    const form = await new Response(new Uint8Array(body), {
      headers: { 'content-type': contentType ?? '' },
    }).formData();
    const files: [string, File][] = [];
    form.forEach((value, key) => {
      if (typeof value === 'string') params[key] = value;
      else files.push([key, value]);
    });
    for (const [key, file] of files) {
      uploads.set(key, { data: Buffer.from(await file.arrayBuffer()), filename: file.name, type: file.type });
    }
  } else if (body.length > 0) {
    for (const [key, value] of new URLSearchParams(body.toString('utf8'))) params[key] = value;
  }

  for (const key of jsonFields) {
    const value = params[key];
    if (typeof value !== 'string') continue;
    const trimmed = value.trim();
    if (!trimmed.startsWith('[') && !trimmed.startsWith('{')) continue;
    try {
      params[key] = JSON.parse(trimmed);
    } catch {
      // left as a string; the method answers with its own error (e.g. invalid_blocks)
    }
  }
  return { params, uploads };
}
