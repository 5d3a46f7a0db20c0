import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signRequest } from '../../src/slack/signature.js';
import { eventually, startTestStrata, type TestStrata } from '../helpers/local-strata.js';

const CHANNEL = 'C0GENERAL';

/** Sends one signed request when told to ("go" on stdin); prints its status and when the ack arrived. */
const SENDER = `
const [url, headers, body] = JSON.parse(process.argv[1]);
process.stdin.once('data', async () => {
  const response = await fetch(url, { method: 'POST', headers, body });
  await response.arrayBuffer();
  process.stdout.write(JSON.stringify({ status: response.status, ackedAt: Date.now() }));
});
process.stdout.write('ready\\n');
`;

let local: TestStrata;
beforeAll(async () => {
  local = await startTestStrata();
});
afterAll(async () => {
  await local?.close();
});

/** A signed app_mention, as Slack would deliver it, for a message already in the channel. */
function signedMention(ts: string, text: string): [string, Record<string, string>, string] {
  const body = JSON.stringify({
    type: 'event_callback',
    team_id: 'T0LOCAL',
    api_app_id: 'A0STRATA',
    event_id: `EvBUSY${ts.replace('.', '')}`,
    event_time: Math.floor(Date.now() / 1000),
    event: { type: 'app_mention', user: 'U0ALICE', text, ts, channel: CHANNEL },
  });
  const timestamp = Math.floor(Date.now() / 1000);
  const signature = signRequest(local.credentials.signingSecret, timestamp, body);
  const headers = {
    'content-type': 'application/json',
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': signature,
  };
  return [local.eventsUrl, headers, body];
}

async function startSender(request: [string, Record<string, string>, string]) {
  const sender = spawn(process.execPath, ['-e', SENDER, JSON.stringify(request)]);
  const [ready] = (await once(sender.stdout, 'data')) as [Buffer];
  expect(String(ready)).toBe('ready\n');
  return sender;
}

async function output(sender: ChildProcessWithoutNullStreams): Promise<{ status: number; ackedAt: number }> {
  let text = '';
  sender.stdout.on('data', (chunk) => {
    text += String(chunk);
  });
  await once(sender, 'exit');
  return JSON.parse(text);
}

describe('acks while Strata is busy', () => {
  it('acks an event while the main thread is blocked, then answers it once', async () => {
    const text = '<@U0STRATA> what is the capital of France?';
    const ts = local.slack.workspace.nextTs();
    local.slack.workspace.addMessage(CHANNEL, {
      type: 'message',
      ts,
      user: 'U0ALICE',
      text,
      team: 'T0LOCAL',
    });
    const sender = await startSender(signedMention(ts, text));
    const finished = output(sender);

    await new Promise<void>((resolve) => sender.stdin.end('go\n', () => resolve()));
    // Two seconds of synchronous work on the main thread, where the Bolt app, its claims and replies run.
    const busyUntil = Date.now() + 2000;
    while (Date.now() < busyUntil);
    const unblockedAt = Date.now();

    const { status, ackedAt } = await finished;
    expect(status).toBe(200);
    expect(ackedAt).toBeLessThan(unblockedAt);

    const replies = async () =>
      (await local.thread(CHANNEL, ts)).filter((m) => m.bot_id !== undefined && m.ts !== ts);
    await eventually(async () => (await replies()).length > 0);
    await local.strata.queue.onIdle();
    expect(await replies()).toHaveLength(1);
    expect(
      local.bedrock.requests.filter((r) => JSON.stringify(r.body).includes('capital of France')),
    ).toHaveLength(1);
  });
});
