import http, { type IncomingHttpHeaders } from 'node:http';
import http2 from 'node:http2';
import net from 'node:net';

/** The parts of a request both `http` and `http2` compat requests offer. */
export interface DualRequest extends AsyncIterable<Buffer | string> {
  readonly method?: string | undefined;
  readonly url?: string | undefined;
  readonly headers: IncomingHttpHeaders;
  readonly httpVersion: string;
}

/** The parts of a response both `http` and `http2` compat responses offer. */
export interface DualResponse {
  writeHead(status: number, headers: Record<string, string>): unknown;
  write(chunk: Uint8Array): boolean;
  end(): unknown;
  end(chunk: string): unknown;
  on(event: 'close', listener: () => void): unknown;
  readonly writableEnded: boolean;
  readonly headersSent: boolean;
}

export type DualHandler = (request: DualRequest, response: DualResponse) => void;

export interface DualServer {
  port: number;
  close(): Promise<void>;
}

const h2Preface = 'PRI';

/**
 * One TCP port for HTTP/1.1 and cleartext HTTP/2 with prior knowledge (what the Bedrock runtime SDK
 * uses for http:// endpoints): the first bytes decide which server gets the socket.
 */
export async function listenDual(handler: DualHandler, port: number, host: string): Promise<DualServer> {
  const h1 = http.createServer((req, res) => handler(req, res));
  const h2 = http2.createServer((req, res) => handler(req, res));
  const sockets = new Set<net.Socket>();

  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    let head = Buffer.alloc(0);
    const onReadable = () => {
      for (let chunk: Buffer | null = socket.read(); chunk !== null; chunk = socket.read()) {
        head = Buffer.concat([head, chunk]);
      }
      const start = head.subarray(0, h2Preface.length).toString('latin1');
      if (head.length < h2Preface.length && h2Preface.startsWith(start)) return;
      socket.off('readable', onReadable);
      socket.unshift(head);
      (start === h2Preface ? h2 : h1).emit('connection', socket);
    };
    socket.on('readable', onReadable);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('local Bedrock has no TCP address');

  return {
    port: address.port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}
