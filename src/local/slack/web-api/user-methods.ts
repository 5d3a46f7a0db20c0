import type { SlackUsergroup } from '../workspace-seed.js';
import { SlackApiError } from './api-error.js';
import type { MethodHandler } from './method-context.js';
import { paginate } from './paging.js';
import { optionalBoolean, requiredString } from './params.js';

/** users.list, usergroups.list and usergroups.users.list over the seeded groups. */
export function userMethods(groups: readonly SlackUsergroup[], now: () => number) {
  const usersList: MethodHandler = (params, ctx) => {
    const page = paginate([...ctx.workspace.users], (u) => u.id, params, 200);
    return {
      members: page.items,
      cache_ts: Math.floor(now() / 1000),
      response_metadata: page.response_metadata,
    };
  };

  const groupsList: MethodHandler = (params) => {
    const withUsers = optionalBoolean(params, 'include_users') ?? false;
    const withCount = optionalBoolean(params, 'include_count') ?? false;
    return {
      usergroups: groups.map(({ users, ...group }) => ({
        ...group,
        ...(withUsers ? { users: [...users] } : {}),
        ...(withCount ? { user_count: users.length } : {}),
      })),
    };
  };

  const groupUsers: MethodHandler = (params) => {
    const id = requiredString(params, 'usergroup', 'no_such_subteam');
    const group = groups.find((g) => g.id === id);
    if (!group) throw new SlackApiError('no_such_subteam');
    return { users: [...group.users] };
  };

  return {
    'users.list': usersList,
    'usergroups.list': groupsList,
    'usergroups.users.list': groupUsers,
  } satisfies Record<string, MethodHandler>;
}
