// Keyboard use of the sidebar: Tab enters the channel list once; arrow keys, Home and End move between
// channels and direct messages; Enter or Space opens one (a roving tabindex, as in Slack's sidebar).

const itemSelector = '[data-testid="channel-item"]';

function items(sidebar) {
  return [...sidebar.querySelectorAll(itemSelector)];
}

/** One channel takes part in the Tab order: the focused one, else the open one. */
export function rovingTabindex(sidebar, focusedChannel) {
  const all = items(sidebar);
  const active =
    all.find((b) => b.dataset.channel === focusedChannel) ??
    all.find((b) => b.getAttribute('aria-current') === 'page') ??
    all[0];
  for (const b of all) b.tabIndex = b === active ? 0 : -1;
  return active;
}

/** Redraws the lists with `draw()`, keeping keyboard focus on the channel that had it. */
export function keepChannelFocus(sidebar, draw) {
  const focused = document.activeElement?.closest?.(itemSelector)?.dataset.channel;
  draw();
  const active = rovingTabindex(sidebar, focused);
  if (focused && active?.dataset.channel === focused) active.focus();
}

export function wireChannelKeys(sidebar) {
  sidebar.addEventListener('keydown', (e) => {
    const current = e.target.closest?.(itemSelector);
    if (!current) return;
    const all = items(sidebar);
    const at = all.indexOf(current);
    const moves = {
      ArrowDown: Math.min(at + 1, all.length - 1),
      ArrowUp: Math.max(at - 1, 0),
      Home: 0,
      End: all.length - 1,
    };
    if (!(e.key in moves)) return;
    e.preventDefault();
    const next = all[moves[e.key]];
    rovingTabindex(sidebar, next.dataset.channel);
    next.focus();
  });
}
