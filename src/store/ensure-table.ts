import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
  ResourceInUseException,
  ResourceNotFoundException,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { storeUnavailable } from './store-error.js';
import { PARTITION_KEY, SORT_KEY, TTL_ATTRIBUTE } from './table.js';

export interface EnsureTableResult {
  created: boolean;
  /** 'unsupported' when the endpoint has no UpdateTimeToLive (dynalite). */
  ttl: 'enabled' | 'unsupported';
}

/**
 * Creates the Strata table if missing and turns on TTL. For local mode and tests;
 * in AWS the CDK stack owns the table. Safe to call on every start.
 */
export async function ensureTable(options: {
  client: DynamoDBClient;
  tableName: string;
  maxWaitSeconds?: number;
}): Promise<EnsureTableResult> {
  const { client, tableName } = options;
  try {
    const created = await createIfMissing(client, tableName);
    await waitUntilTableExists(
      { client, maxWaitTime: options.maxWaitSeconds ?? 60, minDelay: 1, maxDelay: 2 },
      { TableName: tableName },
    );
    const ttl = await enableTtl(client, tableName);
    return { created, ttl };
  } catch (error) {
    throw storeUnavailable(`ensure table ${tableName}`, error);
  }
}

async function createIfMissing(client: DynamoDBClient, tableName: string): Promise<boolean> {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return false;
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: PARTITION_KEY, AttributeType: 'S' },
          { AttributeName: SORT_KEY, AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: PARTITION_KEY, KeyType: 'HASH' },
          { AttributeName: SORT_KEY, KeyType: 'RANGE' },
        ],
      }),
    );
    return true;
  } catch (error) {
    // Another process created it between our describe and create.
    if (error instanceof ResourceInUseException) return false;
    throw error;
  }
}

async function enableTtl(client: DynamoDBClient, tableName: string): Promise<EnsureTableResult['ttl']> {
  const { TimeToLiveDescription: current } = await client.send(
    new DescribeTimeToLiveCommand({ TableName: tableName }),
  );
  const status = current?.TimeToLiveStatus;
  if ((status === 'ENABLED' || status === 'ENABLING') && current?.AttributeName === TTL_ATTRIBUTE) {
    return 'enabled';
  }
  try {
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
      }),
    );
    return 'enabled';
  } catch (error) {
    if (isUnsupported(error)) return 'unsupported';
    throw error;
  }
}

function isUnsupported(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return error.name === 'UnknownOperationException' || error.name === 'ValidationException';
}
