import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** An AWS JSON-protocol error: `__type` becomes the SDK exception's name. */
export class AwsJsonError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

export type AwsJsonOperation = (input: Record<string, unknown>) => unknown;

export interface AwsJsonServer {
  endpoint: string;
  /** Every request in order: operation name and parsed body. */
  calls: Array<{ operation: string; input: Record<string, unknown> }>;
  close(): Promise<void>;
}

/**
 * A loopback server speaking the AWS JSON protocol (awsJson1_0 / 1_1) as the SDK sends it:
 * POST / with `x-amz-target: <Service>.<Operation>` and a JSON body. Tests give it the operations they need.
 */
export async function startAwsJsonServer(
  operations: Record<string, AwsJsonOperation>,
): Promise<AwsJsonServer> {
  const calls: AwsJsonServer['calls'] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      const operation = target.slice(target.indexOf('.') + 1);
      const contentType = String(req.headers['content-type'] ?? 'application/x-amz-json-1.0');
      const reply = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': contentType, 'x-amzn-requestid': `req-${calls.length}` });
        res.end(JSON.stringify(body));
      };
      let input: Record<string, unknown>;
      try {
        input = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
      } catch {
        reply(400, { __type: 'SerializationException', message: 'bad JSON' });
        return;
      }
      calls.push({ operation, input });
      const run = operations[operation];
      if (run === undefined) {
        reply(400, { __type: 'UnknownOperationException', message: `no ${operation} here` });
        return;
      }
      try {
        reply(200, run(input));
      } catch (error) {
        if (error instanceof AwsJsonError)
          reply(error.status, { __type: error.type, message: error.message });
        else reply(500, { __type: 'InternalFailure', message: String(error) });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
