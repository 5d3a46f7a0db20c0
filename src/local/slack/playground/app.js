// The Strata playground: a small Slack-like client for the local Slack emulator.
import { escapeHtml, messageBodyHtml } from './format.js';

const $ = (id) => document.getElementById(id);
const botUserId = 'U0STRATA';
const lockIcon =
  '<svg width="11" height="12" viewBox="0 0 11 12" fill="currentColor"><path d="M2 5V3.5a3.5 3.5 0 0 1 7 0V5h.5a1 1 0 0 1 1 1v5a1 1 0 0 1-1 1h-8a1 1 0 0 1-1-1V6a1 1 0 0 1 1-1H2Zm1.5 0h4V3.5a2 2 0 0 0-4 0V5Z"/></svg>';
const avatarColors = ['#e8912d', '#2bac76', '#1264a3', '#e01e5a', '#4a154b', '#36c5f0', '#9e3997'];

const state = {
  me: localStorage.getItem('strata.user') || 'U0ALICE',
  team: { name: 'Strata Local' },
  users: new Map(),
  channels: [],
  messages: new Map(), // channel -> Map(ts -> message)
  statuses: new Map(), // `${channel}/${thread_ts}` -> status
  unread: new Set(),
  current: undefined,
  thread: undefined, // parent ts of the open thread
  highlight: undefined,
  source: undefined,
};

const lookup = {
  userName: (id) => state.users.get(id)?.name ?? id,
  channelName: (id) => state.channels.find((c) => c.id === id)?.name ?? id,
};

// ---- data ---------------------------------------------------------------------------------------

