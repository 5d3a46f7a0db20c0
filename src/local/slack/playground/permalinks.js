// Slack permalinks (/archives/<channel>/p<ts>[?thread_ts=…]) open their message in this page, as Slack's
// own client does, instead of in a new tab.

const pattern = /^\/archives\/([^/]+)\/p(\d{10})(\d{6})$/;
const loopback = new Set(['localhost', '127.0.0.1', '[::1]']);

/** The message a permalink points at; undefined for any other URL. */
export function parsePermalink(url) {
  const m = pattern.exec(url.pathname);
  if (!m) return undefined;
  const [, channel, seconds, micros] = m;
  return { channel, ts: `${seconds}.${micros}`, threadTs: url.searchParams.get('thread_ts') ?? undefined };
}

/** Served by this emulator: the page's own origin, or its port under another loopback name. */
function isOurs(url) {
  if (url.origin === location.origin) return true;
  return url.port === location.port && loopback.has(url.hostname) && loopback.has(location.hostname);
}

/** A plain click on a permalink to this workspace moves the page to it; Back returns. */
export function followPermalinks(open) {
  document.addEventListener('click', (e) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const anchor = e.target instanceof Element ? e.target.closest('a[href]') : null;
    if (!anchor) return;
    let url;
    try {
      url = new URL(anchor.href);
    } catch {
      return;
    }
    const target = isOurs(url) ? parsePermalink(url) : undefined;
    if (!target) return;
    e.preventDefault();
    history.pushState(null, '', `${url.pathname}${url.search}`);
    open(target);
  });
  window.addEventListener('popstate', () => {
    const target = parsePermalink(new URL(location.href));
    if (target) open(target);
  });
}
