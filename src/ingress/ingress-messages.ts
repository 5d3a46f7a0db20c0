import type { StringIndexed } from '@slack/bolt';

/** What the ingress thread sends to Strata's main thread. */
export type FromIngress =
  | { type: 'listening'; port: number }
  | { type: 'start-failed'; message: string }
  | { type: 'stopped' }
  | { type: 'log'; level: 'debug' | 'info' | 'warn' | 'error'; text: string }
  /** A verified request. `id` is set when the main thread must ack it (commands, interactions). */
  | { type: 'request'; id?: number; body: StringIndexed; retryNum?: number; retryReason?: string };

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
