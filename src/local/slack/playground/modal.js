// Modals the app opens with views.open / update / push: inputs, Submit / Cancel, validation errors.
import { api, appFailure } from './api.js';
import { blockHtml } from './blocks.js';
import { escapeHtml } from './format.js';
import { $, lookup, state } from './state.js';

const required = 'Please complete this required field.';
let shown; // { id, hash } of the view on screen
let returnFocus;

function optionsOf(el) {
  return [...(el.options ?? []), ...(el.option_groups ?? []).flatMap((g) => g.options ?? [])];
}

function inputId(block) {
  return `modal-input-${block.block_id}`;
}

function elementHtml(block) {
  const el = block.element;
  const id = inputId(block);
  const attrs = `id="${escapeHtml(id)}" data-block-id="${escapeHtml(block.block_id)}" data-action-id="${escapeHtml(el.action_id)}" data-type="${escapeHtml(el.type)}" aria-describedby="${escapeHtml(id)}-error ${escapeHtml(id)}-hint"`;
  const placeholder = el.placeholder?.text ? ` placeholder="${escapeHtml(el.placeholder.text)}"` : '';
  const value = escapeHtml(el.initial_value ?? '');
  switch (el.type) {
    case 'plain_text_input':
      return el.multiline
        ? `<textarea ${attrs} rows="4"${placeholder}>${value}</textarea>`
        : `<input type="text" ${attrs}${placeholder} value="${value}">`;
    case 'number_input':
      return `<input type="number" ${attrs}${placeholder} value="${value}" step="${el.is_decimal_allowed ? 'any' : '1'}"${el.min_value !== undefined ? ` min="${escapeHtml(el.min_value)}"` : ''}${el.max_value !== undefined ? ` max="${escapeHtml(el.max_value)}"` : ''}>`;
    case 'email_text_input':
    case 'url_text_input':
      return `<input type="${el.type === 'email_text_input' ? 'email' : 'url'}" ${attrs}${placeholder} value="${value}">`;
    case 'datepicker':
      return `<input type="date" ${attrs} value="${escapeHtml(el.initial_date ?? '')}">`;
    case 'static_select': {
      const initial = el.initial_option?.value;
      const option = (o) =>
        `<option value="${escapeHtml(o.value)}"${o.value === initial ? ' selected' : ''}>${escapeHtml(o.text?.text ?? o.value)}</option>`;
      const groups = (el.option_groups ?? []).map(
        (g) =>
          `<optgroup label="${escapeHtml(g.label?.text ?? '')}">${(g.options ?? []).map(option).join('')}</optgroup>`,
      );
      const options = [...(el.options ?? []).map(option), ...groups].join('');
      return `<select ${attrs}><option value="">${escapeHtml(el.placeholder?.text ?? 'Select an option')}</option>${options}</select>`;
    }
    case 'radio_buttons':
    case 'checkboxes': {
      const type = el.type === 'radio_buttons' ? 'radio' : 'checkbox';
      const initial = new Set([el.initial_option?.value, ...(el.initial_options ?? []).map((o) => o.value)]);
      const options = optionsOf(el)
        .map(
          (
            o,
            i,
          ) => `<label class="choice"><input type="${type}" name="${escapeHtml(id)}" value="${escapeHtml(o.value)}"${initial.has(o.value) ? ' checked' : ''}${i === 0 ? ` id="${escapeHtml(id)}"` : ''}>
            <span>${escapeHtml(o.text?.text ?? o.value)}${o.description ? `<span class="choice-description">${escapeHtml(o.description.text)}</span>` : ''}</span></label>`,
        )
        .join('');
      return `<div class="choices" role="${type === 'radio' ? 'radiogroup' : 'group'}" data-block-id="${escapeHtml(block.block_id)}" data-action-id="${escapeHtml(el.action_id)}" data-type="${el.type}" aria-labelledby="${escapeHtml(id)}-label" aria-describedby="${escapeHtml(id)}-error">${options}</div>`;
    }
    case 'file_input':
      return `<p class="unsupported" id="${escapeHtml(id)}">Uploading inside a modal is not available in the playground: share the file in the channel first, then choose it where the form offers shared files.</p>`;
    default:
      return `<p class="unsupported" id="${escapeHtml(id)}">(${escapeHtml(el.type)} is not supported in the playground)</p>`;
  }
}

