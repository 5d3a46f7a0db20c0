import { createHmac } from 'node:crypto';
import { performance } from 'node:perf_hooks';

export interface LoadEvent {
  /** Sequence number; the question and the expected answer carry it. */
  n: number;
  eventId: string;
  channel: string;
  /** The mention's message ts; the reply goes in its thread. */
  ts: string;
  user: string;
}

export const question = (n: number) => `load question ${n}`;
export const answer = (n: number) => `Load reply ${n}.`;

/**
 * One signed app_mention delivery, as Slack sends it (a retry carries X-Slack-Retry-Num); resolves to
 * the HTTP status and the time to Strata's ack.
 */
export async function deliver(
  eventsUrl: string,
  signingSecret: string,
  event: LoadEvent,
  retryNum?: number,
): Promise<{ status: number; ms: number }> {
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
  const signature = `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  const started = performance.now();
  const response = await fetch(eventsUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': signature,
      ...(retryNum === undefined
        ? {}
        : { 'x-slack-retry-num': String(retryNum), 'x-slack-retry-reason': 'http_timeout' }),
    },
    body,
    signal: AbortSignal.timeout(10_000),
  });
  await response.arrayBuffer();
  return { status: response.status, ms: performance.now() - started };
}
