import { StrataError } from '../errors.js';
import type { AccessPolicy, AccessScope, AccessStore } from '../store/access-store.js';
import { type AccessGuard, FEATURES } from './access-guard.js';
import type { AuditLog } from './audit-log.js';

export const ACCESS_USAGE =
  'Usage: `/bedrock access [#channel]` · `/bedrock access allow|block|default [#channel]` · `/bedrock access feature chat|sql|image|ask|agent on|off [#channel]`';
export const BUDGET_USAGE =
  'Usage: `/bedrock budget [@user|#channel]` · `/bedrock budget @user|#channel daily|monthly <tokens>|default`';

/** Finds people and channels typed as `@name` / `#name` (slash commands without escaping). */
export interface NameResolver {
  channel(name: string): Promise<string | undefined>;
  user(name: string): Promise<string | undefined>;
}

const CHANNEL = /^(?:<#([CG][A-Z0-9]+)(?:\|[^>]*)?>|([CG][A-Z0-9]{2,})|#([\w.-]+))$/;
const USER = /^(?:<@([UW][A-Z0-9]+)(?:\|[^>]*)?>|([UW][A-Z0-9]{2,})|@([\w.-]+))$/;

const bad = (message: string) => new StrataError('bad_input', message, { userMessage: message });
const n = (value: number) => value.toLocaleString('en-US');

/** `/bedrock access` and `/bedrock budget`: the allow-list, feature switches and budget overrides, audited. */
export function createAccessAdmin(deps: {
  store: AccessStore;
  guard: AccessGuard;
  audit: AuditLog;
  names: NameResolver;
}) {
  const channelOf = async (word: string | undefined, here: string): Promise<string> => {
    if (word === undefined) return here;
    const match = CHANNEL.exec(word);
    const id = match?.[1] ?? match?.[2] ?? (match?.[3] ? await deps.names.channel(match[3]) : undefined);
    if (!id) throw bad(`\`${clean(word)}\` is not a channel I know. ${ACCESS_USAGE}`);
    return id;
  };

  const scopeOf = async (word: string | undefined, here: string): Promise<AccessScope> => {
    if (word !== undefined && USER.test(word)) {
      const match = USER.exec(word);
      const id = match?.[1] ?? match?.[2] ?? (match?.[3] ? await deps.names.user(match[3]) : undefined);
      if (!id) throw bad(`\`${clean(word)}\` is not a person I know. ${BUDGET_USAGE}`);
      return { kind: 'user', id };
    }
    if (word !== undefined && !CHANNEL.test(word))
      throw bad(`\`${clean(word)}\` is not a person or channel. ${BUDGET_USAGE}`);
    return { kind: 'channel', id: await channelOf(word, here) };
  };

  const save = async (
    scope: AccessScope,
    before: AccessPolicy,
    after: AccessPolicy,
    admin: string,
    here: string,
    action: string,
  ) => {
    await deps.store.put(scope, after, admin);
    await deps.audit.record({
      actor: admin,
      action,
      channel: here,
      parameters: { scope, before, after },
      outcome: 'ok',
    });
  };

  const describeChannel = async (channel: string) => {
    const { policy, states } = await deps.guard.standing({ kind: 'channel', id: channel });
    const allowed = policy.allowed === undefined ? 'default' : policy.allowed ? 'allowed' : 'blocked';
    const off = policy.disabledFeatures?.length ? policy.disabledFeatures.join(', ') : 'none';
    const budget = states
      .map((s) => `${s.period === 'day' ? 'today' : 'this month'} ${n(s.used)} of ${n(s.limit)} tokens`)
      .join(' · ');
    return `<#${channel}>: ${allowed} · features off: ${off} · ${budget}`;
  };

  return {
    async access(args: string, admin: string, here: string): Promise<string> {
      const words = args.split(/\s+/).filter(Boolean);
      const [action = 'status'] = words;
      if (action === 'status' || CHANNEL.test(action)) {
        return describeChannel(await channelOf(action === 'status' ? words[1] : action, here));
      }
      if (action === 'allow' || action === 'block' || action === 'default') {
        const channel = await channelOf(words[1], here);
        const scope: AccessScope = { kind: 'channel', id: channel };
        const before = await deps.store.get(scope);
        const { allowed: _old, ...rest } = before;
        await save(
          scope,
          before,
          action === 'default' ? rest : { ...rest, allowed: action === 'allow' },
          admin,
          here,
          `access.${action}`,
        );
        return `:white_check_mark: ${await describeChannel(channel)}`;
      }
      if (action === 'feature') {
        const [, feature = '', state = ''] = words;
        if (!(FEATURES as readonly string[]).includes(feature) || (state !== 'on' && state !== 'off')) {
          throw bad(`Say which feature (${FEATURES.join(', ')}) and on or off. ${ACCESS_USAGE}`);
        }
        const channel = await channelOf(words[3], here);
        const scope: AccessScope = { kind: 'channel', id: channel };
        const before = await deps.store.get(scope);
        const off = new Set(before.disabledFeatures ?? []);
        if (state === 'off') off.add(feature);
        else off.delete(feature);
        await save(
          scope,
          before,
          { ...before, disabledFeatures: [...off].sort() },
          admin,
          here,
          'access.feature',
        );
        return `:white_check_mark: ${await describeChannel(channel)}`;
      }
      throw bad(`Unknown action \`${clean(action)}\`. ${ACCESS_USAGE}`);
    },

    async budget(args: string, admin: string, here: string): Promise<string> {
      const words = args.split(/\s+/).filter(Boolean);
      const scope = await scopeOf(words[0] === 'status' ? words[1] : words[0], here);
      const subject = scope.kind === 'user' ? `<@${scope.id}>` : `<#${scope.id}>`;
      const period = words[1];
      if (period !== undefined && words[0] !== 'status') {
        const value = words[2] ?? '';
        if (
          (period !== 'daily' && period !== 'monthly') ||
          !/^(default|\d{1,12})$/.test(value.replace(/[,_]/g, ''))
        ) {
          throw bad(`Give daily or monthly and a token count (or \`default\`). ${BUDGET_USAGE}`);
        }
        const tokens = value === 'default' ? undefined : Number(value.replace(/[,_]/g, ''));
        if (tokens !== undefined && tokens < 1000) throw bad('A budget must be at least 1,000 tokens.');
        const before = await deps.store.get(scope);
        const key = period === 'daily' ? 'dailyTokens' : 'monthlyTokens';
        const { [key]: _old, ...rest } = before;
        await save(
          scope,
          before,
          tokens === undefined ? rest : { ...rest, [key]: tokens },
          admin,
          here,
          'budget.update',
        );
      }
      const { policy, states } = await deps.guard.standing(scope);
      const lines = states.map((s) => {
        const overridden = (s.period === 'day' ? policy.dailyTokens : policy.monthlyTokens) !== undefined;
        const share = Math.floor((s.used / s.limit) * 100);
        return `• ${s.period === 'day' ? 'Daily' : 'Monthly'}: ${n(s.used)} of ${n(s.limit)} tokens (${share}%)${overridden ? '' : ' — default'} · resets ${s.resetsAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
      });
      return `*Token budget of ${subject}*\n${lines.join('\n')}`;
    },
  };
}

export type AccessAdmin = ReturnType<typeof createAccessAdmin>;

const clean = (word: string) => word.replace(/[`<>&*_~]/g, '').slice(0, 40);
