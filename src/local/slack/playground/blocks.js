// Block Kit to safe HTML: sections, buttons, images, context, headers, markdown and rich_text.
import { emojiFor } from './emoji.js';
import { filesHtml, sameOrigin } from './files.js';
import { escapeHtml, link, markdownToHtml, mrkdwnToHtml, safeUrl } from './format.js';

export function textObject(obj, lookup) {
  if (!obj) return '';
  if (typeof obj === 'string') return mrkdwnToHtml(obj, lookup);
  if (obj.type === 'mrkdwn') return mrkdwnToHtml(obj.text, lookup);
  return escapeHtml(obj.text ?? '');
}

/** A message button: clickable, sent to the app as block_actions (see messages.js). */
function buttonHtml(el, blockId) {
  const style = el.style === 'primary' || el.style === 'danger' ? ` ${el.style}` : '';
  const url = el.url ? safeUrl(el.url) : undefined;
  const data = `data-block-action="button" data-action-id="${escapeHtml(el.action_id ?? '')}" data-block-id="${escapeHtml(blockId ?? '')}"`;
  const label = escapeHtml(el.text?.text ?? 'Button');
  if (url) {
    return `<a class="block-button${style}" href="${escapeHtml(url)}" target="_blank" rel="noopener noreferrer" ${data}>${label}</a>`;
  }
  return `<button type="button" class="block-button${style}" data-testid="block-button" ${data}>${label}</button>`;
}

/** Image URLs of files the emulator serves load from the page's origin (its session cookie applies). */
function imageSrc(url) {
  return sameOrigin(url ?? '') ?? safeUrl(url ?? '');
}

function imageHtml(url, alt, className = '') {
  const src = imageSrc(url);
  if (!src) return '';
  return `<img class="${className}" src="${escapeHtml(src)}" alt="${escapeHtml(alt ?? '')}">`;
}

export function elementHtml(el, lookup, blockId) {
  if (!el) return '';
  if (el.type === 'button') return buttonHtml(el, blockId);
  if (el.type === 'image') return imageHtml(el.image_url, el.alt_text, 'inline-image');
  if (el.type === 'mrkdwn' || el.type === 'plain_text') return `<span>${textObject(el, lookup)}</span>`;
  const placeholder = el.placeholder?.text ?? el.initial_option?.text?.text ?? el.type;
  return `<span class="select" aria-disabled="true">${escapeHtml(placeholder)} ▾</span>`;
}

// ---- rich_text --------------------------------------------------------------------------------

function richInline(el, lookup) {
  let html;
  switch (el.type) {
    case 'text':
      html = escapeHtml(el.text ?? '').replace(/\n/g, '<br>');
      break;
    case 'link':
      html = link(el.url ?? '', el.text || el.url || '');
      break;
    case 'user':
      html = `<span class="mention">@${escapeHtml(lookup.userName(el.user_id))}</span>`;
      break;
    case 'channel':
      html = `<span class="mention">#${escapeHtml(lookup.channelName(el.channel_id))}</span>`;
      break;
    case 'usergroup':
      html = `<span class="mention">@${escapeHtml(el.usergroup_id ?? 'group')}</span>`;
      break;
    case 'broadcast':
      html = `<span class="mention">@${escapeHtml(el.range ?? 'here')}</span>`;
      break;
    case 'emoji':
      html = el.unicode
        ? escapeHtml(String.fromCodePoint(...el.unicode.split('-').map((h) => Number.parseInt(h, 16))))
        : escapeHtml(emojiFor(el.name) ?? `:${el.name}:`);
      break;
    default:
      html = escapeHtml(el.text ?? '');
  }
  const style = el.style ?? {};
  if (style.code) html = `<code>${html}</code>`;
  if (style.bold) html = `<strong>${html}</strong>`;
  if (style.italic) html = `<em>${html}</em>`;
  if (style.strike) html = `<del>${html}</del>`;
  return html;
}

