// The message composers: text with @mentions, /commands (sent to the app, never posted), and files.
import { api, appFailure, uploadFile } from './api.js';
import { attachAutocomplete } from './autocomplete.js';
import { escapeHtml } from './format.js';
import { botUserId, currentChannel, state } from './state.js';

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

function size(bytes) {
  return bytes < 1024
    ? `${bytes} B`
    : bytes < 1048576
      ? `${(bytes / 1024).toFixed(1)} KB`
      : `${(bytes / 1048576).toFixed(1)} MB`;
}

/** Suggestions: the app's commands while the first word starts with "/", people after "@". */
function suggest(text, caret) {
  const before = text.slice(0, caret);
  const command = /^\/([\w-]*)$/.exec(before);
  if (command) {
    const typed = command[1].toLowerCase();
    const items = state.commands
      .filter((c) => c.command.slice(1).toLowerCase().startsWith(typed))
      .map((c) => ({ label: c.command, hint: c.usage_hint, detail: c.description, insert: `${c.command} ` }));
    return { items, start: 0 };
  }
  const mention = /(^|\s)@([\w.-]*)$/.exec(before);
  if (!mention) return undefined;
  const typed = mention[2].toLowerCase();
  const people = [...state.users.values()]
    .filter((u) => u.name.toLowerCase().startsWith(typed) || u.real_name.toLowerCase().startsWith(typed))
    .sort((a, b) => Number(b.is_bot) - Number(a.is_bot))
    .map((u) => ({
      label: u.is_bot ? 'Strata' : u.real_name,
      hint: u.is_bot ? 'APP' : `@${u.name}`,
      insert: `@${u.is_bot ? 'Strata' : u.name} `,
    }));
  return { items: people.slice(0, 8), start: caret - mention[2].length - 1 };
}

/** The usage line Slack shows while you type a command's arguments. */
function commandHint(text) {
  const m = /^(\/[\w-]+)\s/.exec(text);
  const command = m && state.commands.find((c) => c.command === m[1]);
  return command
    ? `${command.command} ${command.usage_hint}`.trim() +
        (command.description ? ` — ${command.description}` : '')
    : '';
}

/**
 * Wires one composer form (channel or thread). `threadTs()` names the thread it posts into;
 * `onLocalNotice(text)` shows a message only this page sees (e.g. a command that failed).
 */
export function createComposer(form, { threadTs, onLocalNotice }) {
  const input = form.querySelector('textarea');
  const list = form.querySelector('[data-role="suggestions"]');
  const hint = form.querySelector('[data-role="hint"]');
  const chips = form.querySelector('[data-role="files"]');
  const fileInput = form.querySelector('input[type="file"]');
  const send = form.querySelector('button[type="submit"]');
  const autocomplete = attachAutocomplete(input, list, suggest);
  let pendingFile;

  const refresh = () => {
    const hintText = commandHint(input.value);
    hint.textContent = hintText;
    hint.hidden = hintText === '';
    send.disabled = input.value.trim() === '' && !pendingFile;
    input.style.height = 'auto';
    if (input.value !== '' && input.scrollHeight > 0)
      input.style.height = `${Math.min(input.scrollHeight, 200)}px`;
  };

  const setFile = (file) => {
    pendingFile = file;
    chips.hidden = !file;
    chips.innerHTML = file
      ? `<div class="chip" data-testid="pending-file"><span class="chip-name">${escapeHtml(file.name)}</span><span class="chip-size">${size(file.size)}</span><button type="button" class="chip-remove" aria-label="Remove ${escapeHtml(file.name)}">×</button></div>`
      : '';
    refresh();
    input.focus();
  };

  const submit = async () => {
    const text = input.value;
    const file = pendingFile;
    if (!text.trim() && !file) return;
    const channel = currentChannel()?.id;
    const thread = threadTs();
    input.value = '';
    setFile(undefined);
    autocomplete.close();
    const command = /^(\/[\w-]+)(?:\s+([\s\S]*))?$/.exec(text.trim());
    try {
      if (file) {
        await uploadFile({
          user: state.me,
          channel,
          threadTs: thread,
          file,
          text: encodeComposerText(text.trim()),
        });
      } else if (command) {
        const result = await api('commands', {
          user: state.me,
          channel,
          command: command[1],
          text: command[2] ?? '',
          thread_ts: thread,
        });
        const failure = appFailure(result);
        if (failure) onLocalNotice(`${command[1]} failed with the error "${failure}"`, thread);
      } else {
        await api('messages', { user: state.me, channel, text: encodeComposerText(text), thread_ts: thread });
      }
    } catch (error) {
      input.value = text;
      if (file) setFile(file);
      showError(form, error);
    }
    refresh();
  };

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    submit();
  });
  input.addEventListener('keydown', (e) => {
    if (autocomplete.handleKey(e)) return;
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      submit();
    }
  });
  input.addEventListener('input', refresh);
  form.querySelector('[data-role="attach"]').addEventListener('click', () => fileInput.click());
  fileInput.addEventListener('change', () => {
    if (fileInput.files?.[0]) setFile(fileInput.files[0]);
    fileInput.value = '';
  });
  chips.addEventListener('click', (e) => {
    if (e.target.closest('.chip-remove')) setFile(undefined);
  });
  refresh();
  return { input, setFile, refresh };
}

function showError(form, error) {
  form.parentElement.querySelector('.error')?.remove();
  const p = document.createElement('p');
  p.className = 'error';
  p.setAttribute('role', 'alert');
  p.textContent = `Could not send: ${error.message}`;
  form.before(p);
  setTimeout(() => p.remove(), 5000);
}
