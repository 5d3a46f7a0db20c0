import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';

/**
 * How a faulty DynamoDB answers: `throttle` (400 ProvisionedThroughputExceededException), `server-error`
 * (500 InternalServerError), `connection-reset` (the socket closes before the request is applied), or
 * `lost-response` (the request is applied, then the socket closes before the answer is sent).
 */
export type DynamoFault = 'throttle' | 'server-error' | 'connection-reset' | 'lost-response';

export interface DynamoFaultRule {
  /** The operation, as in `X-Amz-Target` after the dot: `PutItem`, `GetItem`, `Query`, … */
  operation: string;
  /** Only requests whose JSON body contains this text, e.g. a key prefix like `EVENT#`. */
  matching?: string;
  fault: DynamoFault;
  /** How many matching requests fail before the rule retires itself; default: until `clear()`. */
  times?: number;
}

export interface DynamoFaults {
  inject(rule: DynamoFaultRule): void;
  clear(): void;
  /** Every request answered with a fault so far: operation and fault, oldest first. */
  readonly injected: ReadonlyArray<{ operation: string; fault: DynamoFault }>;
}

const errorBodies = {
  throttle: {
    status: 400,
    type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException',
    message: 'The level of configured provisioned throughput for the table was exceeded.',
  },
  'server-error': {
    status: 500,
    type: 'com.amazonaws.dynamodb.v20120810#InternalServerError',
    message: 'Internal server error',
  },
} as const;

/**
 * Wraps the local DynamoDB's request listener so tests can make chosen operations fail. With no rules
 * every request goes straight through.
 */
export function withFaults(listener: RequestListener): { listener: RequestListener; faults: DynamoFaults } {
  const rules: Array<DynamoFaultRule & { left: number }> = [];
  const injected: Array<{ operation: string; fault: DynamoFault }> = [];

  const faultFor = (operation: string, body: string): DynamoFault | undefined => {
    const rule = rules.find(
      (r) =>
        r.operation === operation && r.left > 0 && (r.matching === undefined || body.includes(r.matching)),
    );
    if (rule === undefined) return undefined;
    rule.left -= 1;
    injected.push({ operation, fault: rule.fault });
    return rule.fault;
  };

  const faulty: RequestListener = (req, res) => {
    if (rules.length === 0) {
      listener(req, res);
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const operation = String(req.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
      const fault = faultFor(operation, body.toString('utf8'));
      if (fault === 'connection-reset') {
        req.socket.destroy();
        return;
      }
      if (fault === 'throttle' || fault === 'server-error') {
        const { status, type, message } = errorBodies[fault];
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0' });
        res.end(JSON.stringify({ __type: type, message }));
        return;
      }
      if (fault === 'lost-response') res.end = dropAnswer(req, res);
      listener(replay(req, body), res);
    });
  };

  return {
    listener: faulty,
    faults: {
      inject: (rule) => rules.push({ ...rule, left: rule.times ?? Number.POSITIVE_INFINITY }),
      clear: () => {
        rules.length = 0;
      },
      injected,
    },
  };
}

/** The request again, body already read: what the wrapped listener reads instead of the spent stream. */
function replay(req: IncomingMessage, body: Buffer): IncomingMessage {
  return Object.assign(Readable.from(body.length > 0 ? [body] : []), {
    headers: req.headers,
    method: req.method,
    url: req.url,
    socket: req.socket,
  }) as unknown as IncomingMessage;
}

/** An `end` that closes the connection instead of answering: the write happened, the caller never hears. */
function dropAnswer(req: IncomingMessage, res: ServerResponse): ServerResponse['end'] {
  return (() => {
    req.socket.destroy();
    return res;
  }) as ServerResponse['end'];
}
