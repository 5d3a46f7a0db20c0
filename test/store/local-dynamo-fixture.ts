import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type LocalServer, startLocalDynamo } from '../../src/local/dynamo-server.js';
import { ensureTable } from '../../src/store/ensure-table.js';
import { createDocumentClient, createStrataTable, type StrataTable } from '../../src/store/table.js';

export const REGION = 'us-east-1';

/** Starts an in-memory dynalite and points the SDK at it the way Strata does: through the SDK's own env vars. */
export async function startDynamoForTest(): Promise<LocalServer> {
  const server = await startLocalDynamo();
  process.env.AWS_ENDPOINT_URL_DYNAMODB = server.endpoint;
  process.env.AWS_REGION = REGION;
  process.env.AWS_ACCESS_KEY_ID = 'test-access-key';
  process.env.AWS_SECRET_ACCESS_KEY = 'test-secret-key';
  return server;
}

export async function createTestTable(
  tableName: string,
): Promise<{ table: StrataTable; raw: DynamoDBClient }> {
  const raw = new DynamoDBClient({ region: REGION });
  await ensureTable({ client: raw, tableName });
  return {
    table: createStrataTable({ documentClient: createDocumentClient({ region: REGION }), tableName }),
    raw,
  };
}
