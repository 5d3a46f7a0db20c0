import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestStrata, type TestStrata } from '../helpers/local-strata.js';

const ADMIN = 'U0ADMIN';
const GENERAL = 'C0GENERAL';

let local: TestStrata;

beforeAll(async () => {
  local = await startTestStrata();
});
afterAll(async () => {
  await local?.close();
});

const isFinal = (text: string) => text !== '_Thinking…_' && !text.endsWith('▍');

async function chat(user: string, text: string, usage: { inputTokens: number; outputTokens: number }) {
  local.bedrock.script({ chunks: [`Answer to ${text}.`], usage });
  const { ts } = await local.slack.postAsUser({ user, channel: GENERAL, text: `<@U0STRATA> ${text}` });
  await eventually(async () => {
    const replies = (await local.thread(GENERAL, ts)).filter((m) => m.bot_id !== undefined);
    return replies.length === 1 && replies.every((m) => isFinal(m.text));
  });
}

async function command(user: string, channel: string, text: string) {
  const before = local.slack.ephemerals(user, channel).length;
  await local.slack.runCommand({ user, channel, command: '/bedrock', text });
  return eventually(async () => local.slack.ephemerals(user, channel).slice(before).at(-1));
}

describe('usage metrics', () => {
  it('after three chats, reports the right token sums by user, with a PNG chart in the thread of the report', async () => {
    await chat('U0ALICE', 'first question', { inputTokens: 100, outputTokens: 20 });
    await chat('U0BOB', 'second question', { inputTokens: 150, outputTokens: 30 });
    await chat('U0ALICE', 'third question', { inputTokens: 200, outputTokens: 50 });
    await local.strata.queue.onIdle();

    const answer = await command(ADMIN, GENERAL, 'usage 24h by user');
    expect(answer.text).toMatch(/Usage report sent to your DM with Strata/);

    const report = await eventually(async () => {
      const { messages = [] } = await local.strata.app.client.conversations.history({
        channel: 'D0ADMIN',
        limit: 10,
      });
      return messages.find((m) => (m.text ?? '').includes('Usage — last 24h, by user'));
    });
    expect(report.text).toContain('3 calls, 450 tokens in, 100 tokens out');
    const table = JSON.stringify(report.blocks);
    expect(table).toMatch(/alice \(U0ALICE\) +2 +300 +70/);
    expect(table).toMatch(/bob \(U0BOB\) +1 +150 +30/);
    expect(table).toMatch(/total +3 +450 +100 +\$0\.\d{4}/);
    expect(table).toMatch(/total +\d+ms +\d+ms +0 +0/);

    const chart = await eventually(async () => {
      const { messages = [] } = await local.strata.app.client.conversations.replies({
        channel: 'D0ADMIN',
        ts: report.ts ?? '',
      });
      return messages.flatMap((m) => m.files ?? []).find((f) => f.name === 'strata-usage-24h-by-user.png');
    });
    const png = local.slack.fileContent(chart.id ?? '');
    expect(png?.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png?.readUInt32BE(16)).toBeGreaterThan(1000); // width in pixels, from the IHDR chunk
    expect(png?.readUInt32BE(20)).toBeGreaterThan(600);
  });

  it('writes one CloudWatch EMF line per metric family for every model call', async () => {
    const emf = local.logs
      .map(
        (line) =>
          JSON.parse(line) as Record<string, unknown> & {
            _aws?: {
              CloudWatchMetrics: Array<{
                Namespace: string;
                Dimensions: string[][];
                Metrics: Array<{ Name: string }>;
              }>;
            };
          },
      )
      .filter((line) => line._aws !== undefined);
    const names = emf.map((line) => line._aws?.CloudWatchMetrics[0]?.Metrics.map((m) => m.Name).join(','));
    expect(names.filter((n) => n === 'InputTokens,OutputTokens')).toHaveLength(3);
    expect(names.filter((n) => n === 'Latency')).toHaveLength(3);
    expect(names.filter((n) => n === 'Invocations')).toHaveLength(3);
    const usage = emf.filter((line) => 'InputTokens' in line);
    expect(usage.map((line) => line.InputTokens)).toEqual([100, 150, 200]);
    expect(usage[0]).toMatchObject({
      _aws: { CloudWatchMetrics: [{ Namespace: 'Strata', Dimensions: [['model', 'feature']] }] },
      model: 'us.anthropic.claude-3-5-haiku-20241022-v1:0',
      feature: 'chat',
      user: 'U0ALICE',
      channel: GENERAL,
    });
  });

  it('explains a bad period or grouping with the usage line', async () => {
    const answer = await command(ADMIN, GENERAL, 'usage 90d');
    expect(answer.text).toBe(
      '`90d` is not a period (24h, 7d, 30d) or a grouping (by user|channel|model).\nUsage: `/bedrock usage [24h|7d|30d] [by user|channel|model]`',
    );
    const grouping = await command(ADMIN, GENERAL, 'usage by team');
    expect(grouping.text).toContain('`by` needs `user`, `channel` or `model`, not `team`.');
  });
});

describe('the model catalog', () => {
  it('lists models a page at a time for anyone, and pages with the buttons', async () => {
    const first = await command('U0BOB', GENERAL, 'models');
    expect(first.text).toMatch(/^Bedrock models: \d+ found \(page 1 of \d\)$/);
    const blocks = JSON.stringify(first.blocks);
    expect(blocks).toContain(
      '*Nova Lite* · Amazon\\n`amazon.nova-lite-v1:0`\\ntext, image, video → text · streaming',
    );
    expect(blocks).toContain('customizable: fine tuning, distillation · on demand, inference profile');

    await local.slack.clickButton({
      user: 'U0BOB',
      channel: GENERAL,
      messageTs: first.ts,
      actionId: 'models_page_next',
    });
    const second = await eventually(async () =>
      local.slack.ephemerals('U0BOB', GENERAL).find((m) => m.ts === first.ts && m.text.includes('page 2 of')),
    );
    expect(JSON.stringify(second.blocks)).toContain('models_page_previous');
    expect(JSON.stringify(second.blocks)).toContain('*Titan Text G1 - Express* · Amazon');
  });

  it('filters by provider and modality, and explains an unknown filter', async () => {
    const meta = await command('U0BOB', GENERAL, 'models meta text');
    expect(meta.text).toMatch(/^Bedrock models \(Meta, text output\): 4 found/);
    const images = await command('U0BOB', GENERAL, 'models image');
    expect(JSON.stringify(images.blocks)).toContain('Nova Canvas');
    expect(JSON.stringify(images.blocks)).not.toContain('Nova Lite');
    const unknown = await command('U0BOB', GENERAL, 'models acme');
    expect(unknown.text).toMatch(
      /^`acme` is not a provider or modality\. Providers: AI21 Labs, Amazon, Anthropic/,
    );
  });
});
