/**
 * Slack mrkdwn → plain readable text for embedding and for the model: people and channels by name,
 * links kept (as Markdown links), code and line breaks untouched, entities decoded.
 */

export type NameOf = (userId: string) => Promise<string>;

const TOKEN = /<([^<>]+)>/g;

export async function readableText(text: string, nameOf: NameOf): Promise<string> {
  const users = new Set<string>();
  for (const match of text.matchAll(TOKEN)) {
    const mention = /^@([UW][A-Z0-9]+)/.exec(match[1] ?? '');
    if (mention?.[1]) users.add(mention[1]);
  }
  const names = new Map<string, string>();
  await Promise.all([...users].map(async (id) => names.set(id, await nameOf(id))));
  return decodeEntities(text.replace(TOKEN, (_, inner: string) => renderToken(inner, names)));
}

function renderToken(inner: string, names: ReadonlyMap<string, string>): string {
  const bar = inner.indexOf('|');
  const target = bar < 0 ? inner : inner.slice(0, bar);
  const label = bar < 0 ? undefined : inner.slice(bar + 1);
  switch (target.charAt(0)) {
    case '@':
      return `@${names.get(target.slice(1)) ?? label ?? target.slice(1)}`;
    case '#':
      return `#${label ?? target.slice(1)}`;
    case '!': {
      if (target.startsWith('!subteam^')) return label ?? '@group';
      if (target.startsWith('!date^')) return label ?? '';
      return `@${target.slice(1)}`;
    }
    default: {
      if (target.startsWith('mailto:')) return label ?? target.slice('mailto:'.length);
      if (label === undefined || label === target) return target;
      return `[${label}](${target})`;
    }
  }
}

function decodeEntities(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** A user id → display name lookup with a cache; unknown users keep their id. */
export function createNameDirectory(
  lookup: (userId: string) => Promise<string | undefined>,
  options: { ttlMs: number; now?: () => number },
): NameOf {
  const now = options.now ?? Date.now;
  const cache = new Map<string, { name: Promise<string>; at: number }>();
  return (userId) => {
    const cached = cache.get(userId);
    if (cached && now() - cached.at < options.ttlMs) return cached.name;
    const name = lookup(userId).then((found) => found ?? userId);
    cache.set(userId, { name, at: now() });
    return name;
  };
}
