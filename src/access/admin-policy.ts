/** Who may run admin commands: the Slack user ids configured in STRATA_ADMIN_USERS. */
export interface AdminPolicy {
  isAdmin(userId: string): Promise<boolean>;
}

export function createAdminPolicy(adminUserIds: readonly string[]): AdminPolicy {
  const admins = new Set(adminUserIds);
  return { isAdmin: async (userId) => admins.has(userId) };
}
