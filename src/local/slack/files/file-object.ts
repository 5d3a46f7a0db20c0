import type { SlackFile } from '../workspace-types.js';
import { fileTypeOf } from './file-store.js';

const prettyTypes: Record<string, string> = {
  sql: 'SQL',
  csv: 'CSV',
  txt: 'Plain Text',
  md: 'Markdown (raw)',
  json: 'JSON',
  jsonl: 'JSON Lines',
  png: 'PNG',
  jpg: 'JPEG',
  jpeg: 'JPEG',
  gif: 'GIF',
  webp: 'WebP',
  svg: 'SVG',
  pdf: 'PDF',
};

const previewLines = 8;
const previewChars = 1500;

export function isTextFile(mimetype: string): boolean {
  return mimetype.startsWith('text/') || mimetype === 'application/json' || mimetype === 'application/jsonl';
}

/** The first lines of a text file, as Slack puts them in `preview` (with `lines` and `lines_more`). */
function textPreview(data: Buffer): Pick<SlackFile, 'preview' | 'lines' | 'lines_more'> {
  const text = data.toString('utf8');
  const lines = text.replace(/\n$/, '').split('\n');
  const shown = lines.slice(0, previewLines).join('\n').slice(0, previewChars);
  return { preview: shown, lines: lines.length, lines_more: Math.max(0, lines.length - previewLines) };
}

/** A file object in Slack's shape; url_private needs the bot token (or the playground's session cookie). */
export function fileObject(input: {
  id: string;
  filename: string;
  title?: string | undefined;
  data: Buffer;
  user: string;
  baseUrl: string;
  nowMs: number;
}): SlackFile {
  const { filetype, mimetype } = fileTypeOf(input.filename);
  const name = encodeURIComponent(input.filename);
  const seconds = Math.floor(input.nowMs / 1000);
  return {
    id: input.id,
    created: seconds,
    timestamp: seconds,
    name: input.filename,
    title: input.title !== undefined && input.title !== '' ? input.title : input.filename,
    mimetype,
    filetype,
    pretty_type: prettyTypes[filetype] ?? filetype.toUpperCase(),
    user: input.user,
    mode: isTextFile(mimetype) ? 'snippet' : 'hosted',
    size: input.data.length,
    is_public: true,
    url_private: `${input.baseUrl}/files/${input.id}/${name}`,
    url_private_download: `${input.baseUrl}/files/${input.id}/download/${name}`,
    permalink: `${input.baseUrl}/files/${input.id}/${name}`,
    ...(isTextFile(mimetype) ? textPreview(input.data) : {}),
  };
}
