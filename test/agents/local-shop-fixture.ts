import {
  type LocalAgentRuntime,
  startLocalAgentRuntime,
} from '../../src/local/bedrock-agent/agent-runtime-server.js';
import { LOCAL_SHOP_AGENT, prepareLocalShop } from '../../src/local/bedrock-agent/local-shop.js';
import type { LocalServer } from '../../src/local/dynamo-server.js';
import { createLogger } from '../../src/log.js';
import { REGION, startDynamoForTest } from '../store/local-dynamo-fixture.js';

export const SHOP = LOCAL_SHOP_AGENT;
export const SHOP_NOW = new Date('2026-03-10T12:00:00.000Z');

export interface ShopStandIns {
  dynamo: LocalServer;
  runtime: LocalAgentRuntime;
  close(): Promise<void>;
}

/**
 * dynalite with the seeded orders table, and the local agent runtime serving the ecommerce agent, with
 * the SDK pointed at both through its own AWS_ENDPOINT_URL_* variables.
 */
export async function startShop(
  options: { tableName?: string; now?: () => number } = {},
): Promise<ShopStandIns> {
  const dynamo = await startDynamoForTest();
  const logger = createLogger({ level: 'silent' });
  const agent = await prepareLocalShop({
    region: REGION,
    tableName: options.tableName ?? 'orders',
    logger,
    now: () => SHOP_NOW,
  });
  let ids = 0;
  const runtime = await startLocalAgentRuntime({
    agents: [agent],
    logger,
    ...(options.now ? { now: options.now } : {}),
    newId: () => {
      ids += 1;
      return `00000000-0000-4000-8000-${String(ids).padStart(12, '0')}`;
    },
  });
  process.env.AWS_ENDPOINT_URL_BEDROCK_AGENT_RUNTIME = runtime.endpoint;
  return {
    dynamo,
    runtime,
    async close() {
      await runtime.close();
      await dynamo.close();
    },
  };
}
