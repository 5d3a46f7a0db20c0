// One message on screen: author, body, files, reactions, thread summary and its hover actions.
import { api, appFailure } from './api.js';
import { messageBodyHtml } from './blocks.js';
import { encodeComposerText } from './composer.js';
import { dividerBefore, pruneDividers } from './day-dividers.js';
import { replaceEmoji } from './emoji.js';
import { escapeHtml } from './format.js';
import { $, avatarColor, botUserId, channelMessages, displayName, lookup, state } from './state.js';

const eyeIcon =
  '<svg width="12" height="12" viewBox="0 0 16 16" fill="currentColor" aria-hidden="true"><path d="M8 3C4.4 3 1.6 5.3.5 8c1.1 2.7 3.9 5 7.5 5s6.4-2.3 7.5-5C14.4 5.3 11.6 3 8 3Zm0 8.2A3.2 3.2 0 1 1 8 4.8a3.2 3.2 0 0 1 0 6.4Zm0-1.7a1.5 1.5 0 1 0 0-3 1.5 1.5 0 0 0 0 3Z"/></svg>';

/** Set by app.js, where threads live. */
export const messageHooks = { openThread: () => {} };

function timeOf(ts) {
  return new Date(Number(ts) * 1000).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

export function statusText(channel, threadTs) {
  const status = state.statuses.get(`${channel}/${threadTs}`);
  return status ? `Strata ${status}` : '';
}

/** A streaming message ends with a blinking cursor, placed inside its last block so it follows the text. */
function bodyHtml(m) {
  const html = messageBodyHtml(m, lookup);
  if (!m.streaming) return html;
  return html.replace(/((?:<\/div>)*)$/, '<span class="cursor" aria-hidden="true"></span>$1');
}

function actionsHtml(m, inThread, own) {
  const buttons = [];
  if (!inThread && !m.ephemeral && m.subtype !== 'tombstone') {
    buttons.push(
      '<button type="button" data-action="thread" data-testid="reply-button">Reply in thread</button>',
    );
  }
  if (own) {
    buttons.push('<button type="button" data-action="edit" data-testid="edit-button">Edit</button>');
    buttons.push('<button type="button" data-action="delete" data-testid="delete-button">Delete</button>');
  }
  return buttons.length ? `<div class="message-actions">${buttons.join('')}</div>` : '';
}

function reactionsHtml(m) {
  if (!m.reactions?.length) return '';
  const items = m.reactions.map(
    (r) =>
      `<span class="reaction" title="${escapeHtml(r.users.map(displayName).join(', '))}">${replaceEmoji(`:${escapeHtml(r.name)}:`)} ${r.count}</span>`,
  );
  return `<div class="reactions" data-testid="reactions">${items.join('')}</div>`;
}

/**
 * A reply still being written: Slack's streaming state, or an app editing its message with a typing cursor
 * (▍) or a thinking placeholder. Screen readers wait for it to finish (aria-busy) instead of reading every edit.
 */
function inProgress(m) {
  const text = (m.text ?? '').trim();
  return Boolean(m.streaming) || text.endsWith('▍') || /^_?Thinking…_?$/.test(text);
}

export function messageElement(m, inThread) {
  const li = document.createElement('li');
  li.className = 'message';
  li.dataset.testid = 'message';
  li.dataset.ts = m.ts;
  li.dataset.channel = m.channel;
  li.classList.toggle('streaming', Boolean(m.streaming));
  li.classList.toggle('ephemeral', Boolean(m.ephemeral));
  li.classList.toggle('highlight', state.highlight === m.ts);
  if (inProgress(m)) li.setAttribute('aria-busy', 'true');
  const isBot = Boolean(m.bot_id) || m.user === botUserId;
  const name = m.subtype === 'tombstone' ? '' : displayName(m.user);
  const replies = !inThread && m.reply_count ? m.reply_count : 0;
  const status = inThread ? '' : statusText(m.channel, m.ts);
  const own = m.user === state.me && m.subtype !== 'tombstone' && !m.local;
  li.innerHTML = `
    <div class="avatar" aria-hidden="true" style="background:${avatarColor(m.user)}">${escapeHtml(name.charAt(0).toUpperCase() || '·')}</div>
    <div class="body">
      <div class="meta">
        <span class="author" data-testid="message-author">${escapeHtml(name)}</span>
        ${isBot ? '<span class="badge" data-testid="app-badge">APP</span>' : ''}
        <time datetime="${new Date(Number(m.ts) * 1000).toISOString()}">${timeOf(m.ts)}</time>
        ${m.edited ? '<span class="edited" data-testid="edited">(edited)</span>' : ''}
      </div>
      <div class="text" data-testid="message-text">${bodyHtml(m)}</div>
      ${m.ephemeral ? `<div class="note" data-testid="ephemeral-note">${eyeIcon}<span>Only visible to you</span></div>` : ''}
      ${reactionsHtml(m)}
      ${status ? `<div class="inline-status" data-testid="inline-status">${escapeHtml(status)}</div>` : ''}
      ${replies ? `<div class="thread-summary"><button type="button" class="link-button" data-action="thread" data-testid="replies-button">${replies} ${replies === 1 ? 'reply' : 'replies'}</button></div>` : ''}
    </div>
    ${actionsHtml(m, inThread, own)}`;
  li.addEventListener('click', (e) => onMessageAction(e, m));
  return li;
}

function onMessageAction(event, m) {
  const button = event.target.closest('[data-block-action="button"]');
  if (button && button.tagName === 'BUTTON') {
    clickButton(button, m);
    return;
  }
  const action = event.target.closest('[data-action]')?.dataset.action;
  if (action === 'thread') messageHooks.openThread(m.ts);
  if (action === 'delete')
    api('messages/delete', { user: state.me, channel: m.channel, ts: m.ts }).catch(() => {});
  if (action === 'edit') startEdit(event.target.closest('.message'), m);
}

/** The person clicks a Block Kit button; it stays disabled until the app has answered. */
async function clickButton(button, m) {
  if (button.disabled) return;
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  const li = button.closest('.message');
  li?.querySelector('.action-error')?.remove();
  try {
    const result = await api('actions', {
      user: state.me,
      channel: m.channel,
      messageTs: m.ts,
      actionId: button.dataset.actionId,
    });
    const failure = appFailure(result);
    if (failure) throw new Error(failure);
  } catch (error) {
    const note = document.createElement('div');
    note.className = 'action-error';
    note.setAttribute('role', 'alert');
    note.textContent = `Strata didn't respond: ${error.message}`;
    li?.querySelector('.body')?.append(note);
  } finally {
    button.disabled = false;
    button.removeAttribute('aria-busy');
  }
}

/** Applies `change`; a list that was at its end (or `jump`: your own new message) shows its end after. */
export function keepScrolled(list, change, jump = false) {
  const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 60;
  change();
  if (atBottom || jump) list.scrollTop = list.scrollHeight;
}

export function appendTo(list, message, inThread) {
  keepScrolled(
    list,
    () => {
      list.querySelector('.empty')?.remove();
      const el = messageElement(message, inThread);
      const divider = inThread ? undefined : dividerBefore(list, el);
      if (divider) list.append(divider);
      list.append(el);
    },
    message.user === state.me,
  );
}

const focusable = 'button, a[href], textarea, input, select';

/** Replaces a message's element; a control of it that had keyboard focus has it again in the new one. */
function swapKeepingFocus(el, next) {
  const active = document.activeElement;
  // An open editor survives the redraw (a reply count or status changed), with what was typed and the caret.
  const editor = el.querySelector('.edit-form:not([data-closing])');
  if (editor) {
    const typing = editor.contains(active) ? active : undefined;
    const caret = typing?.selectionStart;
    next.querySelector('[data-testid="message-text"]')?.replaceWith(editor);
    el.replaceWith(next);
    typing?.focus();
    if (caret !== undefined && caret !== null) typing.setSelectionRange(caret, caret);
    return;
  }
  if (!el.contains(active) || !active.matches(focusable)) return el.replaceWith(next);
  const keyOf = (c) => c.dataset.actionId ?? c.dataset.testid ?? c.dataset.action;
  // Leaving an edit (saved or cancelled) returns to the message's Edit button.
  const key = active.closest('.edit-form') ? 'edit-button' : keyOf(active);
  const same = [...next.querySelectorAll(focusable)].find((c) => keyOf(c) === key);
  el.replaceWith(next);
  (same ?? next.querySelector(focusable))?.focus();
}

/** Redraws a message wherever it is shown; false when it is not on screen. */
export function replaceMessage(message) {
  let found = false;
  for (const [list, inThread] of [
    [$('messages'), false],
    [$('thread-messages'), true],
  ]) {
    const el = list.querySelector(`[data-testid="message"][data-ts="${CSS.escape(message.ts)}"]`);
    if (el && el.dataset.channel === message.channel) {
      keepScrolled(list, () => swapKeepingFocus(el, messageElement(message, inThread)));
      found = true;
    }
  }
  return found;
}

export function removeMessage(channel, ts) {
  channelMessages(channel).delete(ts);
  for (const el of document.querySelectorAll(`[data-testid="message"][data-ts="${CSS.escape(ts)}"]`)) {
    if (el.dataset.channel !== channel) continue;
    const list = el.parentElement;
    el.remove();
    if (list) pruneDividers(list);
  }
}

/** Edits one's own message in place (Enter saves, Escape cancels). */
function startEdit(li, m) {
  const text = li.querySelector('.text');
  const form = document.createElement('form');
  form.className = 'edit-form';
  form.innerHTML = `<label class="visually-hidden" for="edit-${m.ts}">Edit message</label>
    <textarea id="edit-${m.ts}" data-testid="edit-input"></textarea>
    <div class="buttons"><button type="submit" data-testid="save-edit">Save</button><button type="button" data-testid="cancel-edit">Cancel</button></div>`;
  const area = form.querySelector('textarea');
  area.value = m.text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  const close = () => {
    form.dataset.closing = 'true';
  };
  const cancel = () => {
    close();
    replaceMessage(channelMessages(m.channel).get(m.ts));
  };
  form.querySelector('[data-testid="cancel-edit"]').addEventListener('click', cancel);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    close(); // the saved message replaces the editor when it comes back
    api('messages/update', {
      user: state.me,
      channel: m.channel,
      ts: m.ts,
      text: encodeComposerText(area.value),
    }).catch(() => cancel());
  });
  area.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') cancel();
  });
  text.replaceWith(form);
  area.focus();
}
