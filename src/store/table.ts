import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Table } from 'dynamodb-toolbox';

/** Name of the TTL attribute (epoch seconds). The table's TTL setting points at it. */
export const TTL_ATTRIBUTE = 'expiresAt';

export const PARTITION_KEY = 'pk';
export const SORT_KEY = 'sk';

/** The endpoint comes from the SDK's own AWS_ENDPOINT_URL_DYNAMODB; nothing here reads it. */
export function createDynamoClient(options: { region: string }): DynamoDBClient {
  return new DynamoDBClient({ region: options.region });
}

export function createDocumentClient(options: { region: string }): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(createDynamoClient(options), {
    marshallOptions: { removeUndefinedValues: true },
  });
}

export function createStrataTable(options: { documentClient: DynamoDBDocumentClient; tableName: string }) {
  return new Table({
    documentClient: options.documentClient,
    name: options.tableName,
    partitionKey: { name: PARTITION_KEY, type: 'string' },
    sortKey: { name: SORT_KEY, type: 'string' },
  });
}

export type StrataTable = ReturnType<typeof createStrataTable>;
