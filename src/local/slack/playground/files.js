// Files in messages: images previewed inline, text files with their first lines, the rest as cards.
import { csvTableHtml } from './csv-preview.js';
import { escapeHtml } from './format.js';

const textTypes = new Set([
  'sql',
  'csv',
  'jsonl',
  'json',
  'txt',
  'md',
  'markdown',
  'text',
  'log',
  'yaml',
  'yml',
]);

/** File URLs point at the emulator; the page loads them from its own origin so its session cookie applies. */
export function sameOrigin(url) {
  try {
    const parsed = new URL(url, location.href);
    return parsed.pathname.startsWith('/files/') ? `${parsed.pathname}${parsed.search}` : undefined;
  } catch {
    return undefined;
  }
}

function size(bytes) {
  if (!Number.isFinite(bytes)) return '';
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function typeLabel(f) {
  return f.pretty_type || (f.filetype ?? 'file').toUpperCase();
}

function icon(f) {
  return `<span class="file-icon file-icon-${escapeHtml(f.filetype ?? 'binary')}" aria-hidden="true">${escapeHtml((f.filetype ?? '?').slice(0, 4).toUpperCase())}</span>`;
}

function header(f, view, download) {
  const name = escapeHtml(f.title || f.name);
  const title = view ? `<a href="${escapeHtml(view)}" target="_blank" rel="noopener">${name}</a>` : name;
  const meta = [typeLabel(f), size(f.size)].filter(Boolean).map(escapeHtml).join(' · ');
  const get = download
    ? `<a class="file-download" href="${escapeHtml(download)}" download="${escapeHtml(f.name)}" data-testid="file-download" aria-label="Download ${escapeHtml(f.name)}">Download</a>`
    : '';
  return `<div class="file-header">${icon(f)}<div class="file-name"><div class="file-title">${title}</div><div class="file-meta">${meta}</div></div>${get}</div>`;
}

function fileHtml(f) {
  const view = sameOrigin(f.url_private ?? '');
  const download = sameOrigin(f.url_private_download ?? f.url_private ?? '');
  if (/^image\//.test(f.mimetype ?? '') && view) {
    return `<div class="file file-image" data-testid="file" data-file-id="${escapeHtml(f.id)}">
      <a href="${escapeHtml(view)}" target="_blank" rel="noopener" aria-label="Open ${escapeHtml(f.title || f.name)}">
        <img src="${escapeHtml(view)}" alt="${escapeHtml(f.title || f.name)}" data-testid="file-thumbnail">
      </a>
      <div class="file-caption">${escapeHtml(f.title || f.name)}</div>
    </div>`;
  }
  const isText = typeof f.preview === 'string' || textTypes.has(f.filetype);
  const more = f.lines_more
    ? `<div class="file-more">+${f.lines_more} more line${f.lines_more === 1 ? '' : 's'}</div>`
    : '';
  const table = f.filetype === 'csv' && typeof f.preview === 'string' ? csvTableHtml(f.preview) : undefined;
  const preview =
    isText && typeof f.preview === 'string'
      ? `${table ?? `<pre class="file-preview" data-testid="file-preview">${escapeHtml(f.preview)}</pre>`}${more}`
      : '';
  return `<div class="file${isText ? ' file-text' : ''}" data-testid="file" data-file-id="${escapeHtml(f.id)}">${header(f, view, download)}${preview}</div>`;
}

export function filesHtml(files) {
  return files.length ? `<div class="files">${files.map(fileHtml).join('')}</div>` : '';
}
