import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalServer } from '../../src/local/dynamo-server.js';
import { startLocalS3 } from '../../src/local/s3-server.js';
import { createS3BlobStore, ensureBucket } from '../../src/store/blob-store.js';

const REGION = 'us-east-1';
const BUCKET = 'strata-kms-test';
const KMS_KEY = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';

/** s3rver ignores encryption headers, so record what reaches the wire on the way to it. */
function startRecordingProxy(target: URL) {
  const puts: IncomingHttpHeaders[] = [];
  const server = createServer((req, res) => {
    if (req.method === 'PUT') puts.push(req.headers);
    const upstream = request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
      (reply) => {
        res.writeHead(reply.statusCode ?? 502, reply.headers);
        reply.pipe(res);
      },
    );
    req.pipe(upstream);
  });
  return { server, puts };
}

let dir: string;
let s3: LocalServer;
let proxy: { server: Server; puts: IncomingHttpHeaders[] };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'strata-kms-'));
  s3 = await startLocalS3({ dir });
  proxy = startRecordingProxy(new URL(s3.endpoint));
  await new Promise<void>((resolve) => proxy.server.listen(0, '127.0.0.1', resolve));
  process.env.AWS_ENDPOINT_URL_S3 = `http://127.0.0.1:${(proxy.server.address() as AddressInfo).port}`;
  process.env.AWS_REGION = REGION;
  process.env.AWS_ACCESS_KEY_ID = 'test-access-key';
  process.env.AWS_SECRET_ACCESS_KEY = 'test-secret-key';
  await ensureBucket({ bucket: BUCKET, region: REGION, forcePathStyle: true });
});

afterAll(async () => {
  if (proxy) await new Promise<void>((resolve) => proxy.server.close(() => resolve()));
  await s3?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('S3 blob store encryption', () => {
  it('asks S3 for SSE-KMS with the configured key when a KMS key id is given', async () => {
    proxy.puts.length = 0;
    const blobs = createS3BlobStore({
      bucket: BUCKET,
      region: REGION,
      forcePathStyle: true,
      kmsKeyId: KMS_KEY,
    });

    await blobs.put('secret.txt', 'classified', 'text/plain');

    expect(proxy.puts).toHaveLength(1);
    expect(proxy.puts[0]).toMatchObject({
      'x-amz-server-side-encryption': 'aws:kms',
      'x-amz-server-side-encryption-aws-kms-key-id': KMS_KEY,
    });
    expect((await blobs.get('secret.txt'))?.contentType).toBe('text/plain');
  });

  it('sends no encryption headers when no KMS key id is given', async () => {
    proxy.puts.length = 0;
    const blobs = createS3BlobStore({ bucket: BUCKET, region: REGION, forcePathStyle: true });

    await blobs.put('plain.txt', 'public', 'text/plain');

    expect(proxy.puts).toHaveLength(1);
    expect(proxy.puts[0]).not.toHaveProperty('x-amz-server-side-encryption');
    expect(proxy.puts[0]).not.toHaveProperty('x-amz-server-side-encryption-aws-kms-key-id');
  });
});
