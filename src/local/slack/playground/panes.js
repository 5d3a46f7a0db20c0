// Pane behaviour: staying scrolled to the newest message, and files dropped onto a pane.

/** A list scrolled to its end stays there while images above the fold load. */
export function stayPinned(list) {
  let pinned = true;
  list.addEventListener('scroll', () => {
    pinned = list.scrollHeight - list.scrollTop - list.clientHeight < 60;
  });
  list.addEventListener(
    'load',
    () => {
      if (pinned) list.scrollTop = list.scrollHeight;
    },
    true,
  );
}

/** Files dragged onto the channel or the thread go to that pane's composer. */
export function wireDrop(pane, composer) {
  const overlay = pane.querySelector('[data-role="drop-overlay"]');
  let depth = 0;
  const hasFiles = (e) => [...(e.dataTransfer?.types ?? [])].includes('Files');
  pane.addEventListener('dragenter', (e) => {
    if (!hasFiles(e)) return;
    depth += 1;
    overlay.hidden = false;
  });
  pane.addEventListener('dragleave', () => {
    depth = Math.max(0, depth - 1);
    if (depth === 0) overlay.hidden = true;
  });
  pane.addEventListener('dragover', (e) => {
    if (hasFiles(e)) e.preventDefault();
  });
  pane.addEventListener('drop', (e) => {
    e.preventDefault();
    depth = 0;
    overlay.hidden = true;
    const file = e.dataTransfer?.files?.[0];
    if (file) composer.setFile(file);
  });
}
