import type { SlackChannel, SlackUser, WorkspaceSnapshot } from './workspace-types.js';

/** Identity of the Strata bot inside the emulated workspace. */
export const bot = {
  userId: 'U0STRATA',
  name: 'strata',
  displayName: 'Strata',
  botId: 'B0STRATA',
  appId: 'A0STRATA',
} as const;

export const teamId = 'T0LOCAL';

function person(id: string, name: string, realName: string, isAdmin = false): SlackUser {
  return {
    id,
    team_id: teamId,
    name,
    real_name: realName,
    is_bot: false,
    is_admin: isAdmin,
    deleted: false,
    tz: 'UTC',
    profile: { real_name: realName, display_name: name },
  };
}

function channel(
  id: string,
  name: string,
  members: string[],
  kind: { isPrivate?: boolean; isGeneral?: boolean } = {},
): SlackChannel {
  return {
    id,
    name,
    created: 1_764_000_000,
    creator: 'U0ADMIN',
    is_channel: !kind.isPrivate,
    is_group: kind.isPrivate === true,
    is_im: false,
    is_mpim: false,
    is_private: kind.isPrivate === true,
    is_archived: false,
    is_general: kind.isGeneral === true,
    members,
  };
}

function directMessage(id: string, user: string): SlackChannel {
  return {
    id,
    name: user,
    created: 1_764_000_000,
    creator: user,
    is_channel: false,
    is_group: false,
    is_im: true,
    is_mpim: false,
    is_private: true,
    is_archived: false,
    is_general: false,
    user,
    members: [user, bot.userId],
  };
}

/** The workspace a fresh emulator starts with (no data file yet). */
export function seedWorkspace(): WorkspaceSnapshot {
  const strata: SlackUser = {
    ...person(bot.userId, bot.name, bot.displayName),
    is_bot: true,
    profile: {
      real_name: bot.displayName,
      display_name: bot.displayName,
      bot_id: bot.botId,
      api_app_id: bot.appId,
    },
  };
  const people = ['U0ALICE', 'U0BOB', 'U0ADMIN'];
  return {
    version: 1,
    lastTsMicros: 0,
    team: { id: teamId, name: 'Strata Local', domain: 'strata-local' },
    users: [
      person('U0ALICE', 'alice', 'Alice Park'),
      person('U0BOB', 'bob', 'Bob Ortiz'),
      person('U0ADMIN', 'dana', 'Dana Admin', true),
      strata,
    ],
    channels: [
      channel('C0GENERAL', 'general', [...people, bot.userId], { isGeneral: true }),
      channel('C0RANDOM', 'random', [...people]),
      channel('G0LEADERS', 'leadership', ['U0ADMIN', 'U0ALICE', bot.userId], { isPrivate: true }),
      directMessage('D0ALICE', 'U0ALICE'),
      directMessage('D0BOB', 'U0BOB'),
      directMessage('D0ADMIN', 'U0ADMIN'),
    ],
    messages: [],
  };
}

export interface SlackUsergroup {
  id: string;
  team_id: string;
  name: string;
  handle: string;
  description: string;
  is_usergroup: true;
  date_create: number;
  date_delete: number;
  users: string[];
}

/** User groups (not persisted): `@strata-admins` holds the workspace admin. */
export function seedUsergroups(): SlackUsergroup[] {
  return [
    {
      id: 'S0ADMINS',
      team_id: teamId,
      name: 'strata-admins',
      handle: 'strata-admins',
      description: 'People who may run Strata admin commands',
      is_usergroup: true,
      date_create: 1_764_000_000,
      date_delete: 0,
      users: ['U0ADMIN'],
    },
  ];
}
