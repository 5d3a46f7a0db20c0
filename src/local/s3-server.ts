import { mkdir } from 'node:fs/promises';
import S3rver from 's3rver';
import type { LocalServer } from './dynamo-server.js';

/**
 * S3 wire protocol via s3rver; buckets and objects are files under `dir`.
 * Clients must use `forcePathStyle: true`.
 */
export async function startLocalS3(options: {
  dir: string;
  port?: number;
  host?: string;
}): Promise<LocalServer> {
  const host = options.host ?? '127.0.0.1';
  await mkdir(options.dir, { recursive: true });
  const server = new S3rver({
    address: host,
    port: options.port ?? 0,
    directory: options.dir,
    silent: true,
    vhostBuckets: false,
  });
  server.middleware.unshift(acceptAnyAccessKey);
  const { port } = await server.run();

  return { endpoint: `http://${host}:${port}`, close: () => server.close() };
}

const S3RVER_ACCESS_KEY = 'S3RVER';

/**
 * s3rver knows only the access key "S3RVER" and does not verify V4 signatures, so map whatever
 * key the SDK resolved to it: local mode then works with any credentials, as dynalite does.
 */
async function acceptAnyAccessKey(
  ctx: { headers: Record<string, string | string[] | undefined> },
  next: () => Promise<void>,
): Promise<void> {
  const authorization = ctx.headers.authorization;
  if (typeof authorization === 'string') {
    ctx.headers.authorization = authorization.replace(
      /Credential=[^/]+\//,
      `Credential=${S3RVER_ACCESS_KEY}/`,
    );
  }
  await next();
}
