import type { Logger } from '../../../log.js';
import { signRequest } from '../../../slack/signature.js';

export interface Delivery {
  event_id: string;
  /** HTTP status of the answer; 0 when there was none (connection failed or timed out). */
  status: number;
  body: string;
}

export interface DeliverOptions {
  retryNum?: number;
  retryReason?: string;
  /** Sign with another secret (to forge a request). */
  signingSecret?: string;
  /** X-Slack-Request-Timestamp in seconds (default: the clock). */
  timestamp?: number;
}

export interface EventSenderOptions {
  signingSecret: string;
  eventsUrl: () => string | undefined;
  now: () => number;
  logger: Logger;
  retryDelaysMs: number[];
  timeoutMs: number;
}

type FailureReason = 'http_timeout' | 'http_error' | 'connection_failed';

interface Attempt {
  delivery: Delivery;
  failure?: FailureReason;
  noRetry: boolean;
}

const maxRetries = 3;

function eventIdOf(envelope: object): string {
  const id = (envelope as { event_id?: unknown }).event_id;
  return typeof id === 'string' ? id : '';
}

/**
 * Posts signed Events API requests like Slack: JSON body, v0 signature, a 3 s answer window,
 * and up to three retries (X-Slack-Retry-Num / X-Slack-Retry-Reason) with the same event_id.
 */
export class EventSender {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<AbortController>();
  private readonly background = new Set<Promise<unknown>>();
  private closed = false;

  constructor(private readonly options: EventSenderOptions) {}

  /** One attempt, no retries (tests use it for forged signatures and manual retries). */
  async deliver(envelope: object, options: DeliverOptions = {}): Promise<Delivery> {
    return (await this.attempt(envelope, options)).delivery;
  }

  /** First attempt awaited; failed deliveries are retried in the background. */
  async send(envelope: object): Promise<Delivery | undefined> {
    if (this.closed || this.options.eventsUrl() === undefined) return undefined;
    const first = await this.attempt(envelope, {});
    if (first.failure) this.scheduleRetry(envelope, 1, first.failure);
    return first.delivery;
  }

  /** Fire-and-forget sending (events caused by the bot itself), tracked so close() can end it. */
  sendInBackground(envelope: object): void {
    const task = this.send(envelope).catch((error: unknown) =>
      this.options.logger.error({ err: error }, 'slack emulator: event delivery failed'),
    );
    this.background.add(task);
    void task.finally(() => this.background.delete(task));
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const controller of this.inFlight) controller.abort();
    await Promise.allSettled([...this.background]);
  }

  private scheduleRetry(envelope: object, retryNum: number, reason: FailureReason): void {
    const delay = this.options.retryDelaysMs[retryNum - 1];
    if (this.closed || retryNum > maxRetries || delay === undefined) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      const task = this.attempt(envelope, { retryNum, retryReason: reason }).then((result) => {
        if (result.failure && !result.noRetry) this.scheduleRetry(envelope, retryNum + 1, result.failure);
      });
      this.background.add(task);
      void task.finally(() => this.background.delete(task));
    }, delay);
    this.timers.add(timer);
  }

  private async attempt(envelope: object, options: DeliverOptions): Promise<Attempt> {
    const eventId = eventIdOf(envelope);
    const url = this.options.eventsUrl();
    if (url === undefined || this.closed) {
      return { delivery: { event_id: eventId, status: 0, body: 'no events url' }, noRetry: true };
    }
    const body = JSON.stringify(envelope);
    const timestamp = options.timestamp ?? Math.floor(this.options.now() / 1000);
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': signRequest(options.signingSecret ?? this.options.signingSecret, timestamp, body),
    };
    if (options.retryNum !== undefined) headers['x-slack-retry-num'] = String(options.retryNum);
    if (options.retryReason !== undefined) headers['x-slack-retry-reason'] = options.retryReason;

    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.options.timeoutMs);
    this.inFlight.add(controller);
    try {
      const response = await fetch(url, { method: 'POST', headers, body, signal: controller.signal });
      const text = await response.text();
      const ok = response.status >= 200 && response.status < 300;
      this.options.logger.debug(
        { event_id: eventId, status: response.status, retry_num: options.retryNum },
        'slack emulator: event delivered',
      );
      return {
        delivery: { event_id: eventId, status: response.status, body: text },
        ...(ok ? {} : { failure: 'http_error' as const }),
        noRetry: response.headers.get('x-slack-no-retry') === '1',
      };
    } catch (error) {
      const reason: FailureReason = timedOut ? 'http_timeout' : 'connection_failed';
      this.options.logger.warn({ event_id: eventId, reason, err: error }, 'slack emulator: delivery failed');
      return { delivery: { event_id: eventId, status: 0, body: reason }, failure: reason, noRetry: false };
    } finally {
      clearTimeout(timer);
      this.inFlight.delete(controller);
    }
  }
}
