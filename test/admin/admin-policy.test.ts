import { describe, expect, it } from 'vitest';
import { createAdminPolicy } from '../../src/access/admin-policy.js';

function group(members: string[]) {
  const source = {
    groupId: 'S0ADMINS',
    calls: 0,
    fail: false,
    members: async () => {
      source.calls += 1;
      if (source.fail) throw new Error('ratelimited');
      return members;
    },
  };
  return source;
}

describe('who is an admin', () => {
  it('trusts configured user ids without asking Slack', async () => {
    const source = group([]);
    const policy = createAdminPolicy(['U0ADMIN'], { group: source });
    expect(await policy.isAdmin('U0ADMIN')).toBe(true);
    expect(source.calls).toBe(0);
  });

  it('trusts members of the admin user group, and caches the member list', async () => {
    let now = 0;
    const source = group(['U0DANA']);
    const policy = createAdminPolicy([], { group: source, ttlMs: 1000, now: () => now });
    expect(await policy.isAdmin('U0DANA')).toBe(true);
    expect(await policy.isAdmin('U0BOB')).toBe(false);
    expect(source.calls).toBe(1);
    now = 1500;
    await policy.isAdmin('U0BOB');
    expect(source.calls).toBe(2);
  });

  it('fails closed when the group cannot be read, but keeps the last list it saw', async () => {
    let now = 0;
    const source = group(['U0DANA']);
    const policy = createAdminPolicy([], { group: source, ttlMs: 1000, now: () => now });
    source.fail = true;
    expect(await policy.isAdmin('U0DANA')).toBe(false);
    source.fail = false;
    expect(await policy.isAdmin('U0DANA')).toBe(true);
    now = 5000;
    source.fail = true;
    expect(await policy.isAdmin('U0DANA')).toBe(true);
  });

  it('refuses everyone else when nothing is configured', async () => {
    expect(await createAdminPolicy([]).isAdmin('U0ADMIN')).toBe(false);
  });
});
