import { once } from 'node:events';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalServer, startLocalDynamo } from '../../src/local/dynamo-server.js';
import { ensureTable } from '../../src/store/ensure-table.js';
import { REGION } from './local-dynamo-fixture.js';

/**
 * dynalite has no UpdateTimeToLive. This stand-in answers the two TTL operations the way DynamoDB does
 * (including rejecting a second enable) and forwards everything else to dynalite.
 */
function startTtlAwareDynamo(target: string) {
  const ttl = new Map<string, { AttributeName: string; TimeToLiveStatus: 'ENABLED' }>();
  const updates: unknown[] = [];
  const server = createServer(async (req, res) => {
    const body = await readBody(req);
    const operation = String(req.headers['x-amz-target']).split('.')[1];
    const reply = (status: number, payload: unknown) => {
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0' });
      res.end(JSON.stringify(payload));
    };
    if (operation === 'DescribeTimeToLive') {
      const { TableName } = JSON.parse(body) as { TableName: string };
      return reply(200, { TimeToLiveDescription: ttl.get(TableName) ?? { TimeToLiveStatus: 'DISABLED' } });
    }
    if (operation === 'UpdateTimeToLive') {
      const input = JSON.parse(body) as {
        TableName: string;
        TimeToLiveSpecification: { AttributeName: string; Enabled: boolean };
      };
      updates.push(input);
      if (ttl.has(input.TableName)) {
        return reply(400, {
          __type: 'com.amazon.coral.validate#ValidationException',
          message: 'TimeToLive is already enabled',
        });
      }
      ttl.set(input.TableName, {
        AttributeName: input.TimeToLiveSpecification.AttributeName,
        TimeToLiveStatus: 'ENABLED',
      });
      return reply(200, { TimeToLiveSpecification: input.TimeToLiveSpecification });
    }
    const forwarded = await fetch(`${target}/`, {
      method: 'POST',
      headers: Object.fromEntries(
        Object.entries(req.headers).filter(
          (entry): entry is [string, string] => typeof entry[1] === 'string' && entry[0] !== 'host',
        ),
      ),
      body,
    });
    res.writeHead(forwarded.status, { 'content-type': 'application/x-amz-json-1.0' });
    res.end(await forwarded.text());
  });
  return { server, updates };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

let dynalite: LocalServer;
let proxy: ReturnType<typeof startTtlAwareDynamo>;
let client: DynamoDBClient;

beforeAll(async () => {
  dynalite = await startLocalDynamo();
  proxy = startTtlAwareDynamo(dynalite.endpoint);
  proxy.server.listen(0, '127.0.0.1');
  await once(proxy.server, 'listening');
  process.env.AWS_ENDPOINT_URL_DYNAMODB = `http://127.0.0.1:${(proxy.server.address() as AddressInfo).port}`;
  process.env.AWS_REGION = REGION;
  process.env.AWS_ACCESS_KEY_ID = 'test-access-key';
  process.env.AWS_SECRET_ACCESS_KEY = 'test-secret-key';
  client = new DynamoDBClient({ region: REGION });
});

afterAll(async () => {
  client?.destroy();
  if (proxy) await new Promise<void>((resolve) => proxy.server.close(() => resolve()));
  await dynalite?.close();
});

describe('ensureTable on an endpoint with TTL support', () => {
  it('enables TTL on expiresAt once and leaves it enabled on later calls', async () => {
    const first = await ensureTable({ client, tableName: 'strata-ttl' });
    const second = await ensureTable({ client, tableName: 'strata-ttl' });

    expect(first).toEqual({ created: true, ttl: 'enabled' });
    expect(second).toEqual({ created: false, ttl: 'enabled' });
    expect(proxy.updates).toEqual([
      { TableName: 'strata-ttl', TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true } },
    ]);
  });
});
