import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestStrata, type TestStrata } from '../helpers/local-strata.js';

const GENERAL = 'C0GENERAL';

let local: TestStrata;

beforeAll(async () => {
  local = await startTestStrata({ STRATA_ADMIN_USERS: 'U0ADMIN' });
});
afterAll(async () => {
  await local?.close();
});

type Emf = Record<string, unknown> & {
  _aws?: { CloudWatchMetrics: Array<{ Metrics: Array<{ Name: string }> }> };
};

/** The EMF lines CloudWatch would read for agent answers. */
const agentMetrics = () =>
  local.logs
    .map((line) => JSON.parse(line) as Emf)
    .filter((line) => line._aws !== undefined && line.feature === 'agent');

const metricNames = (line: Emf) => line._aws?.CloudWatchMetrics[0]?.Metrics.map((m) => m.Name) ?? [];

async function settledThread(ts: string, pattern: RegExp) {
  return eventually(async () => {
    const page = await local.strata.app.client.conversations.replies({ channel: GENERAL, ts });
    const messages = page.messages ?? [];
    const done = messages.some((m) => m.bot_id !== undefined && pattern.test(m.text ?? ''));
    const last = JSON.stringify(messages.at(-1)?.blocks ?? []);
    return done && last.includes('strata_agent_') ? messages : undefined;
  });
}

describe('agent answers are metered like every model call', () => {
  it('records an answer for the asker in the channel, and a throttled one as throttled', async () => {
    const result = await local.slack.runCommand({
      user: 'U0ALICE',
      channel: GENERAL,
      command: '/agent',
      text: 'where is order 1046?',
    });
    expect(result.status).toBe(200);
    const ts = await eventually(async () => {
      const history = await local.strata.app.client.conversations.history({ channel: GENERAL });
      return history.messages?.find((m) => m.text?.includes('asked the agent'))?.ts;
    });
    await settledThread(ts, /Order 1046 was delivered/);

    const usage = await eventually(async () => agentMetrics().find((line) => 'InputTokens' in line));
    expect(usage).toMatchObject({
      user: 'U0ALICE',
      channel: GENERAL,
      model: expect.stringMatching(/^agent\//),
    });
    expect(agentMetrics().filter((line) => metricNames(line).includes('Invocations'))).toHaveLength(1);
    expect(agentMetrics().some((line) => metricNames(line).includes('Throttles'))).toBe(false);

    // The SDK retries throttling itself (3 attempts); only a persistent throttle fails the answer.
    for (let i = 0; i < 3; i += 1) {
      local.agentRuntime.script({
        httpError: { status: 429, type: 'ThrottlingException', message: 'Rate exceeded' },
      });
    }
    await local.slack.postAsUser({
      user: 'U0ALICE',
      channel: GENERAL,
      thread_ts: ts,
      text: 'and order 1047?',
    });
    await settledThread(ts, /throttled/);
    const throttled = await eventually(async () =>
      agentMetrics().find((line) => metricNames(line).includes('Throttles')),
    );
    expect(throttled).toMatchObject({ Throttles: 1, model: usage.model });
    expect(agentMetrics().filter((line) => metricNames(line).includes('Invocations'))).toHaveLength(2);
  });

  it('refuses agent requests privately in a channel where an admin switched agents off', async () => {
    const ephemeralsOf = (user: string) => local.slack.ephemerals(user, GENERAL).map((m) => m.text ?? '');
    const before = ephemeralsOf('U0ADMIN').length;
    await local.slack.runCommand({
      user: 'U0ADMIN',
      channel: GENERAL,
      command: '/bedrock',
      text: 'access feature agent off',
    });
    await eventually(async () => ephemeralsOf('U0ADMIN').length > before || undefined);
    const invocationsBefore = agentMetrics().length;
    const seen = ephemeralsOf('U0BOB').length;

    await local.slack.runCommand({
      user: 'U0BOB',
      channel: GENERAL,
      command: '/agent',
      text: 'where is order 1042?',
    });
    const refusal = await eventually(async () =>
      ephemeralsOf('U0BOB')
        .slice(seen)
        .find((t) => t.includes('`agent`')),
    );
    expect(refusal).toContain('off');
    await local.strata.queue.onIdle();
    expect(agentMetrics().length).toBe(invocationsBefore);
    const history = await local.strata.app.client.conversations.history({ channel: GENERAL });
    expect(history.messages?.some((m) => m.text?.includes('1042'))).toBe(false);

    await local.slack.runCommand({
      user: 'U0ADMIN',
      channel: GENERAL,
      command: '/bedrock',
      text: 'access feature agent on',
    });
  });
});
