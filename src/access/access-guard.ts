import type { Logger } from '../log.js';
import type { ModelCall } from '../metrics.js';
import type { AccessPolicy, AccessScope, AccessStore } from '../store/access-store.js';
import type { UsageStore } from '../store/usage-store.js';
import {
  type BudgetLimits,
  type BudgetState,
  budgetSpentMessage,
  budgetStates,
  budgetWarningMessage,
  monthStart,
  reachedLevels,
} from './budgets.js';

/** The features a channel can switch off. */
export const FEATURES = ['chat', 'sql', 'image', 'ask', 'agent'] as const;
export type Feature = (typeof FEATURES)[number];

export type AccessDecision =
  | { allowed: true }
  | { allowed: false; reason: 'channel' | 'feature' | 'budget'; message: string };

/** Asked before every model call: may Strata answer here, for this feature, within the budgets? */
export interface AccessGuard {
  check(request: { user: string; channel: string; feature: string }): Promise<AccessDecision>;
  /** After a call is recorded: warns admins once when a budget reaches 80% and 100%. */
  afterUsage(call: Pick<ModelCall, 'user' | 'channel'>): Promise<void>;
  /** Budget standing of a user or channel, for `/bedrock budget`. */
  standing(
    scope: AccessScope,
  ): Promise<{ policy: AccessPolicy; limits: BudgetLimits; states: BudgetState[] }>;
}

export interface AccessDefaults {
  /** When true, Strata answers only in channels an admin allowed (DMs are always allowed). */
  restrictChannels: boolean;
  user: BudgetLimits;
  channel: BudgetLimits;
}

export function createAccessGuard(options: {
  store: AccessStore;
  usage: UsageStore;
  defaults: AccessDefaults;
  /** Sends a budget warning to the admins (admin channel or DMs). */
  warnAdmins: (text: string) => Promise<void>;
  logger: Logger;
  now?: () => Date;
}): AccessGuard {
  const now = options.now ?? (() => new Date());
  const { store, defaults } = options;

  const limitsOf = (kind: AccessScope['kind'], policy: AccessPolicy): BudgetLimits => ({
    dailyTokens: policy.dailyTokens ?? defaults[kind].dailyTokens,
    monthlyTokens: policy.monthlyTokens ?? defaults[kind].monthlyTokens,
  });

  const standing = async (scope: AccessScope, known?: AccessPolicy) => {
    const at = now();
    const policy = known ?? (await store.get(scope));
    const limits = limitsOf(scope.kind, policy);
    const totals = await options.usage.dailyTotals(scope, monthStart(at), at.toISOString().slice(0, 10));
    return { policy, limits, states: budgetStates(totals, limits, at) };
  };

  return {
    standing: (scope) => standing(scope),

    async check({ user, channel, feature }) {
      const isDm = channel.startsWith('D');
      const [channelPolicy, userPolicy] = await Promise.all([
        isDm ? Promise.resolve({} as AccessPolicy) : store.get({ kind: 'channel', id: channel }),
        store.get({ kind: 'user', id: user }),
      ]);
      if (
        !isDm &&
        (channelPolicy.allowed === false || (defaults.restrictChannels && channelPolicy.allowed !== true))
      ) {
        return {
          allowed: false,
          reason: 'channel',
          message:
            'Strata is not turned on in this channel. Ask a Strata admin to run `/bedrock access allow` here.',
        };
      }
      if (channelPolicy.disabledFeatures?.includes(feature)) {
        return {
          allowed: false,
          reason: 'feature',
          message: `An admin turned \`${feature}\` off in this channel.`,
        };
      }
      const at = now();
      const scopes: Array<[AccessScope, AccessPolicy]> = [
        [{ kind: 'user', id: user }, userPolicy],
        ...(isDm ? [] : [[{ kind: 'channel', id: channel }, channelPolicy] as [AccessScope, AccessPolicy]]),
      ];
      for (const [scope, policy] of scopes) {
        const { states } = await standing(scope, policy);
        const spent = states.find((s) => s.used >= s.limit);
        if (spent)
          return { allowed: false, reason: 'budget', message: budgetSpentMessage(scope.kind, spent, at) };
      }
      return { allowed: true };
    },

    async afterUsage({ user, channel }) {
      const at = now();
      const scopes: AccessScope[] = [
        { kind: 'user', id: user },
        ...(channel.startsWith('D') ? [] : [{ kind: 'channel' as const, id: channel }]),
      ];
      for (const scope of scopes) {
        const { states } = await standing(scope);
        for (const state of states) {
          for (const level of reachedLevels(state)) {
            if (
              !(await store.claimWarning(
                scope,
                state.periodKey,
                level,
                new Date(state.resetsAt.getTime() + 86_400_000),
              ))
            )
              continue;
            const subject = scope.kind === 'user' ? `<@${scope.id}>` : `<#${scope.id}>`;
            await options
              .warnAdmins(budgetWarningMessage(subject, level, state, at))
              .catch((error: unknown) =>
                options.logger.error({ err: error, scope }, 'could not warn admins about a budget'),
              );
          }
        }
      }
    },
  };
}
