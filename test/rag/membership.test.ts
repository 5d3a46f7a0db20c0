import { describe, expect, it } from 'vitest';
import { allowedChannels, createMembershipCache } from '../../src/rag/membership.js';

const members: Record<string, string[]> = {
  C0RANDOM: ['U0ALICE', 'U0BOB', 'U0STRATA'],
  G0LEADERS: ['U0ALICE', 'U0ADMIN', 'U0STRATA'],
  C0ALL: ['U0ALICE', 'U0BOB', 'U0ADMIN', 'U0STRATA'],
  D0ALICE: ['U0ALICE', 'U0STRATA'],
};

function cache(overrides: { fail?: string[] } = {}) {
  const fetched: string[] = [];
  const membership = createMembershipCache({
    fetch: async (channel) => {
      fetched.push(channel);
      if (overrides.fail?.includes(channel)) throw new Error('channel_not_found');
      return members[channel] ?? [];
    },
    ttlMs: 60_000,
  });
  return { membership, fetched };
}

const candidates = ['C0RANDOM', 'G0LEADERS', 'C0ALL'];

describe('which indexed channels an answer may use', () => {
  it('a private answer (DM) uses exactly the channels the asker is a member of', async () => {
    const { membership } = cache();
    expect(
      await allowedChannels({
        candidates,
        asker: 'U0BOB',
        audience: undefined,
        botUserId: 'U0STRATA',
        membership,
      }),
    ).toEqual(['C0RANDOM', 'C0ALL']);
    expect(
      await allowedChannels({
        candidates,
        asker: 'U0ALICE',
        audience: undefined,
        botUserId: 'U0STRATA',
        membership,
      }),
    ).toEqual(candidates);
  });

  it('an answer in a channel only uses channels every member of that channel is in', async () => {
    const { membership } = cache();
    // Alice is in #leadership, but Bob reads #random too: #leadership stays out of a #random thread.
    expect(
      await allowedChannels({
        candidates,
        asker: 'U0ALICE',
        audience: 'C0RANDOM',
        botUserId: 'U0STRATA',
        membership,
      }),
    ).toEqual(['C0RANDOM', 'C0ALL']);
    expect(
      await allowedChannels({
        candidates,
        asker: 'U0ALICE',
        audience: 'G0LEADERS',
        botUserId: 'U0STRATA',
        membership,
      }),
    ).toEqual(['G0LEADERS', 'C0ALL']);
  });

  it('fails closed when Slack cannot say who is in a channel', async () => {
    const { membership } = cache({ fail: ['G0LEADERS'] });
    expect(
      await allowedChannels({
        candidates,
        asker: 'U0ALICE',
        audience: undefined,
        botUserId: 'U0STRATA',
        membership,
      }),
    ).toEqual(['C0RANDOM', 'C0ALL']);
    const broken = cache({ fail: ['C0RANDOM'] });
    expect(
      await allowedChannels({
        candidates,
        asker: 'U0ALICE',
        audience: 'C0RANDOM',
        botUserId: 'U0STRATA',
        membership: broken.membership,
      }),
    ).toEqual([]);
  });

  it('asks Slack once per channel while the cache is fresh, and again after invalidation', async () => {
    const { membership, fetched } = cache();
    await membership.members('C0RANDOM');
    await membership.members('C0RANDOM');
    membership.invalidate('C0RANDOM');
    await membership.members('C0RANDOM');
    expect(fetched).toEqual(['C0RANDOM', 'C0RANDOM']);
  });
});