function richElement(el, lookup) {
  const inline = (e) => (e.elements ?? []).map((x) => richInline(x, lookup)).join('');
  switch (el.type) {
    case 'rich_text_section':
      return `<div class="rich-section">${inline(el)}</div>`;
    case 'rich_text_preformatted':
      return `<pre><code>${(el.elements ?? []).map((x) => escapeHtml(x.text ?? '')).join('')}</code></pre>`;
    case 'rich_text_quote':
      return `<blockquote>${inline(el)}</blockquote>`;
    case 'rich_text_list': {
      const tag = el.style === 'ordered' ? 'ol' : 'ul';
      const items = (el.elements ?? []).map((item) => `<li>${inline(item)}</li>`).join('');
      return `<${tag} class="rich-list" style="margin-left:${(el.indent ?? 0) * 18}px">${items}</${tag}>`;
    }
    default:
      return '';
  }
}

// ---- blocks -----------------------------------------------------------------------------------

export function blockHtml(block, lookup, index = 0) {
  const blockId = block?.block_id ?? `b${index}`;
  switch (block?.type) {
    case 'section': {
      const fields = (block.fields ?? []).map((f) => `<div>${textObject(f, lookup)}</div>`).join('');
      const accessory = block.accessory
        ? `<div class="block-accessory">${elementHtml(block.accessory, lookup, blockId)}</div>`
        : '';
      const body = `<div class="section-text">${textObject(block.text, lookup)}${fields ? `<div class="block-fields">${fields}</div>` : ''}</div>`;
      return `<div class="block block-section${accessory ? ' with-accessory' : ''}">${body}${accessory}</div>`;
    }
    case 'markdown':
      return `<div class="block block-markdown">${markdownToHtml(block.text)}</div>`;
    case 'rich_text':
      return `<div class="block block-rich-text">${(block.elements ?? []).map((e) => richElement(e, lookup)).join('')}</div>`;
    case 'context':
      return `<div class="block block-context">${(block.elements ?? []).map((e) => elementHtml(e, lookup, blockId)).join('')}</div>`;
    case 'divider':
      return '<hr class="block block-divider">';
    case 'header':
      return `<div class="block block-header" role="heading" aria-level="3">${escapeHtml(block.text?.text ?? '')}</div>`;
    case 'actions':
      return `<div class="block block-actions">${(block.elements ?? []).map((e) => elementHtml(e, lookup, blockId)).join('')}</div>`;
    case 'image': {
      const title = block.title ? `<figcaption>${textObject(block.title, lookup)}</figcaption>` : '';
      const src = imageSrc(block.image_url);
      const img = imageHtml(block.image_url, block.alt_text, 'block-image-img');
      const open = src
        ? `<a href="${escapeHtml(src)}" target="_blank" rel="noopener noreferrer">${img}</a>`
        : img;
      return `<figure class="block block-image" data-testid="image-block">${title}${open}</figure>`;
    }
    default:
      return '';
  }
}

export function blocksHtml(blocks, lookup) {
  return (blocks ?? []).map((b, i) => blockHtml(b, lookup, i)).join('');
}

/** The visible body of a message: its blocks if it has any we can draw, else its mrkdwn text; then files. */
export function messageBodyHtml(message, lookup) {
  const blocks = Array.isArray(message.blocks) ? blocksHtml(message.blocks, lookup) : '';
  let html = blocks || mrkdwnToHtml(message.text ?? '', lookup);
  for (const a of message.attachments ?? []) {
    const color = /^#?[0-9a-f]{3,6}$/i.test(a.color ?? '') ? a.color.replace(/^#?/, '#') : '#ddd';
    const inner = blocksHtml(a.blocks, lookup) || mrkdwnToHtml(a.text ?? a.fallback ?? '', lookup);
    html += `<div class="attachment" style="border-color:${color}">${inner}</div>`;
  }
  return html + filesHtml(message.files ?? []);
}
