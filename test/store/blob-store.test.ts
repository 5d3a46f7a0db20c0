import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StrataError } from '../../src/errors.js';
import type { LocalServer } from '../../src/local/dynamo-server.js';
import { startLocalS3 } from '../../src/local/s3-server.js';
import { createS3BlobStore, ensureBucket } from '../../src/store/blob-store.js';

const REGION = 'us-east-1';
const BUCKET = 'strata-blob-test';

let dir: string;
let server: LocalServer;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'strata-blob-'));
  server = await startLocalS3({ dir });
  process.env.AWS_ENDPOINT_URL_S3 = server.endpoint;
  process.env.AWS_REGION = REGION;
  process.env.AWS_ACCESS_KEY_ID = 'test-access-key';
  process.env.AWS_SECRET_ACCESS_KEY = 'test-secret-key';
  await ensureBucket({ bucket: BUCKET, region: REGION, forcePathStyle: true });
});

afterAll(async () => {
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

function blobs() {
  return createS3BlobStore({ bucket: BUCKET, region: REGION, forcePathStyle: true });
}

describe('ensureBucket', () => {
  it('creates a missing bucket and leaves an existing one alone', async () => {
    const first = await ensureBucket({ bucket: 'strata-new-bucket', region: REGION, forcePathStyle: true });
    await createS3BlobStore({ bucket: 'strata-new-bucket', region: REGION, forcePathStyle: true }).put(
      'kept.txt',
      'still here',
      'text/plain',
    );

    const second = await ensureBucket({ bucket: 'strata-new-bucket', region: REGION, forcePathStyle: true });

    expect(first).toEqual({ created: true });
    expect(second).toEqual({ created: false });
    const kept = await createS3BlobStore({
      bucket: 'strata-new-bucket',
      region: REGION,
      forcePathStyle: true,
    }).get('kept.txt');
    expect(kept && Buffer.from(kept.body).toString('utf8')).toBe('still here');
  });
});

describe('S3 blob store', () => {
  it('round-trips binary bytes and their content type', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff, 0x10, 0x80]);

    await blobs().put('images/C1/1700000000.000100/cat.png', png, 'image/png');
    const stored = await blobs().get('images/C1/1700000000.000100/cat.png');

    expect(stored).toEqual({ body: png, contentType: 'image/png' });
  });

  it('stores a string body as UTF-8', async () => {
    await blobs().put('sql/query.sql', 'SELECT naïve FROM café;', 'application/sql');
    const stored = await blobs().get('sql/query.sql');

    expect(stored?.contentType).toBe('application/sql');
    expect(Buffer.from(stored?.body ?? new Uint8Array()).toString('utf8')).toBe('SELECT naïve FROM café;');
  });

  it('replaces the body when the same key is written again', async () => {
    await blobs().put('jobs/train.jsonl', '{"a":1}\n', 'application/jsonl');
    await blobs().put('jobs/train.jsonl', '{"b":2}\n', 'application/x-ndjson');

    const stored = await blobs().get('jobs/train.jsonl');

    expect(stored?.contentType).toBe('application/x-ndjson');
    expect(Buffer.from(stored?.body ?? new Uint8Array()).toString('utf8')).toBe('{"b":2}\n');
  });

  it('returns undefined for a key that was never written', async () => {
    expect(await blobs().get('images/never-written.png')).toBeUndefined();
  });

  it('fails with a retryable store_unavailable error when the bucket does not exist', async () => {
    const missing = createS3BlobStore({
      bucket: 'strata-no-such-bucket',
      region: REGION,
      forcePathStyle: true,
    });

    const getError = await missing.get('anything.txt').catch((e: unknown) => e);
    const putError = await missing.put('anything.txt', 'x', 'text/plain').catch((e: unknown) => e);

    for (const error of [getError, putError]) {
      expect(error).toBeInstanceOf(StrataError);
      expect(error).toMatchObject({ code: 'store_unavailable', retryable: true });
    }
  });
});
