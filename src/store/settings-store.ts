import { Entity, GetItemCommand, item, number, PutItemCommand, string } from 'dynamodb-toolbox';
import { storeUnavailable } from './store-error.js';
import type { StrataTable } from './table.js';

/** Chat settings a person or a channel chose; absent fields fall through to the next level. */
export interface ChatSettings {
  modelId?: string;
  temperature?: number;
  topP?: number;
  topK?: number;
  maxTokens?: number;
  systemPrompt?: string;
}

export type SettingsScope = { kind: 'user' | 'channel'; id: string };

export interface SettingsStore {
  get(scope: SettingsScope): Promise<ChatSettings>;
  /** Replaces the scope's settings; undefined fields are cleared. */
  put(scope: SettingsScope, settings: ChatSettings, updatedBy: string): Promise<void>;
}

function createSettingsEntity(table: StrataTable) {
  const schema = item({
    scope: string().enum('user', 'channel').key(),
    scopeId: string().key(),
    modelId: string().optional(),
    temperature: number().optional(),
    topP: number().optional(),
    topK: number().optional(),
    maxTokens: number().optional(),
    systemPrompt: string().optional(),
    updatedBy: string(),
  }).and((prev) => ({
    pk: string()
      .key()
      .hidden()
      .link<typeof prev>(({ scope, scopeId }) => `SETTINGS#${scope}#${scopeId}`),
    sk: string().key().hidden().const('SETTINGS'),
  }));
  return new Entity({ name: 'ChatSettings', table, schema });
}

export function createDynamoSettingsStore({ table }: { table: StrataTable }): SettingsStore {
  const entity = createSettingsEntity(table);
  return {
    async get({ kind, id }) {
      try {
        const { Item } = await entity.build(GetItemCommand).key({ scope: kind, scopeId: id }).send();
        if (Item === undefined) return {};
        const { modelId, temperature, topP, topK, maxTokens, systemPrompt } = Item;
        return dropUndefined({ modelId, temperature, topP, topK, maxTokens, systemPrompt });
      } catch (error) {
        throw storeUnavailable('read chat settings', error);
      }
    },
    async put({ kind, id }, settings, updatedBy) {
      try {
        await entity
          .build(PutItemCommand)
          .item({ scope: kind, scopeId: id, ...settings, updatedBy })
          .send();
      } catch (error) {
        throw storeUnavailable('save chat settings', error);
      }
    },
  };
}

function dropUndefined(settings: ChatSettings): ChatSettings {
  return Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined)) as ChatSettings;
}
