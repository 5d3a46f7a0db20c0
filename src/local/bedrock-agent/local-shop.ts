import { ecommerceAgent, ORDERS_LAMBDA } from '../../agents/ecommerce/ecommerce-agent.js';
import { createOrdersHandler } from '../../agents/ecommerce/orders-handler.js';
import { demoShop } from '../../agents/ecommerce/orders-seed.js';
import { createDynamoOrdersStore, createOrdersTable } from '../../agents/ecommerce/orders-store.js';
import type { Config } from '../../config.js';
import type { Logger } from '../../log.js';
import { ensureTable } from '../../store/ensure-table.js';
import { createDocumentClient, createDynamoClient } from '../../store/table.js';
import type { LocalAgent } from './agent-orchestrator.js';

/** The ecommerce agent as local mode serves it: `/agent` uses it unless an agent is configured. */
export const LOCAL_SHOP_AGENT = { agentId: 'LOCALSHOP1', aliasId: 'TSTALIASID' } as const;

/**
 * Creates the orders table (dynalite), adds the demo customers and orders that are missing, and returns
 * the agent with the OrderManagement Lambda handler wired to that table: the code AWS Lambda would run.
 */
export async function prepareLocalShop(options: {
  region: string;
  tableName: string;
  logger: Logger;
  now?: () => Date;
}): Promise<LocalAgent> {
  const { region, tableName, logger } = options;
  await ensureTable({ client: createDynamoClient({ region }), tableName });
  const store = createDynamoOrdersStore({
    table: createOrdersTable({ documentClient: createDocumentClient({ region }), tableName }),
  });
  const now = options.now ?? (() => new Date());
  const { written } = await store.seed(demoShop(now()));
  logger.debug({ table: tableName, written }, 'local shop ready');
  return {
    agentId: LOCAL_SHOP_AGENT.agentId,
    definition: ecommerceAgent,
    lambdas: {
      [ORDERS_LAMBDA]: createOrdersHandler({
        store,
        now,
        logger: logger.child({ component: 'orders-lambda' }),
      }),
    },
  };
}

/** Local mode's default agent is the local shop, unless STRATA_AGENT_ID names another. */
export function withLocalShopAgent(config: Config): Config {
  if (config.agents.defaultAgent) return config;
  return { ...config, agents: { ...config.agents, defaultAgent: LOCAL_SHOP_AGENT } };
}
