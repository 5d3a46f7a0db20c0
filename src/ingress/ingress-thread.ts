/**
 * The HTTP side of the long-running server, on a thread of its own: Bolt's HTTPReceiver accepts, verifies
 * and parses every request, acks Events API deliveries at once, and hands every verified request to the
 * main thread, where the Bolt app runs. Commands and interactions are acked from the main thread, since
 * their ack may carry a response.
 */
import type { Server } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';
import {
  type App,
  AuthorizationError,
  HTTPReceiver,
  type Logger,
  LogLevel,
  type ReceiverEvent,
} from '@slack/bolt';
import type { FromIngress, IngressOptions, ToIngress } from './ingress-messages.js';

const port = parentPort;
if (!port) throw new Error('ingress-thread.ts runs as a worker thread');
const options = workerData as IngressOptions;
const send = (message: FromIngress) => port.postMessage(message);

const LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];
const threshold = LEVELS.indexOf(options.logLevel);
const log = (level: 'debug' | 'info' | 'warn' | 'error') =>
  LEVELS.indexOf(level) >= threshold
    ? (...args: unknown[]) => send({ type: 'log', level, text: args.map(String).join(' ') })
    : () => {};
const logger: Logger = {
  debug: log('debug'),
  info: log('info'),
  warn: log('warn'),
  error: log('error'),
  setLevel: () => {},
  getLevel: () => LogLevel.INFO,
  setName: () => {},
};

/** Requests waiting for the main thread's ack or its end of processing, by id. */
const pending = new Map<number, { ack: ReceiverEvent['ack']; settle: (failure?: Error) => void }>();
let nextId = 1;

/** Events API deliveries expect no response body; only function_executed is acked by its listener. */
function ackedHere(body: ReceiverEvent['body']): boolean {
  return body.type === 'event_callback' && body.event?.type !== 'function_executed';
}

function forward(event: ReceiverEvent): Promise<void> {
  const { body, retryNum, retryReason } = event;
  if (ackedHere(body)) {
    event.ack().catch((error: unknown) => logger.warn(`ack failed: ${String(error)}`));
    send({ type: 'request', body, retryNum, retryReason });
    return Promise.resolve();
  }
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, {
      ack: event.ack,
      settle: (failure) => (failure ? reject(failure) : resolve()),
    });
    send({ type: 'request', id, body, retryNum, retryReason });
  });
}

const receiver = new HTTPReceiver({
  signingSecret: options.signingSecret,
  endpoints: '/slack/events',
  logger,
});
// HTTPReceiver only calls the app's processEvent.
receiver.init({ processEvent: forward } as unknown as App);

port.on('message', async (message: ToIngress) => {
  switch (message.type) {
    case 'ack':
      await pending
        .get(message.id)
        ?.ack(message.response)
        .catch((error: unknown) => logger.warn(`ack failed: ${String(error)}`));
      break;
    case 'done': {
      const request = pending.get(message.id);
      pending.delete(message.id);
      const { failed } = message;
      if (!failed) request?.settle();
      else
        request?.settle(
          failed.authorization
            ? new AuthorizationError(failed.message, new Error(failed.message))
            : new Error(failed.message),
        );
      break;
    }
    case 'stop':
      await receiver.stop().catch(() => {});
      send({ type: 'stopped' });
      port.close();
      break;
  }
});

try {
  const server = (await receiver.start({ port: options.port, host: options.host })) as Server;
  const address = server.address();
  send({
    type: 'listening',
    port: typeof address === 'object' && address !== null ? address.port : options.port,
  });
} catch (error) {
  send({ type: 'start-failed', message: error instanceof Error ? error.message : String(error) });
}
