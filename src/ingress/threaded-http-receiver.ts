import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { type App, AuthorizationError, type Receiver, ReceiverMultipleAckError } from '@slack/bolt';
import { type Logger, toBoltLogger } from '../log.js';
import type { FromIngress, IngressOptions, ToIngress, VerifiedRequest } from './ingress-messages.js';

const threadModule = new URL('./ingress-thread.ts', import.meta.url).href;

/** The thread loads Strata's TypeScript through tsx's API, as `npm start` runs it through tsx. */
function bootstrap(): string {
  const require = createRequire(import.meta.url);
  const tsx = pathToFileURL(require.resolve('tsx/package.json'));
  const api = new URL(require('tsx/package.json').exports['./esm/api'].import.default, tsx).href;
  const [apiUrl, moduleUrl] = [api, threadModule].map((url) => JSON.stringify(url));
  return `import(${apiUrl}).then((tsx) => tsx.tsImport(${moduleUrl}, ${moduleUrl}))`;
}

/**
 * Strata's HTTP receiver, run on a thread of its own (src/ingress/ingress-thread.ts) so that accepting,
 * verifying and acking Slack's requests never waits behind the work of the events before them: under a
 * burst, the main thread may be busy for seconds with claims, routing and replies, while Slack expects an
 * ack within 3 seconds. Verified requests reach the Bolt app here, on the main thread: events a burst at
 * a time once acked, commands and interactions one by one, acked through the thread.
 */
export class ThreadedHTTPReceiver implements Receiver {
  private app: App | undefined;
  private worker: Worker | undefined;
  private readonly bolt;

  constructor(
    private readonly signingSecret: string,
    private readonly logger: Logger,
  ) {
    this.bolt = toBoltLogger(logger);
  }

  init(app: App): void {
    this.app = app;
  }

  /** Resolves to the port the ingress thread listens on. */
  start(port: number, host = '0.0.0.0'): Promise<number> {
    const workerData: IngressOptions = {
      signingSecret: this.signingSecret,
      port,
      host,
      logLevel: this.logger.level,
    };
    const worker = new Worker(bootstrap(), { eval: true, workerData });
    this.worker = worker;
    const link = new ThreadLink(worker);
    return new Promise((resolve, reject) => {
      let listening = false;
      worker.on('error', (error) => {
        this.logger.error({ err: error }, 'ingress thread failed');
        reject(error);
      });
      // A thread that ends while Strata still runs would leave Slack unanswered: start another on its port.
      worker.on('exit', (code) => {
        link.ended();
        if (this.worker !== worker || !listening) return;
        this.logger.error({ exit_code: code }, 'ingress thread ended; starting another');
        this.start(port, host).catch((error: unknown) =>
          this.logger.error({ err: error }, 'ingress thread could not be restarted'),
        );
      });
      worker.on('message', (message: FromIngress) => {
        switch (message.type) {
          case 'listening':
            listening = true;
            port = message.port;
            resolve(message.port);
            break;
          case 'server-error':
            if (listening) this.logger.error({ err: message.message }, 'HTTP receiver error');
            else reject(new Error(`Strata's HTTP receiver could not start: ${message.message}`));
            break;
          case 'log':
            this.bolt[message.level](message.text);
            break;
          case 'events':
            for (const event of message.events) void this.process(link, event);
            break;
          case 'request':
            void this.process(link, message, message.id);
            break;
          case 'acked':
            link.acked(message.id);
            break;
        }
      });
    });
  }

  async stop(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (!worker) return;
    const stopped = new Promise<void>((resolve) => {
      worker.on('message', (message: FromIngress) => message.type === 'stopped' && resolve());
      worker.once('exit', () => resolve());
    });
    worker.postMessage({ type: 'stop' } satisfies ToIngress);
    await stopped;
    await worker.terminate();
  }

  /**
   * Hands a request to the app; `id` is set when the app's ack goes back through the ingress thread. As
   * with Bolt's own receivers, ack() returns once the response is sent, so what the listener does next
   * (a views.update after a "Loading…" answer, say) cannot reach Slack before it.
   */
  private async process(link: ThreadLink, request: VerifiedRequest, id?: number): Promise<void> {
    const { body, retryNum, retryReason } = request;
    let acked = false;
    const ack = async (response?: unknown) => {
      if (acked) throw new ReceiverMultipleAckError();
      acked = true;
      if (id !== undefined) await link.ack(id, response);
    };
    try {
      await this.app?.processEvent({ body, retryNum, retryReason, ack });
      if (id !== undefined) link.post({ type: 'done', id });
    } catch (error) {
      if (id === undefined) {
        this.logger.error({ err: error }, 'event processing failed');
        return;
      }
      const message = error instanceof Error ? error.message : String(error);
      link.post({
        type: 'done',
        id,
        failed: { message, authorization: error instanceof AuthorizationError },
      });
    }
  }
}

/** One ingress thread as the main thread talks to it: messages, and acks waiting to be sent. */
class ThreadLink {
  private readonly unsent = new Map<number, () => void>();

  constructor(private readonly worker: Worker) {}

  post(message: ToIngress): void {
    this.worker.postMessage(message);
  }

  /** Resolves once the thread has sent the response (or has ended, when it never will). */
  ack(id: number, response: unknown): Promise<void> {
    const sent = new Promise<void>((resolve) => this.unsent.set(id, resolve));
    this.post({ type: 'ack', id, response });
    return sent;
  }

  acked(id: number): void {
    this.unsent.get(id)?.();
    this.unsent.delete(id);
  }

  ended(): void {
    for (const resolve of this.unsent.values()) resolve();
    this.unsent.clear();
  }
}
