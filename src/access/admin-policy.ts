import type { Logger } from '../log.js';

/** Who may run admin commands: configured Slack user ids and/or the members of one Slack user group. */
export interface AdminPolicy {
  isAdmin(userId: string): Promise<boolean>;
}

export interface AdminGroupSource {
  /** The user group's id (S…), e.g. from STRATA_ADMIN_GROUP. */
  groupId: string;
  /** The group's member user ids (`usergroups.users.list`). */
  members(groupId: string): Promise<string[]>;
}

export function createAdminPolicy(
  adminUserIds: readonly string[],
  options: {
    group?: AdminGroupSource | undefined;
    /** How long a fetched member list is trusted (default 5 minutes). */
    ttlMs?: number;
    now?: () => number;
    logger?: Logger;
  } = {},
): AdminPolicy {
  const admins = new Set(adminUserIds);
  const { group } = options;
  const ttlMs = options.ttlMs ?? 300_000;
  const now = options.now ?? Date.now;
  let cached: { at: number; members: Set<string> } | undefined;
  let inFlight: Promise<Set<string>> | undefined;

  const groupMembers = async (source: AdminGroupSource): Promise<Set<string>> => {
    if (cached && now() - cached.at < ttlMs) return cached.members;
    inFlight ??= source
      .members(source.groupId)
      .then((members) => {
        cached = { at: now(), members: new Set(members) };
        return cached.members;
      })
      .finally(() => {
        inFlight = undefined;
      });
    try {
      return await inFlight;
    } catch (error) {
      // Fail closed, but keep honouring the last list we saw rather than locking every admin out.
      options.logger?.error({ err: error, group: source.groupId }, 'could not read the admin user group');
      return cached?.members ?? new Set();
    }
  };

  return {
    async isAdmin(userId) {
      if (admins.has(userId)) return true;
      if (group === undefined) return false;
      return (await groupMembers(group)).has(userId);
    },
  };
}
