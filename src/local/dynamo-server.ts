import { mkdir } from 'node:fs/promises';
import type { RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import dynalite from 'dynalite';
import { type DynamoFaults, withFaults } from './dynamo-faults.js';

export type { DynamoFault, DynamoFaultRule, DynamoFaults } from './dynamo-faults.js';

export interface LocalServer {
  /** Base URL for the SDK, e.g. as AWS_ENDPOINT_URL_DYNAMODB. */
  endpoint: string;
  close(): Promise<void>;
}

export interface LocalDynamo extends LocalServer {
  /** Makes chosen operations fail (throttling, 500s, dropped connections), for fault tests. */
  faults: DynamoFaults;
}

/** DynamoDB wire protocol via dynalite; LevelDB files under `dir`, or in memory when `dir` is omitted. */
export async function startLocalDynamo(
  options: { dir?: string; port?: number; host?: string } = {},
): Promise<LocalDynamo> {
  const host = options.host ?? '127.0.0.1';
  if (options.dir !== undefined) await mkdir(options.dir, { recursive: true });
  const server = dynalite(options.dir === undefined ? {} : { path: options.dir });
  const [listener] = server.listeners('request') as RequestListener[];
  const { listener: faulty, faults } = withFaults(listener ?? (() => undefined));
  server.removeAllListeners('request');
  server.on('request', faulty);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `http://${host}:${port}`,
    faults,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
