// CSV previews as a table: the header row, then the first rows Slack sent in the file's `preview`.
import { escapeHtml } from './format.js';

/** RFC 4180 fields: quoted fields may hold commas, quotes ("") and newlines. */
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

/** A table when the preview is a proper CSV (same number of columns in every row), else undefined. */
export function csvTableHtml(preview) {
  const [head, ...body] = parseCsv(preview);
  if (!head || head.length < 2 || body.some((r) => r.length !== head.length)) return undefined;
  const cells = (row, tag) => row.map((v) => `<${tag}>${escapeHtml(v)}</${tag}>`).join('');
  const rows = body.map((r) => `<tr>${cells(r, 'td')}</tr>`).join('');
  return `<div class="file-preview-table" data-testid="file-preview-table"><table><thead><tr>${cells(head, 'th')}</tr></thead><tbody>${rows}</tbody></table></div>`;
}
