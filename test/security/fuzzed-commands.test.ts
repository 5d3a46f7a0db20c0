import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredMessage } from '../../src/local/slack/workspace-types.js';
import { eventually, startTestStrata, type TestStrata } from '../helpers/local-strata.js';
import { fuzzInputs } from './fuzz-inputs.js';

const PING = /<!(channel|here|everyone)\b/;
/** What a person must never be shown: stack frames, JS artefacts, raw error class names. */
const UNCLEAR =
  /\n\s+at .+:\d+:\d+|\[object Object\]|\bundefined\b|\b(TypeError|RangeError|ReferenceError|SyntaxError)\b|Cannot read prop/;
const USAGE = /usage|e\.g\.|`\/(ask|sql|image|agent|bedrock)\b/i;

/** One slash command (or `/bedrock` subcommand) fuzzed by one person in one channel. */
interface Target {
  name: string;
  command: string;
  /** Prepended to every input: a `/bedrock` subcommand name. */
  prefix: string;
  count: number;
  /** Which part of the hostile inputs, when a command is fuzzed in two lanes. */
  share?: { index: number; of: number };
}

/**
 * Strata paces its posts at about one per second per channel, as Slack asks, so the commands that post
 * run side by side in lanes of their own (a person and a channel each): answers are told apart by lane.
 * Commands whose answers are posts (SQL, agents, /ask in the asker's DM) are bounded by that pacing.
 */
interface Lane {
  user: string;
  channel: string;
  targets: Target[];
}

const subcommands = ['help', 'settings', 'index', 'models', 'finetune', 'usage', 'audit', 'access', 'budget'];
const command = (name: string, count = 40, share?: Target['share']): Target => ({
  name,
  command: name,
  prefix: '',
  count,
  ...(share ? { share } : {}),
});
const sub = (name: string): Target => ({
  name: `/bedrock ${name}`,
  command: '/bedrock',
  prefix: `${name} `,
  count: 16,
});
const half = (index: number) => ({ index, of: 2 });
const lanes: Lane[] = [
  { user: 'U0ALICE', channel: 'C0GENERAL', targets: [command('/sql', 16, half(0))] },
  { user: 'U0ALICE', channel: 'D0ALICE', targets: [command('/sql', 16, half(1))] },
  { user: 'U0ADMIN', channel: 'G0LEADERS', targets: [command('/agent', 16, half(0))] },
  { user: 'U0ADMIN', channel: 'D0ADMIN', targets: [command('/agent', 16, half(1))] },
  { user: 'U0BOB', channel: 'C0GENERAL', targets: [command('/ask', 24), command('/image')] },
  // An admin, so admin subcommands parse their arguments instead of refusing.
  {
    user: 'U0ADMIN',
    channel: 'C0GENERAL',
    targets: [command('/bedrock'), ...subcommands.slice(0, 4).map(sub)],
  },
  { user: 'U0ADMIN', channel: 'C0RANDOM', targets: subcommands.slice(4).map(sub) },
];
const MENTIONS = 20;

let local: TestStrata;
const posted: StoredMessage[] = [];
const crashes: unknown[] = [];
const onCrash = (error: unknown) => crashes.push(error);
const answered = new Map<string, number>();

beforeAll(async () => {
  process.on('unhandledRejection', onCrash);
  process.on('uncaughtException', onCrash);
  // Answers wait on Slack's per-channel pacing; enough workers that one lane's waiting never starves another.
  local = await startTestStrata({ STRATA_WORK_CONCURRENCY: '128' });
  local.slack.workspace.onChange((change) => {
    if (change.type === 'message_added') posted.push(change.stored);
  });
  // A channel of its own for the mentions' streamed replies.
  await local.strata.app.client.conversations.join({ channel: 'C0RANDOM' });
});
afterAll(async () => {
  process.off('unhandledRejection', onCrash);
  process.off('uncaughtException', onCrash);
  await local?.close();
});

const fromStrata = (s: StoredMessage) => s.message.bot_id !== undefined || s.message.user === 'U0STRATA';
/**
 * An answer in the lane: to this person only, or a new top-level post naming them (a SQL question or an
 * agent session); replies to earlier inputs are in threads.
 */
const answersIn = (lane: Lane) => (s: StoredMessage) =>
  fromStrata(s) &&
  s.channel === lane.channel &&
  (s.ephemeralUser === lane.user ||
    (s.ephemeralUser === undefined &&
      (s.message.thread_ts ?? s.message.ts) === s.message.ts &&
      s.message.text.includes(`<@${lane.user}>`)));
const shown = (s: StoredMessage) => {
  const now = local.slack.workspace.message(s.channel, s.message.ts) ?? s;
  return `${now.message.text} ${JSON.stringify(now.message.blocks ?? [])}`;
};
const topView = (user: string) => local.slack.openViews(user).at(-1)?.id;

/** Runs one slash command; resolves to what the person was shown in answer (ephemeral, post or modal). */
async function run(lane: Lane, target: Target, input: string): Promise<string[]> {
  const mark = posted.length;
  const view = topView(lane.user);
  const answer = await local.slack.runCommand({
    user: lane.user,
    channel: lane.channel,
    command: target.command,
    text: `${target.prefix}${input}`,
  });
  expect(answer.status, `ack of ${target.name} ${JSON.stringify(input)}`).toBe(200);
  return eventually(
    async () => {
      const seen = posted.slice(mark).filter(answersIn(lane));
      if (seen.length > 0) return seen.map(shown);
      return topView(lane.user) !== view ? ['(a modal opened)'] : undefined;
    },
    { timeoutMs: 15_000 },
  ).catch((error: unknown) => {
    throw new Error(
      `no answer to ${target.name} ${JSON.stringify(input)} from ${lane.user}: ${String(error)}`,
    );
  });
}

async function fuzzLane(lane: Lane, laneIndex: number): Promise<void> {
  for (const [index, target] of lane.targets.entries()) {
    for (const input of fuzzInputs(0x5eed + laneIndex * 16 + index, target.count, target.share)) {
      const replies = await run(lane, target, input);
      for (const reply of replies) {
        expect(reply.trim(), `${target.name} ${JSON.stringify(input)}`).not.toBe('');
        expect(reply, `${target.name} ${JSON.stringify(input)}`).not.toMatch(UNCLEAR);
      }
      if (input.trim() === '' && target.prefix === '') expect(replies.join('\n')).toMatch(USAGE);
      answered.set(target.name, (answered.get(target.name) ?? 0) + 1);
    }
  }
}

async function fuzzMentions(): Promise<void> {
  const lane: Lane = { user: 'U0BOB', channel: 'C0RANDOM', targets: [] };
  for (const input of fuzzInputs(0xf1a9, MENTIONS)) {
    const mark = posted.length;
    const { ts } = await local.slack.postAsUser({ ...lane, text: `<@U0STRATA> ${input}` });
    const reply = await eventually(
      async () =>
        posted
          .slice(mark)
          .find(
            (s) =>
              fromStrata(s) &&
              s.channel === lane.channel &&
              (s.ephemeralUser === lane.user || s.message.thread_ts === ts),
          ),
      { timeoutMs: 15_000 },
    );
    if (reply.ephemeralUser === undefined) expect(reply.message.thread_ts).toBe(ts);
    answered.set('mention', (answered.get('mention') ?? 0) + 1);
  }
}

const settled = (s: StoredMessage) => !shown(s).startsWith('_Thinking…_') && !shown(s).includes('▍');

describe('fuzzed slash commands and mentions', () => {
  it('cover every slash command in the manifest and every /bedrock subcommand', async () => {
    const manifest = JSON.parse(readFileSync('manifest.json', 'utf8')) as {
      features: { slash_commands: Array<{ command: string }> };
    };
    const fuzzed = lanes.flatMap((lane) => lane.targets.map((t) => t.command));
    expect([...new Set(fuzzed)].sort()).toEqual(
      manifest.features.slash_commands.map((c) => c.command).sort(),
    );

    const mark = posted.length;
    await local.slack.runCommand({
      user: 'U0ADMIN',
      channel: 'C0GENERAL',
      command: '/bedrock',
      text: 'help',
    });
    const help = await eventually(async () => posted.slice(mark).find(fromStrata)?.message.text);
    const listed = [...help.matchAll(/`\/bedrock (\w+)/g)].map((m) => m[1]);
    expect(listed.length).toBeGreaterThan(0);
    expect(subcommands).toEqual(expect.arrayContaining(listed));
  });

  it('ack every input with 200 and answer it clearly (usage for empty input), all lanes at once', async () => {
    await Promise.all([...lanes.map(fuzzLane), fuzzMentions()]);
    const expected: Record<string, number> = { mention: MENTIONS };
    for (const t of lanes.flatMap((lane) => lane.targets))
      expected[t.name] = (expected[t.name] ?? 0) + t.count;
    expect(Object.fromEntries(answered)).toEqual(expected);
    // The queued work the inputs started (SQL, agents, answers, images) finishes too, every message final.
    await local.strata.queue.onIdle();
    await eventually(async () => posted.filter(fromStrata).every(settled), { timeoutMs: 30_000 });
    const unclear = posted.filter(fromStrata).filter((s) => UNCLEAR.test(shown(s)));
    expect(unclear.map(shown)).toEqual([]);
    const total = [...answered.values()].reduce((a, b) => a + b, 0);
    console.error(`fuzzed ${total} inputs: ${JSON.stringify(Object.fromEntries(answered))}`);
  }, 120_000);

  it('does not ping @channel, @here or @everyone when the model writes one', async () => {
    local.bedrock.script({ chunks: ['Heads up <!channel> and <!here|here>, also <!everyone> and @here.'] });
    const { ts } = await local.slack.postAsUser({
      user: 'U0BOB',
      channel: 'C0RANDOM',
      text: '<@U0STRATA> announce',
    });
    const reply = await eventually(async () => {
      const bot = (await local.thread('C0RANDOM', ts)).find((m) => m.bot_id !== undefined);
      return bot?.text.includes('also') && !bot.text.endsWith('▍') ? bot.text : undefined;
    });
    expect(reply).toContain('Heads up');
    expect(reply).not.toMatch(PING);
  });

  it('never posts a ping anywhere, no listener failed, nothing unhandled', () => {
    const everything = local.slack.workspace.channels.flatMap((c) => local.slack.workspace.messages(c.id));
    expect(everything.filter(fromStrata).length).toBeGreaterThan(400);
    const pinging = everything.filter(fromStrata).filter((s) => PING.test(shown(s)));
    expect(pinging.map(shown)).toEqual([]);
    expect(local.logs.filter((line) => line.includes('unhandled error in a Slack listener'))).toEqual([]);
    expect(crashes).toEqual([]);
  });

  it('keeps serving: a plain mention still gets its answer', async () => {
    local.bedrock.script({ chunks: ['Still here and answering.'] });
    const { ts } = await local.slack.postAsUser({
      user: 'U0BOB',
      channel: 'C0GENERAL',
      text: '<@U0STRATA> up?',
    });
    const reply = await eventually(async () =>
      (await local.thread('C0GENERAL', ts)).find((m) => m.text === 'Still here and answering.'),
    );
    expect(reply.bot_id).toBeDefined();
  });
});
