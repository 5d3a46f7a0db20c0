import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, GetItemCommand, ListTablesCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type LocalServer, startLocalDynamo } from '../../src/local/dynamo-server.js';
import { ensureTable } from '../../src/store/ensure-table.js';

const REGION = 'us-east-1';
let dir: string;
const running: LocalServer[] = [];
const clients: DynamoDBClient[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'strata-dynamo-'));
  process.env.AWS_REGION = REGION;
  process.env.AWS_ACCESS_KEY_ID = 'any-key';
  process.env.AWS_SECRET_ACCESS_KEY = 'any-secret';
});

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  for (const server of running.splice(0)) await server.close();
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** A fresh server and a client pointed at it through the SDK's own endpoint variable. */
async function start(options: { dir?: string }): Promise<{ server: LocalServer; client: DynamoDBClient }> {
  const server = await startLocalDynamo(options);
  running.push(server);
  process.env.AWS_ENDPOINT_URL_DYNAMODB = server.endpoint;
  const client = new DynamoDBClient({ region: REGION });
  clients.push(client);
  return { server, client };
}

async function stop(server: LocalServer, client: DynamoDBClient): Promise<void> {
  client.destroy();
  await server.close();
  running.splice(running.indexOf(server), 1);
}

const KEY = { pk: { S: 'EVENT#Ev1' }, sk: { S: 'RECEIPT' } };

describe('local DynamoDB server', () => {
  it('listens on 127.0.0.1 on a free port by default', async () => {
    const { server } = await start({});

    expect(server.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.endpoint).not.toMatch(/:0$/);
  });

  it('keeps tables and items across a restart when given a data dir', async () => {
    const first = await start({ dir: join(dir, 'nested', 'persisted') });
    await ensureTable({ client: first.client, tableName: 'strata' });
    await first.client.send(
      new PutItemCommand({ TableName: 'strata', Item: { ...KEY, note: { S: 'kept' } } }),
    );
    await stop(first.server, first.client);

    const second = await start({ dir: join(dir, 'nested', 'persisted') });
    const { Item } = await second.client.send(new GetItemCommand({ TableName: 'strata', Key: KEY }));

    expect(Item).toEqual({ ...KEY, note: { S: 'kept' } });
  });

  it('starts empty every time when no data dir is given', async () => {
    const first = await start({});
    await ensureTable({ client: first.client, tableName: 'strata' });
    await stop(first.server, first.client);

    const second = await start({});
    const { TableNames } = await second.client.send(new ListTablesCommand({}));

    expect(TableNames).toEqual([]);
  });
});