function inputBlockHtml(block, error) {
  const id = inputId(block);
  const optional = block.optional ? '<span class="optional">(optional)</span>' : '';
  return `<div class="modal-input${error ? ' invalid' : ''}" data-testid="modal-input" data-block-id="${escapeHtml(block.block_id)}" data-optional="${block.optional ? 'true' : 'false'}">
    <label id="${escapeHtml(id)}-label" for="${escapeHtml(id)}">${escapeHtml(block.label?.text ?? '')} ${optional}</label>
    ${elementHtml(block)}
    <p class="input-hint" id="${escapeHtml(id)}-hint">${escapeHtml(block.hint?.text ?? '')}</p>
    <p class="input-error" id="${escapeHtml(id)}-error" data-testid="input-error" role="alert">${escapeHtml(error ?? '')}</p>
  </div>`;
}

/** state.values as Slack's client sends them: strings, option values, lists of option values. */
function collect(form) {
  const values = {};
  for (const el of form.querySelectorAll('[data-block-id][data-action-id]')) {
    const { blockId, actionId, type } = el.dataset;
    let value;
    if (type === 'radio_buttons') value = el.querySelector('input:checked')?.value ?? null;
    else if (type === 'checkboxes') value = [...el.querySelectorAll('input:checked')].map((i) => i.value);
    else value = el.value === '' ? null : el.value;
    values[blockId] = { ...values[blockId], [actionId]: value };
  }
  return values;
}

function showErrors(form, errors) {
  for (const box of form.querySelectorAll('.modal-input')) {
    const message = errors[box.dataset.blockId] ?? '';
    box.classList.toggle('invalid', message !== '');
    box.querySelector('.input-error').textContent = message;
    box.querySelector('[data-block-id]')?.setAttribute('aria-invalid', String(message !== ''));
  }
  form
    .querySelector('.modal-input.invalid input, .modal-input.invalid textarea, .modal-input.invalid select')
    ?.focus();
}

/** Blocks the client checks before sending, as Slack does for non-optional inputs. */
function missing(form) {
  const errors = {};
  const values = collect(form);
  for (const box of form.querySelectorAll('.modal-input[data-optional="false"]')) {
    const value = Object.values(values[box.dataset.blockId] ?? {})[0];
    if (value === null || value === undefined || (Array.isArray(value) && value.length === 0)) {
      errors[box.dataset.blockId] = required;
    }
  }
  return errors;
}

/** What the person typed into inputs the next version of the view still has (Slack keeps it on views.update). */
function typedValues(form) {
  const typed = new Map();
  if (!form) return typed;
  for (const el of form.querySelectorAll('[data-block-id][data-action-id]')) {
    const key = `${el.dataset.blockId}/${el.dataset.actionId}`;
    if (el.matches('.choices'))
      typed.set(
        key,
        [...el.querySelectorAll('input:checked')].map((i) => i.value),
      );
    else typed.set(key, el.value);
  }
  return typed;
}

function restoreValues(form, typed) {
  for (const el of form.querySelectorAll('[data-block-id][data-action-id]')) {
    const value = typed.get(`${el.dataset.blockId}/${el.dataset.actionId}`);
    if (value === undefined) continue;
    if (el.matches('.choices')) {
      for (const input of el.querySelectorAll('input')) input.checked = value.includes(input.value);
    } else if (el.tagName !== 'SELECT' || [...el.options].some((o) => o.value === value)) el.value = value;
  }
}

/** Focus stays in the dialog: on the same field after an update, else the first field, else the dialog itself. */
function placeFocus(form, previousId) {
  const same = previousId ? form.querySelector(`#${CSS.escape(previousId)}`) : null;
  const first = form.querySelector('.modal-input input, .modal-input textarea, .modal-input select');
  (same ?? first ?? form).focus();
}

