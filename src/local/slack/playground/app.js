// The Strata playground: a small Slack-like client for the local Slack emulator.
import { api } from './api.js';
import { keepChannelFocus, wireChannelKeys } from './channel-keys.js';
import { createComposer } from './composer.js';
import { withDayDividers } from './day-dividers.js';
import { escapeHtml } from './format.js';
import { renderMembers } from './members.js';
import {
  appendTo,
  messageElement,
  messageHooks,
  removeMessage,
  replaceMessage,
  statusText,
} from './messages.js';
import { renderModal } from './modal.js';
import { stayPinned, wireDrop } from './panes.js';
import { followPermalinks, parsePermalink } from './permalinks.js';
import { $, channelLabel, channelMessages, currentChannel, state, store } from './state.js';

const lockIcon =
  '<svg width="11" height="12" viewBox="0 0 11 12" fill="currentColor"><path d="M2 5V3.5a3.5 3.5 0 0 1 7 0V5h.5a1 1 0 0 1 1 1v5a1 1 0 0 1-1 1h-8a1 1 0 0 1-1-1V6a1 1 0 0 1 1-1H2Zm1.5 0h4V3.5a2 2 0 0 0-4 0V5Z"/></svg>';

// ---- data ---------------------------------------------------------------------------------------

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
  state.commands = data.commands ?? [];
  state.views = data.views ?? [];
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
    removeMessage(channel, ts);
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
  on('channel_changed', ({ id, members }) => {
    const channel = state.channels.find((c) => c.id === id);
    if (channel) channel.members = members;
    if (id === state.current) renderMembers();
  });
  on('views_changed', ({ views }) => {
    state.views = views;
    renderModal();
  });
}

function isTopLevel(m) {
  return !m.thread_ts || m.thread_ts === m.ts;
}

function onMessage(message, added) {
  store(message);
  if (message.channel !== state.current) {
    if (added && message.user !== state.me && !message.ephemeral) {
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

/** A message only this page shows (Slackbot telling you a command failed). */
function localNotice(text, threadTs) {
  const ts = (Date.now() / 1000).toFixed(6);
  const notice = { ts, channel: state.current, user: 'USLACKBOT', text, ephemeral: true, local: true };
  if (threadTs) notice.thread_ts = threadTs;
  onMessage(notice, true);
}

// ---- rendering ----------------------------------------------------------------------------------

function renderSidebar() {
  document.querySelector('[data-testid="workspace-name"]').textContent = state.team.name;
  document.title = `${state.team.name} · Strata playground`;
  const select = $('user-select');
  select.innerHTML = [...state.users.values()]
    .filter((u) => !u.is_bot)
    .map((u) => `<option value="${escapeHtml(u.id)}">${escapeHtml(u.name)}</option>`)
    .join('');
  select.value = state.me;
  select.dataset.loaded = state.me; // whose workspace is on screen (after a switch, once it has loaded)
  const item = (c) => {
    const icon = c.is_im
      ? '<span class="presence" aria-hidden="true"></span>'
      : `<span class="channel-icon" aria-hidden="true">${c.is_private ? lockIcon : '#'}</span>`;
    const current = c.id === state.current ? ' aria-current="page"' : '';
    const unread = state.unread.has(c.id) ? ' class="unread"' : '';
    return `<li><button type="button" data-testid="channel-item" data-channel="${escapeHtml(c.id)}"${current}${unread}>${icon}<span>${escapeHtml(channelLabel(c))}</span></button></li>`;
  };
  keepChannelFocus($('channel-list').parentElement, () => {
    $('channel-list').innerHTML = state.channels
      .filter((c) => !c.is_im)
      .map(item)
      .join('');
    $('dm-list').innerHTML = state.channels
      .filter((c) => c.is_im)
      .map(item)
      .join('');
  });
}

function sorted(messages) {
  return [...messages].sort((a, b) => Number(a.ts) - Number(b.ts));
}

function renderChannel() {
  const channel = currentChannel();
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
  list.replaceChildren(...withDayDividers(messages.map((m) => messageElement(m, false))));
  if (messages.length === 0)
    list.innerHTML = `<li class="empty">No messages yet. ${channel.is_im ? 'Ask Strata anything.' : 'Mention @Strata to ask it something.'}</li>`;
  list.scrollTop = list.scrollHeight;
  renderMembers();
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
  renderModal();
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
  const hadFocus = $('thread-pane').contains(document.activeElement);
  state.thread = undefined;
  $('thread-pane').hidden = true;
  if (hadFocus) $('composer-input').focus();
}

/** Shows the message a permalink points at: its channel, its thread when it has one, marked and in view. */
function openPermalink({ channel, ts, threadTs }) {
  if (!state.channels.some((c) => c.id === channel)) {
    localNotice('That message is in a conversation you are not a member of, so it cannot be shown.');
    return;
  }
  state.highlight = ts;
  selectChannel(channel);
  if (threadTs || channelMessages(channel).get(ts)?.reply_count) openThread(threadTs ?? ts);
  const inView = (list, at) =>
    list
      .querySelector(`[data-testid="message"][data-ts="${CSS.escape(at)}"]`)
      ?.scrollIntoView({ block: 'center' });
  inView($('messages'), threadTs ?? ts);
  if (state.thread) inView($('thread-messages'), ts);
}

/** The page itself was opened at a permalink. */
function applyPermalink() {
  const target = parsePermalink(new URL(location.href));
  if (target) openPermalink(target);
}

function init() {
  messageHooks.openThread = openThread;
  wireChannelKeys($('channel-list').parentElement);
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
  const toggleMembers = (open) => {
    state.membersOpen = open;
    renderMembers();
  };
  $('members-toggle').addEventListener('click', () => toggleMembers(!state.membersOpen));
  $('members-close').addEventListener('click', () => toggleMembers(false));
  // Escape closes the thread (from an empty reply box too), unless a modal, a suggestion list or an edit has it.
  document.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape' || e.defaultPrevented || !$('modal-backdrop').hidden) return;
    if (e.target.closest('.edit-form') || (e.target.closest('.composer') && e.target.value)) return;
    if (state.thread) closeThread();
  });
  const main = createComposer($('composer'), { threadTs: () => undefined, onLocalNotice: localNotice });
  const thread = createComposer($('thread-composer'), {
    threadTs: () => state.thread,
    onLocalNotice: localNotice,
  });
  for (const list of [$('messages'), $('thread-messages')]) stayPinned(list);
  wireDrop($('channel-view'), main);
  wireDrop($('thread-pane'), thread);
  followPermalinks(openPermalink);
  connect(applyPermalink);
}

init();