async function api(path, body) {
  const response = await fetch(`/playground/${path}`, {
    method: body ? 'POST' : 'GET',
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await response.json();
  if (!json.ok) throw new Error(json.error || `HTTP ${response.status}`);
  return json;
}

function channelMessages(channel) {
  if (!state.messages.has(channel)) state.messages.set(channel, new Map());
  return state.messages.get(channel);
}

function store(message) {
  channelMessages(message.channel).set(message.ts, message);
}

async function loadState() {
  let data;
  try {
    data = await api(`state?user=${encodeURIComponent(state.me)}`);
  } catch {
    state.me = 'U0ALICE'; // a remembered user that no longer exists
    data = await api(`state?user=${state.me}`);
  }
  state.team = data.team;
  state.users = new Map(data.users.map((u) => [u.id, u]));
  state.channels = data.channels;
  state.messages = new Map();
  for (const m of data.messages) store(m);
  state.statuses = new Map(data.statuses.map((s) => [`${s.channel}/${s.thread_ts}`, s.status]));
  if (!state.channels.some((c) => c.id === state.current)) {
    state.current = state.channels.find((c) => c.name === 'general')?.id ?? state.channels[0]?.id;
    state.thread = undefined;
  }
  renderAll();
}

/** Live updates; each (re)connection reloads the state, and events arriving meanwhile are replayed after. */
function connect(onFirstLoad) {
  state.source?.close();
  const source = new EventSource(`/playground/events?user=${encodeURIComponent(state.me)}`);
  state.source = source;
  let pending;
  const on = (type, handler) =>
    source.addEventListener(type, (e) => {
      const data = JSON.parse(e.data);
      if (pending) pending.push(() => handler(data));
      else handler(data);
    });
  source.onopen = async () => {
    $('connection').textContent = '';
    pending = [];
    try {
      await loadState();
    } finally {
      const queued = pending;
      pending = undefined;
      for (const apply of queued) apply();
    }
    onFirstLoad?.();
    onFirstLoad = undefined;
  };
  source.onerror = () => {
    $('connection').textContent = 'Reconnecting…';
  };
  on('message_added', (m) => onMessage(m, true));
  on('message_changed', (m) => onMessage(m, false));
  on('message_deleted', ({ channel, ts }) => {
    channelMessages(channel).delete(ts);
    for (const el of document.querySelectorAll(`[data-testid="message"][data-ts="${CSS.escape(ts)}"]`)) {
      if (el.dataset.channel === channel) el.remove();
    }
    if (state.thread === ts && channel === state.current) closeThread();
  });
  on('status_changed', (s) => {
    const key = `${s.channel}/${s.thread_ts}`;
    if (s.status) state.statuses.set(key, s.status);
    else state.statuses.delete(key);
    if (s.channel !== state.current) return;
    renderThreadStatus();
    const parent = channelMessages(s.channel).get(s.thread_ts);
    if (parent) replaceMessage(parent);
  });
}

function isTopLevel(m) {
  return !m.thread_ts || m.thread_ts === m.ts;
}

function onMessage(message, added) {
  store(message);
  if (message.channel !== state.current) {
    if (added && message.user !== state.me) {
      state.unread.add(message.channel);
      renderSidebar();
    }
    return;
  }
  if (!added && replaceMessage(message)) return;
  const inThread = state.thread !== undefined && message.thread_ts === state.thread;
  if (isTopLevel(message)) appendTo($('messages'), message, false);
  if (inThread) appendTo($('thread-messages'), message, true);
}

// ---- rendering ----------------------------------------------------------------------------------

function displayName(userId) {
  const user = state.users.get(userId);
  if (userId === botUserId) return 'Strata';
  return user?.real_name || user?.name || userId;
}

function avatarColor(userId) {
  if (userId === botUserId) return '#4a154b';
  let hash = 0;
  for (const c of userId) hash = (hash * 31 + c.charCodeAt(0)) >>> 0;
  return avatarColors[hash % avatarColors.length];
}

function timeOf(ts) {
  return new Date(Number(ts) * 1000).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

function statusText(channel, threadTs) {
  const status = state.statuses.get(`${channel}/${threadTs}`);
  return status ? `Strata ${status}` : '';
}

/** A streaming message ends with a blinking cursor, placed inside its last block so it follows the text. */
function bodyHtml(m) {
  const html = messageBodyHtml(m, lookup);
  if (!m.streaming) return html;
  return html.replace(/((?:<\/div>)*)$/, '<span class="cursor" aria-hidden="true"></span>$1');
}

function messageElement(m, inThread) {
  const li = document.createElement('li');
  li.className = 'message';
  li.dataset.testid = 'message';
  li.dataset.ts = m.ts;
  li.dataset.channel = m.channel;
  li.classList.toggle('streaming', Boolean(m.streaming));
  li.classList.toggle('ephemeral', Boolean(m.ephemeral));
  li.classList.toggle('highlight', state.highlight === m.ts);
  const isBot = Boolean(m.bot_id) || m.user === botUserId;
  const name = m.subtype === 'tombstone' ? '' : displayName(m.user);
  const replies = !inThread && m.reply_count ? m.reply_count : 0;
  const status = inThread ? '' : statusText(m.channel, m.ts);
  const own = m.user === state.me && m.subtype !== 'tombstone';
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
      ${m.ephemeral ? '<div class="note">Only visible to you</div>' : ''}
      ${reactionsHtml(m)}
      ${status ? `<div class="inline-status" data-testid="inline-status">${escapeHtml(status)}</div>` : ''}
      ${replies ? `<div class="thread-summary"><button type="button" class="link-button" data-action="thread" data-testid="replies-button">${replies} ${replies === 1 ? 'reply' : 'replies'}</button></div>` : ''}
    </div>
    ${actionsHtml(m, inThread, own)}`;
  li.addEventListener('click', (e) => onMessageAction(e, m));
  return li;
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
      `<span class="reaction" title="${escapeHtml(r.users.map(displayName).join(', '))}">:${escapeHtml(r.name)}: ${r.count}</span>`,
  );
  return `<div class="reactions" data-testid="reactions">${items.join('')}</div>`;
}

function keepScrolled(list, change) {
  const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 60;
  change();
  if (atBottom) list.scrollTop = list.scrollHeight;
}

function appendTo(list, message, inThread) {
  keepScrolled(list, () => {
    list.querySelector('.empty')?.remove();
    list.append(messageElement(message, inThread));
  });
}

/** Redraws a message wherever it is shown; false when it is not on screen. */
function replaceMessage(message) {
  let found = false;
  for (const [list, inThread] of [
    [$('messages'), false],
    [$('thread-messages'), true],
  ]) {
    const el = list.querySelector(`[data-testid="message"][data-ts="${CSS.escape(message.ts)}"]`);
    if (el && el.dataset.channel === message.channel) {
      keepScrolled(list, () => el.replaceWith(messageElement(message, inThread)));
      found = true;
    }
  }
  return found;
}

function channelLabel(c) {
  return c.is_im ? (c.user === state.me ? 'Strata' : displayName(c.user)) : c.name;
}

function renderSidebar() {
  document.querySelector('[data-testid="workspace-name"]').textContent = state.team.name;
  document.title = `${state.team.name} · Strata playground`;
  const select = $('user-select');
  select.innerHTML = [...state.users.values()]
    .filter((u) => !u.is_bot)
    .map((u) => `<option value="${escapeHtml(u.id)}">${escapeHtml(u.name)}</option>`)
    .join('');
  select.value = state.me;
  const item = (c) => {
    const icon = c.is_im
      ? '<span class="presence" aria-hidden="true"></span>'
      : `<span class="channel-icon" aria-hidden="true">${c.is_private ? lockIcon : '#'}</span>`;
    const current = c.id === state.current ? ' aria-current="page"' : '';
    const unread = state.unread.has(c.id) ? ' class="unread"' : '';
    return `<li><button type="button" data-testid="channel-item" data-channel="${escapeHtml(c.id)}"${current}${unread}>${icon}<span>${escapeHtml(channelLabel(c))}</span></button></li>`;
  };
  $('channel-list').innerHTML = state.channels
    .filter((c) => !c.is_im)
    .map(item)
    .join('');
  $('dm-list').innerHTML = state.channels
    .filter((c) => c.is_im)
    .map(item)
    .join('');
}

function sorted(messages) {
  return [...messages].sort((a, b) => Number(a.ts) - Number(b.ts));
}

function renderChannel() {
  const channel = state.channels.find((c) => c.id === state.current);
  const list = $('messages');
  if (!channel) {
    list.innerHTML = '';
    return;
  }
  const icon = channel.is_im ? '' : channel.is_private ? lockIcon : '#';
  const prefix = icon ? `<span class="channel-icon" aria-hidden="true">${icon}</span> ` : '';
  $('channel-title').innerHTML = `${prefix}${escapeHtml(channelLabel(channel))}`;
  $('composer-input').placeholder = `Message ${channel.is_im ? channelLabel(channel) : `#${channel.name}`}`;
  const messages = sorted(channelMessages(channel.id).values()).filter(isTopLevel);
  list.replaceChildren(...messages.map((m) => messageElement(m, false)));
  if (messages.length === 0)
    list.innerHTML = `<li class="empty">No messages yet. ${channel.is_im ? 'Ask Strata anything.' : 'Mention @Strata to ask it something.'}</li>`;
  list.scrollTop = list.scrollHeight;
}

function renderThread() {
  const pane = $('thread-pane');
  const parent = state.thread && channelMessages(state.current).get(state.thread);
  if (!parent) {
    pane.hidden = true;
    return;
  }
  pane.hidden = false;
  const replies = sorted(channelMessages(state.current).values()).filter(
    (m) => m.thread_ts === state.thread && m.ts !== state.thread,
  );
  const list = $('thread-messages');
  list.replaceChildren(...[parent, ...replies].map((m) => messageElement(m, true)));
  list.scrollTop = list.scrollHeight;
  renderThreadStatus();
}

function renderThreadStatus() {
  $('thread-status').textContent = state.thread ? statusText(state.current, state.thread) : '';
}

function renderAll() {
  renderSidebar();
  renderChannel();
  renderThread();
}

// ---- actions ------------------------------------------------------------------------------------

function selectChannel(id) {
  state.current = id;
  state.thread = undefined;
  state.unread.delete(id);
  renderAll();
  $('composer-input').focus();
}

function openThread(ts) {
  state.thread = ts;
  renderThread();
  $('thread-input').focus();
}

function closeThread() {
  state.thread = undefined;
  $('thread-pane').hidden = true;
}

/** Slack-style encoding of typed text: escape & < >, then @name and #channel become mentions. */
export function encodeComposerText(text) {
  let s = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  s = s.replace(/(^|[^\w<])@([\w.-]+)/g, (match, pre, name) => {
    const lower = name.toLowerCase();
    if (lower === 'strata') return `${pre}<@${botUserId}>`;
    const user = [...state.users.values()].find((u) => u.name.toLowerCase() === lower);
    return user ? `${pre}<@${user.id}>` : match;
  });
  return s.replace(/(^|[^\w<&])#([\w-]+)/g, (match, pre, name) => {
    const channel = state.channels.find((c) => !c.is_im && c.name === name);
    return channel ? `${pre}<#${channel.id}|${channel.name}>` : match;
  });
}

async function send(input, threadTs) {
  const text = input.value;
  if (!text.trim()) return;
  input.value = '';
  try {
    await api('messages', {
      user: state.me,
      channel: state.current,
      text: encodeComposerText(text),
      thread_ts: threadTs,
    });
  } catch (error) {
    input.value = text;
    showError(input, error);
  }
}

function showError(near, error) {
  const form = near.closest('form');
  form.parentElement.querySelector('.error')?.remove();
  const p = document.createElement('p');
  p.className = 'error';
  p.setAttribute('role', 'alert');
  p.textContent = `Could not send: ${error.message}`;
  form.before(p);
  setTimeout(() => p.remove(), 5000);
}

function onMessageAction(event, m) {
  const action = event.target.closest('[data-action]')?.dataset.action;
  if (action === 'thread') openThread(m.ts);
  if (action === 'delete')
    api('messages/delete', { user: state.me, channel: m.channel, ts: m.ts }).catch(() => {});
  if (action === 'edit') startEdit(event.target.closest('.message'), m);
}

function startEdit(li, m) {
  const text = li.querySelector('.text');
  const form = document.createElement('form');
  form.className = 'edit-form';
  form.innerHTML = `<label class="visually-hidden" for="edit-${m.ts}">Edit message</label>
    <textarea id="edit-${m.ts}" data-testid="edit-input"></textarea>
    <div class="buttons"><button type="submit" data-testid="save-edit">Save</button><button type="button" data-testid="cancel-edit">Cancel</button></div>`;
  const area = form.querySelector('textarea');
  area.value = m.text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  form
    .querySelector('[data-testid="cancel-edit"]')
    .addEventListener('click', () => replaceMessage(channelMessages(m.channel).get(m.ts)));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    api('messages/update', {
      user: state.me,
      channel: m.channel,
      ts: m.ts,
      text: encodeComposerText(area.value),
    }).catch((error) => showError(area, error));
  });
  area.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') replaceMessage(channelMessages(m.channel).get(m.ts));
  });
  text.replaceWith(form);
  area.focus();
}

