import { DeleteItemCommand, GetItemCommand, PutItemCommand } from 'dynamodb-toolbox';
import type { AgentRef } from '../bedrock/agent-runtime.js';
import { storeUnavailable } from '../store/store-error.js';
import type { StrataTable } from '../store/table.js';
import { createChannelAgentEntity } from './agent-entities.js';

export interface ChannelAgent extends AgentRef {
  /** Mentions in the channel go to the agent instead of chat. */
  mentions: boolean;
  updatedBy: string;
  updatedAt: number;
}

/** Which Bedrock agent (id + alias) serves a channel; chosen by an admin with `/agent use`. */
export interface ChannelAgentStore {
  get(channel: string): Promise<ChannelAgent | undefined>;
  put(channel: string, agent: ChannelAgent): Promise<void>;
  /** Back to the default agent. */
  clear(channel: string): Promise<void>;
}

export function createDynamoChannelAgentStore(options: { table: StrataTable }): ChannelAgentStore {
  const entity = createChannelAgentEntity(options.table);
  return {
    async get(channel) {
      try {
        const { Item } = await entity.build(GetItemCommand).key({ channel }).send();
        if (Item === undefined) return undefined;
        const { agentId, aliasId, mentions, updatedBy, updatedAt } = Item;
        return { agentId, aliasId, mentions: mentions === 'on', updatedBy, updatedAt };
      } catch (error) {
        throw storeUnavailable('read channel agent', error);
      }
    },
    async put(channel, agent) {
      try {
        await entity
          .build(PutItemCommand)
          .item({ channel, ...agent, mentions: agent.mentions ? 'on' : 'off' })
          .send();
      } catch (error) {
        throw storeUnavailable('save channel agent', error);
      }
    },
    async clear(channel) {
      try {
        await entity.build(DeleteItemCommand).key({ channel }).send();
      } catch (error) {
        throw storeUnavailable('clear channel agent', error);
      }
    },
  };
}
