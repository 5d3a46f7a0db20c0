import { createHmac } from 'node:crypto';

/** Slack's v0 request signature: `v0=` + hex HMAC-SHA256(secret, "v0:" + timestamp + ":" + body). */
export function signRequest(signingSecret: string, timestamp: number, body: string): string {
  const hmac = createHmac('sha256', signingSecret).update(`v0:${timestamp}:${body}`).digest('hex');
  return `v0=${hmac}`;
}
