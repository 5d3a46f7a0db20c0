import { DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';

/** Returns stored for an order in the local shop's orders table (what the agent's Lambda writes). */
export async function storedReturns(orderId: string) {
  const dynamo = new DynamoDBClient({});
  try {
    const { Items = [] } = await dynamo.send(
      new QueryCommand({
        TableName: 'strata-orders',
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sk)',
        ExpressionAttributeValues: { ':pk': { S: `ORDER#${orderId}` }, ':sk': { S: 'RETURN#' } },
        ConsistentRead: true,
      }),
    );
    return Items;
  } finally {
    dynamo.destroy();
  }
}
