import type { Logger } from '../log.js';

/**
 * Who is in a channel right now, from `conversations.members`, cached for a short TTL so a question does
 * not cost one Slack call per indexed channel. When Slack cannot answer, the channel counts as having no
 * members: retrieval fails closed.
 */
export interface MembershipCache {
  members(channel: string): Promise<ReadonlySet<string>>;
  invalidate(channel: string): void;
}

export function createMembershipCache(options: {
  fetch: (channel: string) => Promise<string[]>;
  ttlMs: number;
  logger?: Logger;
  now?: () => number;
}): MembershipCache {
  const now = options.now ?? Date.now;
  const cache = new Map<string, { members: Promise<ReadonlySet<string>>; at: number }>();
  return {
    members(channel) {
      const cached = cache.get(channel);
      if (cached && now() - cached.at < options.ttlMs) return cached.members;
      const members = options.fetch(channel).then(
        (ids): ReadonlySet<string> => new Set(ids),
        (error: unknown): ReadonlySet<string> => {
          options.logger?.warn(
            { err: error, channel },
            'channel members unavailable; treating the channel as closed',
          );
          cache.delete(channel);
          return new Set();
        },
      );
      cache.set(channel, { members, at: now() });
      return members;
    },
    invalidate(channel) {
      cache.delete(channel);
    },
  };
}

/**
 * The indexed channels whose messages may be shown where the answer will appear: the asker must be a
 * member, and so must everyone who can read the destination (its members are a subset of the source's).
 * An answer in a DM with Strata is therefore limited to the asker's own channels; an answer in a channel
 * thread only uses channels every member of that channel is in.
 */
export async function allowedChannels(input: {
  candidates: readonly string[];
  asker: string;
  /** Who will see the answer; undefined for a private DM answer (the asker alone). */
  audience: string | undefined;
  botUserId: string | undefined;
  membership: MembershipCache;
}): Promise<string[]> {
  const { candidates, asker, membership } = input;
  const audience = input.audience === undefined ? undefined : await membership.members(input.audience);
  // The asker is in the channel they asked in; if Slack says otherwise (or could not say), show nothing.
  if (audience !== undefined && !audience.has(asker)) return [];
  const checks = await Promise.all(
    candidates.map(async (channel) => {
      const members = await membership.members(channel);
      if (!members.has(asker)) return false;
      if (audience === undefined || channel === input.audience) return true;
      for (const viewer of audience) {
        if (viewer !== input.botUserId && !members.has(viewer)) return false;
      }
      return true;
    }),
  );
  return candidates.filter((_, i) => checks[i]);
}
