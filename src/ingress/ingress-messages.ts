import type { StringIndexed } from '@slack/bolt';

/** What the ingress thread sends to Strata's main thread. */
export type FromIngress =
  | { type: 'listening'; port: number }
  /** The HTTP server failed: to start (the port is taken, say), or later. */
  | { type: 'server-error'; message: string }
  | { type: 'stopped' }
  | { type: 'log'; level: 'debug' | 'info' | 'warn' | 'error'; text: string }
  /** Events API deliveries, acked already, handed over a burst at a time. */
  | { type: 'events'; events: VerifiedRequest[] }
  /** A request the main thread acks (commands, interactions, function_executed), by `id`. */
  | ({ type: 'request'; id: number } & VerifiedRequest)
  /** The main thread's ack for request `id` has been sent (or could not be). */
  | { type: 'acked'; id: number };

/** A request whose signature has been verified, as Bolt's receivers hand it to the app. */
export interface VerifiedRequest {
  body: StringIndexed;
  retryNum?: number;
  retryReason?: string;
}

/** What the main thread sends back. */
export type ToIngress =
  | { type: 'ack'; id: number; response?: unknown }
  /** Processing ended (`failed` set if it threw); the ingress thread may answer an un-acked request. */
  | { type: 'done'; id: number; failed?: { message: string; authorization: boolean } }
  | { type: 'stop' };

export interface IngressOptions {
  signingSecret: string;
  port: number;
  host: string;
  /** Strata's log level (pino's names): the thread forwards only what would be written. */
  logLevel: string;
}
