import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { signRequest } from '../../src/slack/signature.js';

export interface LoadEvent {
  /** Sequence number; the question and the expected answer carry it. */
  n: number;
  eventId: string;
  channel: string;
  /** The mention's message ts; the reply goes in its thread. */
  ts: string;
  user: string;
}

/** Where deliveries go, and the secret they are signed with. */
export interface Target {
  eventsUrl: string;
  signingSecret: string;
}

export interface Delivery {
  status: number;
  /** From the request's last byte written to the ack's first byte read. */
  ms: number;
}

export const question = (n: number) => `load question ${n}`;
export const answer = (n: number) => `Load reply ${n}.`;

/** One signed app_mention delivery as Slack sends it (a retry carries X-Slack-Retry-Num). */
function signedDelivery(signingSecret: string, event: LoadEvent, retryNum?: number) {
  const body = JSON.stringify({
    type: 'event_callback',
    team_id: 'T0LOCAL',
    api_app_id: 'A0STRATA',
    event_id: event.eventId,
    event_time: Math.floor(Date.now() / 1000),
    event: {
      type: 'app_mention',
      user: event.user,
      text: `<@U0STRATA> ${question(event.n)}`,
      ts: event.ts,
      channel: event.channel,
    },
  });
  const timestamp = Math.floor(Date.now() / 1000);
  const signature = signRequest(signingSecret, timestamp, body);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(body)),
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': signature,
    ...(retryNum === undefined
      ? {}
      : { 'x-slack-retry-num': String(retryNum), 'x-slack-retry-reason': 'http_timeout' }),
  };
  return { headers, body };
}

/** A delivery on a new connection of its own (node:http, no agent): the connection's setup is timed too. */
export function deliver(target: Target, event: LoadEvent, retryNum?: number): Promise<Delivery> {
  const { eventsUrl, signingSecret } = target;
  const { headers, body } = signedDelivery(signingSecret, event, retryNum);
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const sent = request(
      eventsUrl,
      { method: 'POST', headers, agent: false, timeout: 10_000 },
      (response) => {
        const ms = performance.now() - started;
        response.resume();
        response.on('end', () => resolve({ status: response.statusCode ?? 0, ms }));
      },
    );
    sent.on('timeout', () => sent.destroy(new Error('no ack within 10 s')));
    sent.on('error', reject);
    sent.end(body);
  });
}

/**
 * Connections opened ahead of a burst, as Slack keeps connections to an app open: each delivery is
 * written on its own connection in one piece, so the time measured is the receiver's, not the sender's.
 */
export async function openConnections(eventsUrl: string, count: number): Promise<Socket[]> {
  const { hostname, port } = new URL(eventsUrl);
  return Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<Socket>((resolve, reject) => {
          const socket = connect(Number(port), hostname, () => resolve(socket));
          socket.setNoDelay(true);
          socket.once('error', reject);
        }),
    ),
  );
}

/** A delivery on an open connection; resolves at the ack's status line. */
export function deliverOn(
  socket: Socket,
  target: Target,
  event: LoadEvent,
  retryNum?: number,
): Promise<Delivery> {
  const { eventsUrl, signingSecret } = target;
  const { headers, body } = signedDelivery(signingSecret, event, retryNum);
  const { host, pathname } = new URL(eventsUrl);
  const head = Object.entries({ host, connection: 'keep-alive', ...headers })
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no ack within 10 s')), 10_000);
    const started = performance.now();
    socket.once('data', (chunk) => {
      const ms = performance.now() - started;
      clearTimeout(timer);
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(String(chunk))?.[1] ?? 0), ms });
    });
    socket.write(`POST ${pathname} HTTP/1.1\r\n${head}\r\n${body}`);
  });
}
