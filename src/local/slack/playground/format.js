// Slack mrkdwn, Markdown (markdown blocks, streamed markdown_text) and Block Kit to safe HTML.
// Everything from a message is HTML-escaped first; only the markup produced here is trusted.

const htmlEscapes = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => htmlEscapes[c]);
}

/** Slack escapes only & < > in message text. */
function decodeSlackEntities(text) {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

function safeUrl(url) {
  return /^(https?:|mailto:)/i.test(url) ? url : undefined;
}

function link(url, label) {
  const href = safeUrl(url);
  if (!href) return escapeHtml(label);
  return `<a href="${escapeHtml(href)}" target="_blank" rel="noopener noreferrer">${escapeHtml(label)}</a>`;
}

/** Replaces matches with opaque placeholders, so later steps never touch the produced HTML. */
function createVault() {
  const parts = [];
  return {
    keep(html) {
      parts.push(html);
      return `\uE000${parts.length - 1}\uE000`;
    },
    restore(text) {
      return text.replace(/\uE000(\d+)\uE000/g, (_, i) => parts[Number(i)]);
    },
  };
}

function inlineStyles(html, { bold, italic, strike }) {
  return html
    .replace(bold, '$1<strong>$2</strong>')
    .replace(italic, '$1<em>$2</em>')
    .replace(strike, '$1<del>$2</del>');
}

function quotesAndBreaks(html) {
  const out = [];
  let quote = [];
  const flush = () => {
    if (quote.length) out.push(`<blockquote>${quote.join('<br>')}</blockquote>`);
    quote = [];
  };
  for (const line of html.split('\n')) {
    const m = /^&gt;\s?(.*)$/.exec(line);
    if (m) quote.push(m[1]);
    else {
      flush();
      out.push(`${line}\n`);
    }
  }
  flush();
  return out.join('').replace(/\n$/, '').replace(/\n/g, '<br>');
}

/** Slack mrkdwn: *bold* _italic_ ~strike~ `code` ```fences``` > quotes <url|label> <@U…> <#C…>. */
export function mrkdwnToHtml(text, lookup) {
  const vault = createVault();
  let s = String(text ?? '').replace(/\uE000/g, '');
  s = s.replace(/```\n?([\s\S]*?)```/g, (_, code) =>
    vault.keep(`<pre><code>${escapeHtml(decodeSlackEntities(code))}</code></pre>`),
  );
  s = s.replace(/`([^`\n]+)`/g, (_, code) =>
    vault.keep(`<code>${escapeHtml(decodeSlackEntities(code))}</code>`),
  );
  s = s.replace(/<([^<>\s][^<>]*)>/g, (_, inner) =>
    vault.keep(angleToHtml(decodeSlackEntities(inner), lookup)),
  );
  s = escapeHtml(decodeSlackEntities(s));
  s = inlineStyles(s, {
    bold: /(^|[^\w*])\*(?!\s)([^*\n]+?)\*(?!\w)/g,
    italic: /(^|[^\w_])_(?!\s)([^_\n]+?)_(?!\w)/g,
    strike: /(^|[^\w~])~(?!\s)([^~\n]+?)~(?!\w)/g,
  });
  return vault.restore(quotesAndBreaks(s));
}

function angleToHtml(inner, lookup) {
  const [target, label] = inner.split('|', 2);
  if (target.startsWith('@')) {
    return `<span class="mention">@${escapeHtml(label ?? lookup.userName(target.slice(1)))}</span>`;
  }
  if (target.startsWith('#')) {
    return `<span class="mention">#${escapeHtml(label ?? lookup.channelName(target.slice(1)))}</span>`;
  }
  if (target.startsWith('!')) {
    const [command] = target.slice(1).split('^');
    if (['here', 'channel', 'everyone'].includes(command)) return `<span class="mention">@${command}</span>`;
    return escapeHtml(label ?? command);
  }
  return link(target, label ?? target);
}

