// Day dividers in the channel list ("Today", "Yesterday", "Tuesday, October 14"), as Slack draws them.

function dayKey(ts) {
  const d = new Date(Number(ts) * 1000);
  return `${d.getFullYear()}-${d.getMonth()}-${d.getDate()}`;
}

function dayLabel(ts) {
  const date = new Date(Number(ts) * 1000);
  const today = new Date();
  const yesterday = new Date(today.getFullYear(), today.getMonth(), today.getDate() - 1);
  if (dayKey(ts) === dayKey(today.getTime() / 1000)) return 'Today';
  if (dayKey(ts) === dayKey(yesterday.getTime() / 1000)) return 'Yesterday';
  const sameYear = date.getFullYear() === today.getFullYear();
  return date.toLocaleDateString([], {
    weekday: 'long',
    month: 'long',
    day: 'numeric',
    ...(sameYear ? {} : { year: 'numeric' }),
  });
}

function divider(ts) {
  const li = document.createElement('li');
  li.className = 'day-divider';
  li.dataset.day = dayKey(ts);
  li.setAttribute('role', 'separator');
  li.innerHTML = '<span></span>';
  li.firstChild.textContent = dayLabel(ts);
  return li;
}

/** Message elements (oldest first) with a divider before the first message of each day. */
export function withDayDividers(elements) {
  const out = [];
  let last;
  for (const el of elements) {
    const key = dayKey(el.dataset.ts);
    if (key !== last) out.push(divider(el.dataset.ts));
    last = key;
    out.push(el);
  }
  return out;
}

/** Before appending `el` to `list`: a divider when it starts a new day there. */
export function dividerBefore(list, el) {
  const previous = [...list.querySelectorAll('[data-testid="message"]')].at(-1);
  if (previous && dayKey(previous.dataset.ts) === dayKey(el.dataset.ts)) return undefined;
  return divider(el.dataset.ts);
}

/** After a message was removed: drop dividers left with no message of their day. */
export function pruneDividers(list) {
  for (const d of list.querySelectorAll('.day-divider')) {
    const next = d.nextElementSibling;
    if (!next || next.classList.contains('day-divider')) d.remove();
  }
}
