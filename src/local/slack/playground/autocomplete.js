// A listbox of suggestions under a textarea (slash commands, @mentions), driven by the keyboard.
import { escapeHtml } from './format.js';

let counter = 0;

/**
 * `suggest(text, caret)` returns `{ items: [{ label, detail, hint, insert }], start }` or undefined;
 * choosing an item replaces text[start..caret] with its `insert`.
 */
export function attachAutocomplete(input, list, suggest) {
  const id = `ac-${++counter}`;
  list.id = id;
  list.setAttribute('role', 'listbox');
  list.setAttribute('aria-label', 'Suggestions');
  list.hidden = true;
  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-controls', id);
  input.setAttribute('aria-expanded', 'false');
  let current; // { items, start }
  let active = 0;

  const close = () => {
    current = undefined;
    list.hidden = true;
    list.innerHTML = '';
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
  };

  const render = () => {
    list.innerHTML = current.items
      .map(
        (item, i) => `<li role="option" id="${id}-${i}" data-index="${i}" data-testid="autocomplete-option"
          aria-selected="${i === active}" class="${i === active ? 'active' : ''}">
          <span class="ac-label">${escapeHtml(item.label)}</span>
          ${item.hint ? `<span class="ac-hint">${escapeHtml(item.hint)}</span>` : ''}
          ${item.detail ? `<span class="ac-detail">${escapeHtml(item.detail)}</span>` : ''}
        </li>`,
      )
      .join('');
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    input.setAttribute('aria-activedescendant', `${id}-${active}`);
    list.querySelector('.active')?.scrollIntoView({ block: 'nearest' });
  };

  const update = () => {
    const next = suggest(input.value, input.selectionStart ?? input.value.length);
    if (!next || next.items.length === 0) return close();
    current = next;
    active = Math.min(active, next.items.length - 1);
    render();
  };

  const choose = (index) => {
    const item = current?.items[index];
    if (!item) return;
    const caret = input.selectionStart ?? input.value.length;
    input.value = input.value.slice(0, current.start) + item.insert + input.value.slice(caret);
    const at = current.start + item.insert.length;
    input.setSelectionRange(at, at);
    close();
    input.dispatchEvent(new Event('input'));
    input.focus();
  };

  input.addEventListener('input', () => {
    active = 0;
    update();
  });
  input.addEventListener('blur', () => setTimeout(close, 150));
  list.addEventListener('mousedown', (e) => {
    const option = e.target.closest('[data-index]');
    if (!option) return;
    e.preventDefault();
    choose(Number(option.dataset.index));
  });

  return {
    /** Handles a keydown first; true when the list used it (so the composer must not send). */
    handleKey(e) {
      if (!current) return false;
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        const n = current.items.length;
        active = (active + (e.key === 'ArrowDown' ? 1 : n - 1)) % n;
        render();
        return true;
      }
      if ((e.key === 'Enter' && !e.shiftKey) || e.key === 'Tab') {
        const item = current.items[active];
        const typed = input.value.slice(current.start, input.selectionStart ?? input.value.length);
        // A fully typed command is sent on Enter rather than completed again.
        if (e.key === 'Enter' && item && typed.trim() === item.insert.trim()) {
          close();
          return false;
        }
        e.preventDefault();
        choose(active);
        return true;
      }
      if (e.key === 'Escape') {
        e.preventDefault();
        close();
        return true;
      }
      return false;
    },
    close,
  };
}
