// Slack mrkdwn and Markdown (markdown blocks, streamed markdown_text) to safe HTML.
// Everything from a message is HTML-escaped first; only the markup produced here is trusted.

import { replaceEmoji } from './emoji.js';

const htmlEscapes = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => htmlEscapes[c]);
}

/** Slack escapes only & < > in message text. */
function decodeSlackEntities(text) {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

export function safeUrl(url) {
  return /^(https?:|mailto:)/i.test(url) ? url : undefined;
}

export function link(url, label) {
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
  // Slack's clients don't draw trailing blank lines.
  let s = String(text ?? '')
    .replace(/\uE000/g, '')
    .replace(/\s+$/, '');
  s = s.replace(/```\n?([\s\S]*?)```/g, (_, code) =>
    vault.keep(`<pre><code>${escapeHtml(decodeSlackEntities(code))}</code></pre>`),
  );
  s = s.replace(/`([^`\n]+)`/g, (_, code) =>
    vault.keep(`<code>${escapeHtml(decodeSlackEntities(code))}</code>`),
  );
  s = s.replace(/<([^<>\s][^<>]*)>/g, (_, inner) =>
    vault.keep(angleToHtml(decodeSlackEntities(inner), lookup)),
  );
  s = replaceEmoji(escapeHtml(decodeSlackEntities(s)));
  s = inlineStyles(s, {
    bold: /(^|[^\w*])\*(?!\s)([^*\n]+?)\*(?!\w)/g,
    // Underscores inside words (top_k) stay text, also within an italic span.
    italic: /(^|[^\w_])_(?!\s)((?:[^_\n]|(?<=\w)_(?=\w))+?)_(?!\w)/g,
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
  s = replaceEmoji(escapeHtml(s))
    .replace(/(^|\n)[ \t]*[-*+][ \t]+/g, '$1• ')
    .replace(/(^|\n)[ \t]*(\d+)[.)][ \t]+/g, '$1$2. ')
    .replace(/(^|\n)#{1,6}[ \t]+([^\n]+)/g, '$1<span class="heading">$2</span>')
    .replace(/\*\*(?!\s)([^*\n]+?)\*\*/g, '<strong>$1</strong>')
    .replace(/__(?!\s)([^_\n]+?)__/g, '<strong>$1</strong>')
    .replace(/~~(?!\s)([^~\n]+?)~~/g, '<del>$1</del>')
    .replace(/(^|[^\w*])\*(?!\s)([^*\n]+?)\*(?!\w)/g, '$1<em>$2</em>')
    .replace(/(^|[^\w_])_(?!\s)((?:[^_\n]|(?<=\w)_(?=\w))+?)_(?!\w)/g, '$1<em>$2</em>');
  const paragraphs = s.split(/\n{2,}/).map((p) => `<div class="para">${quotesAndBreaks(p)}</div>`);
  return vault
    .restore(paragraphs.join('').replace(/<\/span><br>/g, '</span>'))
    .replace(/<br>(<pre>)/g, '$1')
    .replace(/(<\/pre>)<br>/g, '$1');
}
