import {
  boolean,
  Entity,
  GetItemCommand,
  isConditionCheckFailed,
  item,
  list,
  number,
  PutItemCommand,
  string,
} from 'dynamodb-toolbox';
import { storeUnavailable } from './store-error.js';
import type { StrataTable } from './table.js';

export type AccessScope = { kind: 'user' | 'channel'; id: string };

/** What admins set for a channel (allow-list, feature switches, budget) or a person (budget). */
export interface AccessPolicy {
  /** Channels only: true = on the allow-list, false = blocked, undefined = the default. */
  allowed?: boolean;
  /** Channels only: features turned off here (chat, sql, image, ask, agent). */
  disabledFeatures?: string[];
  /** Token budget overrides; undefined = the configured default. */
  dailyTokens?: number;
  monthlyTokens?: number;
}

export interface AccessStore {
  get(scope: AccessScope): Promise<AccessPolicy>;
  put(scope: AccessScope, policy: AccessPolicy, updatedBy: string): Promise<void>;
  /** True once per scope, period and level: budget warnings are sent once, even across processes. */
  claimWarning(scope: AccessScope, periodKey: string, level: number, expiresAt: Date): Promise<boolean>;
}

function createPolicyEntity(table: StrataTable) {
  const schema = item({
    scope: string().enum('user', 'channel').key(),
    scopeId: string().key(),
    allowed: boolean().optional(),
    disabledFeatures: list(string()).optional(),
    dailyTokens: number().optional(),
    monthlyTokens: number().optional(),
    updatedBy: string(),
    updatedAt: string(),
  }).and((prev) => ({
    pk: string()
      .key()
      .hidden()
      .link<typeof prev>(({ scope, scopeId }) => `ACCESS#${scope}#${scopeId}`),
    sk: string().key().hidden().const('POLICY'),
  }));
  return new Entity({ name: 'AccessPolicy', table, schema, timestamps: false });
}

function createWarningEntity(table: StrataTable) {
  const schema = item({
    scope: string().key(),
    period: string().key(),
    level: number().key(),
    expiresAt: number(),
  }).and((prev) => ({
    pk: string()
      .key()
      .hidden()
      .link<typeof prev>(({ scope }) => `BUDGETWARN#${scope}`),
    sk: string()
      .key()
      .hidden()
      .link<typeof prev>(({ period, level }) => `${period}#${level}`),
  }));
  return new Entity({ name: 'BudgetWarning', table, schema, timestamps: false });
}

export function createDynamoAccessStore(options: { table: StrataTable; now?: () => Date }): AccessStore {
  const policies = createPolicyEntity(options.table);
  const warnings = createWarningEntity(options.table);
  const now = options.now ?? (() => new Date());
  return {
    async get({ kind, id }) {
      try {
        const { Item } = await policies.build(GetItemCommand).key({ scope: kind, scopeId: id }).send();
        if (!Item) return {};
        const { allowed, disabledFeatures, dailyTokens, monthlyTokens } = Item;
        return {
          ...(allowed === undefined ? {} : { allowed }),
          ...(disabledFeatures && disabledFeatures.length > 0 ? { disabledFeatures } : {}),
          ...(dailyTokens === undefined ? {} : { dailyTokens }),
          ...(monthlyTokens === undefined ? {} : { monthlyTokens }),
        };
      } catch (error) {
        throw storeUnavailable('read access policy', error);
      }
    },
    async put({ kind, id }, policy, updatedBy) {
      try {
        await policies
          .build(PutItemCommand)
          .item({ scope: kind, scopeId: id, ...policy, updatedBy, updatedAt: now().toISOString() })
          .send();
      } catch (error) {
        throw storeUnavailable('save access policy', error);
      }
    },
    async claimWarning({ kind, id }, periodKey, level, expiresAt) {
      try {
        await warnings
          .build(PutItemCommand)
          .item({
            scope: `${kind}#${id}`,
            period: periodKey,
            level,
            expiresAt: Math.floor(expiresAt.getTime() / 1000),
          })
          .options({ condition: { attr: 'scope', exists: false } })
          .send();
        return true;
      } catch (error) {
        if (isConditionCheckFailed(error)) return false;
        throw storeUnavailable('claim budget warning', error);
      }
    },
  };
}
