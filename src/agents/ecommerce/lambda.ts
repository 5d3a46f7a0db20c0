import type { Context } from 'aws-lambda';
import { loadConfig } from '../../config.js';
import { createLogger } from '../../log.js';
import { createDocumentClient } from '../../store/table.js';
import type { FunctionHandler, FunctionResponse } from '../action-group-lambda.js';
import { createOrdersHandler } from './orders-handler.js';
import { createDynamoOrdersStore, createOrdersTable } from './orders-store.js';

/**
 * The deployable OrderManagement action group Lambda (Node.js 20, ESM). The CDK stack bundles this file
 * and sets STRATA_ORDERS_TABLE_NAME and AWS_REGION; clients are built once per cold start.
 */
let cached: FunctionHandler | undefined;

function build(): FunctionHandler {
  const config = loadConfig();
  const logger = createLogger({ level: config.logLevel, name: 'strata-orders-action' });
  const table = createOrdersTable({
    documentClient: createDocumentClient({ region: config.aws.region }),
    tableName: config.agents.ordersTableName,
  });
  return createOrdersHandler({ store: createDynamoOrdersStore({ table }), logger });
}

export async function handler(event: unknown, context: Context): Promise<FunctionResponse> {
  cached ??= build();
  return cached(event, context);
}
