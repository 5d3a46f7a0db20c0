/**
 * The HTTP side of the long-running server, on a thread of its own. Events API deliveries are read with
 * Bolt's body limit, verified (src/slack/signature.ts), parsed and acked here, then handed to the main
 * thread, where the Bolt app runs, a burst at a time. Every other request goes through Bolt's
 * HTTPReceiver: commands and interactions are acked from the main thread, since their ack may carry a
 * response.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';
import {
  type App,
  AuthorizationError,
  HTTPReceiver,
  HTTPModuleFunctions as http,
  type Logger,
  LogLevel,
  type ReceiverEvent,
} from '@slack/bolt';
import { pino } from 'pino';
import { hasValidSlackSignature } from '../slack/signature.js';
import { BurstHold } from './burst-hold.js';
import type { FromIngress, IngressOptions, ToIngress, VerifiedRequest } from './ingress-messages.js';

const EVENTS_PATH = '/slack/events';
const port = parentPort;
if (!port) throw new Error('ingress-thread.ts runs as a worker thread');
const options = workerData as IngressOptions;
const send = (message: FromIngress) => port.postMessage(message);

const { values } = pino.levels;
const log = (level: 'debug' | 'info' | 'warn' | 'error') =>
  (values[level] ?? 0) >= (values[options.logLevel] ?? values.info ?? 0)
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

/** Bolt's receiver, for every request but Events API deliveries: it calls only the app's processEvent. */
const receiver = new HTTPReceiver({ signingSecret: options.signingSecret, endpoints: EVENTS_PATH, logger });
receiver.init({
  processEvent: ({ body, ack, retryNum, retryReason }: ReceiverEvent) =>
    new Promise<void>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { ack, settle: (failure) => (failure ? reject(failure) : resolve()) });
      send({ type: 'request', id, body, retryNum, retryReason });
    }),
} as unknown as App);

/**
 * Acked events wait until their burst has been acked: the main thread's work on them would otherwise
 * compete with this thread for the CPU while Slack is still waiting for acks.
 */
const hold = new BurstHold<VerifiedRequest>({ quietMs: 20, maxHoldMs: 250 }, (events) =>
  send({ type: 'events', events }),
);

/** What is acked here: JSON Events API deliveries whose size is known and within Bolt's body limit. */
function isEventDelivery(req: IncomingMessage): boolean {
  const length = Number(req.headers['content-length']);
  return (
    req.method === 'POST' &&
    req.url === EVENTS_PATH &&
    req.headers['content-type']?.split(';')[0]?.trim().toLowerCase() === 'application/json' &&
    length > 0 &&
    length <= http.defaultBodyLimit
  );
}

/** Events expect an empty 200; only function_executed is acked by its listener, on the main thread. */
const ackedHere = (body: VerifiedRequest['body']) =>
  body.type === 'event_callback' && body.event?.type !== 'function_executed';

/**
 * Verifies and acks an event; anything else, or anything that fails (a bad signature included), Bolt's
 * receiver answers, verifying it again: its refusals, status codes and log lines stay Bolt's.
 */
async function ackEvent(req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    const { rawBody } = await http.bufferIncomingMessage(req, http.defaultBodyLimit);
    const text = rawBody.toString();
    const body = hasValidSlackSignature(options.signingSecret, req.headers, text) && JSON.parse(text);
    if (body && ackedHere(body)) {
      http.buildNoBodyResponse(res, 200);
      hold.add({
        body,
        retryNum: http.extractRetryNumFromHTTPRequest(req),
        retryReason: http.extractRetryReasonFromHTTPRequest(req),
      });
      return;
    }
  } catch {
    // Bolt's receiver gives the refusal and its log line.
  }
  boltAnswers(req, res);
}

function boltAnswers(req: IncomingMessage, res: ServerResponse): void {
  try {
    receiver.requestListener(req, res);
  } catch (error) {
    http.defaultDispatchErrorHandler({ error: error as Error, logger, request: req, response: res });
  }
}

const server = createServer((req, res) => {
  if (isEventDelivery(req)) void ackEvent(req, res);
  else boltAnswers(req, res);
});

port.on('message', async (message: ToIngress) => {
  switch (message.type) {
    case 'ack':
      await pending
        .get(message.id)
        ?.ack(message.response)
        .catch((error: unknown) => logger.warn(`ack failed: ${String(error)}`));
      send({ type: 'acked', id: message.id });
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
      await new Promise((resolve) => server.close(resolve));
      // What was acked before the thread stopped is still processed.
      hold.release();
      send({ type: 'stopped' });
      port.close();
      break;
  }
});

server.on('error', (error) => send({ type: 'server-error', message: error.message }));
server.listen(options.port, options.host, () => {
  const address = server.address();
  send({
    type: 'listening',
    port: typeof address === 'object' && address !== null ? address.port : options.port,
  });
});
