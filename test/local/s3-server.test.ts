import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LocalServer } from '../../src/local/dynamo-server.js';
import { startLocalS3 } from '../../src/local/s3-server.js';
import { ensureBucket } from '../../src/store/blob-store.js';

const REGION = 'us-east-1';
const BUCKET = 'strata-local-s3';
let dir: string;
const running: LocalServer[] = [];
const clients: S3Client[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'strata-s3-'));
  process.env.AWS_REGION = REGION;
});

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  for (const server of running.splice(0)) await server.close();
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** A fresh server and a path-style client pointed at it through the SDK's own endpoint variable. */
async function start(
  dataDir: string,
  accessKeyId = 'any-key',
): Promise<{ server: LocalServer; client: S3Client }> {
  const server = await startLocalS3({ dir: dataDir });
  running.push(server);
  process.env.AWS_ENDPOINT_URL_S3 = server.endpoint;
  process.env.AWS_ACCESS_KEY_ID = accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = `${accessKeyId}-secret`;
  const client = new S3Client({ region: REGION, forcePathStyle: true });
  clients.push(client);
  return { server, client };
}

async function readText(client: S3Client, key: string): Promise<string | undefined> {
  const { Body } = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  return Body?.transformToString('utf8');
}

describe('local S3 server', () => {
  it('listens on 127.0.0.1 on a free port by default', async () => {
    const { server } = await start(join(dir, 'port'));

    expect(server.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.endpoint).not.toMatch(/:0$/);
  });

  it('accepts requests signed with whatever access key the SDK resolved', async () => {
    const { client } = await start(join(dir, 'keys'), 'AKIAEXAMPLELOCALKEY');
    await ensureBucket({ bucket: BUCKET, region: REGION, forcePathStyle: true, client });

    await client.send(
      new PutObjectCommand({ Bucket: BUCKET, Key: 'hello.txt', Body: 'hi', ContentType: 'text/plain' }),
    );

    expect(await readText(client, 'hello.txt')).toBe('hi');
  });

  it('keeps buckets and objects in its data dir across a restart', async () => {
    const first = await start(join(dir, 'nested', 'persisted'));
    await ensureBucket({ bucket: BUCKET, region: REGION, forcePathStyle: true, client: first.client });
    await first.client.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: 'images/a.png',
        Body: new Uint8Array([1, 2, 3]),
        ContentType: 'image/png',
      }),
    );
    first.client.destroy();
    await first.server.close();
    running.splice(running.indexOf(first.server), 1);

    const second = await start(join(dir, 'nested', 'persisted'));
    const got = await second.client.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'images/a.png' }));

    expect(got.ContentType).toBe('image/png');
    expect(await got.Body?.transformToByteArray()).toEqual(new Uint8Array([1, 2, 3]));
  });
});