/** Markdown as LLMs write it: headings, lists, **bold**, *italic*, ~~strike~~, [links](url), code, quotes. */
export function markdownToHtml(text) {
  const vault = createVault();
  let s = String(text ?? '').replace(/\uE000/g, '');
  s = s.replace(/```[^\n`]*\n?([\s\S]*?)(```|$)/g, (_, code) =>
    vault.keep(`<pre><code>${escapeHtml(code.replace(/\n$/, ''))}</code></pre>`),
  );
  s = s.replace(/`([^`\n]+)`/g, (_, code) => vault.keep(`<code>${escapeHtml(code)}</code>`));
  s = s.replace(/\[([^\]\n]+)\]\(([^)\s]+)\)/g, (_, label, url) => vault.keep(link(url, label)));
  s = s.replace(/<(https?:\/\/[^\s>]+)>/g, (_, url) => vault.keep(link(url, url)));
  s = escapeHtml(s)
    .replace(/(^|\n)[ \t]*[-*+][ \t]+/g, '$1• ')
    .replace(/(^|\n)[ \t]*(\d+)[.)][ \t]+/g, '$1$2. ')
    .replace(/(^|\n)#{1,6}[ \t]+([^\n]+)/g, '$1<span class="heading">$2</span>')
    .replace(/\*\*(?!\s)([^*\n]+?)\*\*/g, '<strong>$1</strong>')
    .replace(/__(?!\s)([^_\n]+?)__/g, '<strong>$1</strong>')
    .replace(/~~(?!\s)([^~\n]+?)~~/g, '<del>$1</del>')
    .replace(/(^|[^\w*])\*(?!\s)([^*\n]+?)\*(?!\w)/g, '$1<em>$2</em>')
    .replace(/(^|[^\w_])_(?!\s)([^_\n]+?)_(?!\w)/g, '$1<em>$2</em>');
  const paragraphs = s.split(/\n{2,}/).map((p) => `<div class="para">${quotesAndBreaks(p)}</div>`);
  return vault
    .restore(paragraphs.join('').replace(/<\/span><br>/g, '</span>'))
    .replace(/<br>(<pre>)/g, '$1')
    .replace(/(<\/pre>)<br>/g, '$1');
}

function textObject(obj, lookup) {
  if (!obj) return '';
  if (typeof obj === 'string') return mrkdwnToHtml(obj, lookup);
  if (obj.type === 'mrkdwn') return mrkdwnToHtml(obj.text, lookup);
  return escapeHtml(obj.text ?? '');
}

function elementHtml(el, lookup) {
  if (!el) return '';
  if (el.type === 'button') {
    const style = el.style === 'primary' || el.style === 'danger' ? ` ${el.style}` : '';
    return `<button type="button" class="block-button${style}" disabled title="Buttons are not active in the playground">${escapeHtml(el.text?.text ?? 'Button')}</button>`;
  }
  if (el.type === 'image') {
    const src = safeUrl(el.image_url ?? '');
    return src ? `<img src="${escapeHtml(src)}" alt="${escapeHtml(el.alt_text ?? '')}">` : '';
  }
  if (el.type === 'mrkdwn' || el.type === 'plain_text') return `<span>${textObject(el, lookup)}</span>`;
  const placeholder = el.placeholder?.text ?? el.type;
  return `<span class="select" aria-disabled="true">${escapeHtml(placeholder)} ▾</span>`;
}

function blockHtml(block, lookup) {
  switch (block?.type) {
    case 'section': {
      const fields = (block.fields ?? []).map((f) => `<div>${textObject(f, lookup)}</div>`).join('');
      return `<div class="block block-section">${textObject(block.text, lookup)}${
        fields ? `<div class="block-fields">${fields}</div>` : ''
      }${block.accessory ? `<div class="block-accessory">${elementHtml(block.accessory, lookup)}</div>` : ''}</div>`;
    }
    case 'markdown':
      return `<div class="block block-markdown">${markdownToHtml(block.text)}</div>`;
    case 'context':
      return `<div class="block block-context">${(block.elements ?? []).map((e) => elementHtml(e, lookup)).join('')}</div>`;
    case 'divider':
      return '<hr class="block block-divider">';
    case 'header':
      return `<div class="block block-header">${escapeHtml(block.text?.text ?? '')}</div>`;
    case 'actions':
      return `<div class="block block-actions">${(block.elements ?? []).map((e) => elementHtml(e, lookup)).join('')}</div>`;
    case 'image':
      return `<div class="block block-image">${elementHtml({ ...block, type: 'image' }, lookup)}</div>`;
    default:
      return '';
  }
}

/** The visible body of a message: its blocks if it has any we can draw, else its mrkdwn text. */
export function messageBodyHtml(message, lookup) {
  const blocks = Array.isArray(message.blocks)
    ? message.blocks.map((b) => blockHtml(b, lookup)).join('')
    : '';
  let html = blocks || mrkdwnToHtml(message.text ?? '', lookup);
  for (const a of message.attachments ?? []) {
    const color = /^#?[0-9a-f]{3,6}$/i.test(a.color ?? '') ? a.color.replace(/^#?/, '#') : '#ddd';
    const inner =
      (a.blocks ?? []).map((b) => blockHtml(b, lookup)).join('') ||
      mrkdwnToHtml(a.text ?? a.fallback ?? '', lookup);
    html += `<div class="attachment" style="border-color:${color}">${inner}</div>`;
  }
  for (const f of message.files ?? []) {
    const url = safeUrl(f.url_private ?? '');
    const image =
      url && /^image\//.test(f.mimetype ?? '')
        ? `<img src="${escapeHtml(url)}" alt="${escapeHtml(f.title ?? f.name)}">`
        : '';
    html += `<div class="file">${image}<div>File: ${url ? link(url, f.title || f.name) : escapeHtml(f.name)}</div></div>`;
  }
  return html;
}