function render(entry, previous) {
  const { view } = entry;
  const backdrop = $('modal-backdrop');
  const body = view.blocks
    .map((b, i) =>
      b.type === 'input' ? inputBlockHtml(b, entry.errors?.[b.block_id]) : blockHtml(b, lookup, i),
    )
    .join('');
  const close = view.close?.text ?? 'Cancel';
  const submit = view.submit
    ? `<button type="submit" class="modal-submit" data-testid="modal-submit">${escapeHtml(view.submit.text)}</button>`
    : '';
  backdrop.innerHTML = `<form class="modal" role="dialog" aria-modal="true" aria-labelledby="modal-title" tabindex="-1" data-testid="modal" data-view-id="${escapeHtml(view.id)}">
    <header class="modal-header"><h2 id="modal-title" data-testid="modal-title">${escapeHtml(view.title.text)}</h2>
      <button type="button" class="icon-button" data-role="dismiss" aria-label="Close">×</button></header>
    <div class="modal-body">${body}<p class="modal-alert" role="alert" data-testid="modal-alert"></p></div>
    <footer class="modal-footer"><button type="button" class="modal-cancel" data-role="dismiss" data-testid="modal-cancel">${escapeHtml(close)}</button>${submit}</footer>
  </form>`;
  backdrop.hidden = false;
  document.querySelector('.app').inert = true; // the page behind a modal can't be reached or read
  const form = backdrop.querySelector('form');
  if (previous) restoreValues(form, previous.typed);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    submitView(form, view.id);
  });
  for (const b of form.querySelectorAll('[data-role="dismiss"]'))
    b.addEventListener('click', () => dismiss(view.id));
  form.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      dismiss(view.id);
    }
    if (e.key === 'Tab') keepFocusInside(form, e);
  });
  placeFocus(form, previous?.focusedId);
}

/** Tab and Shift+Tab cycle inside the dialog, as in Slack. */
function keepFocusInside(form, e) {
  const focusable = [...form.querySelectorAll('input, select, textarea, button, a[href]')].filter(
    (el) => !el.disabled && el.offsetParent !== null,
  );
  const first = focusable[0];
  const last = focusable.at(-1);
  if (e.shiftKey && document.activeElement === first) {
    e.preventDefault();
    last?.focus();
  } else if (!e.shiftKey && document.activeElement === last) {
    e.preventDefault();
    first?.focus();
  }
}

async function submitView(form, viewId) {
  const errors = missing(form);
  if (Object.keys(errors).length > 0) return showErrors(form, errors);
  const button = form.querySelector('.modal-submit');
  button.disabled = true;
  form.querySelector('.modal-alert').textContent = '';
  try {
    const result = await api('views/submit', { user: state.me, viewId, values: collect(form) });
    if (appFailure(result)) throw new Error('We had some trouble connecting. Try again?');
  } catch (error) {
    form.querySelector('.modal-alert').textContent = error.message;
  } finally {
    button.disabled = false;
  }
}

function dismiss(viewId) {
  api('views/close', { user: state.me, viewId }).catch(() => {});
}

/** Shows the top of the person's modal stack; keeps typed values when only the errors changed. */
export function renderModal() {
  const top = state.views.at(-1);
  const backdrop = $('modal-backdrop');
  if (!top) {
    const wasShown = shown !== undefined;
    shown = undefined;
    backdrop.hidden = true;
    backdrop.innerHTML = '';
    document.querySelector('.app').inert = false;
    if (wasShown) returnFocus?.focus();
    returnFocus = undefined;
    return;
  }
  const form = backdrop.querySelector('form');
  if (form && shown?.id === top.id && shown.hash === top.view.hash) {
    showErrors(form, top.errors ?? {});
    return;
  }
  if (!shown) returnFocus = document.activeElement;
  // views.update of the view on screen: redrawn in place, keeping what was typed and where focus was.
  const updating = form && shown?.id === top.id;
  const previous = updating
    ? {
        typed: typedValues(form),
        focusedId: form.contains(document.activeElement) ? document.activeElement.id : '',
      }
    : undefined;
  shown = { id: top.id, hash: top.view.hash };
  render(top, previous);
}
