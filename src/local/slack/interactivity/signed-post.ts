import { signRequest } from '../../../slack/signature.js';

export interface PostResult {
  /** HTTP status of the app's answer; 0 when there was none (see body: no events url, timeout, failure). */
  status: number;
  body: string;
}

/**
 * One signed POST to the app, as Slack sends slash commands and interactivity: Content-Type exactly
 * `application/x-www-form-urlencoded` (Bolt parses nothing else as a form), 3 s to answer, no retries.
 */
export async function postSigned(input: {
  url: string | undefined;
  form: URLSearchParams;
  signingSecret: string;
  nowMs: number;
  timeoutMs: number;
}): Promise<PostResult> {
  if (input.url === undefined) return { status: 0, body: 'dispatch_failed: no events url' };
  const body = input.form.toString();
  const timestamp = Math.floor(input.nowMs / 1000);
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, input.timeoutMs);
  try {
    const response = await fetch(input.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': signRequest(input.signingSecret, timestamp, body),
      },
      body,
      signal: controller.signal,
    });
    return { status: response.status, body: await response.text() };
  } catch {
    return { status: 0, body: timedOut ? 'operation_timeout' : 'dispatch_failed' };
  } finally {
    clearTimeout(timer);
  }
}