function wireComposer(formId, inputId, threadTs) {
  const input = $(inputId);
  $(formId).addEventListener('submit', (e) => {
    e.preventDefault();
    send(input, threadTs());
  });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      send(input, threadTs());
    }
  });
}

/** /archives/<channel>/p<ts>[?thread_ts=…] (Slack permalinks) open that message. */
function applyPermalink() {
  const m = /^\/archives\/([^/]+)\/p(\d{10})(\d{6})/.exec(location.pathname);
  if (!m) return;
  const [, channel, seconds, micros] = m;
  const ts = `${seconds}.${micros}`;
  const threadTs = new URLSearchParams(location.search).get('thread_ts');
  if (!state.channels.some((c) => c.id === channel)) return;
  state.highlight = ts;
  selectChannel(channel);
  if (threadTs || channelMessages(channel).get(ts)?.reply_count) openThread(threadTs ?? ts);
}

function init() {
  $('channel-list').parentElement.addEventListener('click', (e) => {
    const button = e.target.closest('[data-testid="channel-item"]');
    if (button) selectChannel(button.dataset.channel);
  });
  $('user-select').addEventListener('change', (e) => {
    state.me = e.target.value;
    localStorage.setItem('strata.user', state.me);
    state.unread.clear();
    connect();
  });
  $('thread-close').addEventListener('click', closeThread);
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && state.thread && !e.target.closest('.edit-form')) closeThread();
  });
  wireComposer('composer', 'composer-input', () => undefined);
  wireComposer('thread-composer', 'thread-input', () => state.thread);
  connect(applyPermalink);
}

init();
