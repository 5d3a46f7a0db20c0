/**
 * How fresh can N concurrent streamed replies be under Slack's rate limits?
 *
 * With N streams sharing B chat.update calls a minute, no bot can refresh one message more often than
 * B/N times a minute, so staleness is reported beside that bound (60·N/B seconds). The model is the
 * local Bedrock endpoint driven by a token stream at a realistic rate; Slack is the emulator with its
 * rate limits on. Writes bench/results/streaming.json.
 *
 *   npm run bench:streaming -- --levels 1,5,20,50 --tokens-per-second 60 --mode update
 */
import { performance } from 'node:perf_hooks';
import { Writable } from 'node:stream';
import { loadConfig } from '../../src/config.js';
import type { EngineRequest } from '../../src/local/bedrock/reply-engine.js';
import { startLocal } from '../../src/local/start-local.js';
import { createLogger } from '../../src/log.js';
import { arg, machine, percentile, writeResult } from '../bench-kit.js';
import { generateAnswer } from './answers.js';

const UPDATES_PER_MINUTE = 50; // chat.update, Tier 3, per workspace
const levels = arg('levels', '1,5,20,50').split(',').map(Number);
const tokensPerSecond = Number(arg('tokens-per-second', '60'));
const mode = arg('mode', 'update') as 'update' | 'native';
const CHARS_PER_TOKEN = 4;
const CONVERSATIONS = ['C0GENERAL', 'G0LEADERS', 'D0ALICE', 'D0BOB', 'D0ADMIN'];
const ASKER: Record<string, string> = { D0BOB: 'U0BOB', D0ADMIN: 'U0ADMIN' };

interface Emission {
  at: number;
  /** Non-whitespace characters the model had produced by then. */
  count: number;
}

const nonSpace = (text: string) => text.replace(/\s+/g, '');
const visible = (text: string) => nonSpace(text.replace(/▍/g, '').replace(/_Thinking…_/g, ''));

async function runLevel(streams: number) {
  const emissions = new Map<string, Emission[]>();
  const answers = new Map<string, string>();
  const engine = async function* (request: EngineRequest): AsyncGenerator<string> {
    const id = /bench stream (\d+)/.exec(request.messages.at(-1)?.text ?? '')?.[1] ?? '?';
    const answer = answers.get(id) ?? '';
    const chunkChars = 4 * CHARS_PER_TOKEN;
    const interval = (1000 * chunkChars) / (tokensPerSecond * CHARS_PER_TOKEN);
    const log: Emission[] = [];
    emissions.set(id, log);
    let produced = '';
    for (let i = 0; i < answer.length; i += chunkChars) {
      await new Promise((resolve) => setTimeout(resolve, interval));
      const chunk = answer.slice(i, i + chunkChars);
      produced += chunk;
      log.push({ at: performance.now(), count: nonSpace(produced).length });
      yield chunk;
    }
  };

  const config = loadConfig({
    PORT: '0',
    LOG_LEVEL: 'silent',
    STRATA_STREAMING: mode,
    STRATA_WORK_CONCURRENCY: '256',
  });
  const quiet = createLogger({ level: 'silent' }, new Writable({ write: (_c, _e, done) => done() }));
  const local = await startLocal(config, quiet, { persist: false, engine, slackRateLimits: true });

  const threadOf = new Map<string, string>(); // thread ts → stream id
  const shown = new Map<string, Map<string, string>>(); // stream id → message ts → visible text
  const seen = new Map<string, Emission[]>(); // stream id → visible progress over time
  const stop = local.slack.workspace.onChange((change) => {
    if (change.type !== 'message_added' && change.type !== 'message_changed') return;
    const { message } = change.stored;
    const id = message.thread_ts ? threadOf.get(message.thread_ts) : undefined;
    if (id === undefined || message.bot_id === undefined) return;
    const perMessage = shown.get(id) ?? new Map<string, string>();
    shown.set(id, perMessage);
    perMessage.set(message.ts, visible(message.text ?? ''));
    const total = [...perMessage.values()].reduce((n, text) => n + text.length, 0);
    const log = seen.get(id) ?? [];
    seen.set(id, log);
    if (total !== log.at(-1)?.count) log.push({ at: performance.now(), count: total });
  });

  const started = performance.now();
  await Promise.all(
    Array.from({ length: streams }, async (_, i) => {
      const id = String(i);
      answers.set(id, generateAnswer(i, 2000 + ((i * 1543) % 6001)));
      const channel = CONVERSATIONS[i % CONVERSATIONS.length] ?? 'C0GENERAL';
      const user = ASKER[channel] ?? 'U0ALICE';
      const mention = channel.startsWith('D') ? '' : '<@U0STRATA> ';
      const { ts } = await local.slack.postAsUser({
        user,
        channel,
        text: `${mention}bench stream ${i}: explain`,
      });
      threadOf.set(ts, id);
    }),
  );
  const deadline = started + 15 * 60_000;
  while (performance.now() < deadline) {
    const done = [...answers.keys()].every(
      (id) => (seen.get(id)?.at(-1)?.count ?? -1) >= nonSpace(answers.get(id) ?? '').length,
    );
    if (done) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await local.strata.queue.onIdle();
  stop();

  const firstVisible: number[] = [];
  const staleness: number[] = [];
  let lost = 0;
  let exact = true;
  for (const [id, answer] of answers) {
    const model = emissions.get(id) ?? [];
    const slack = seen.get(id) ?? [];
    const firstChunk = model[0];
    const firstShown = slack.find((s) => s.count > 0);
    if (firstChunk && firstShown) firstVisible.push(firstShown.at - firstChunk.at);
    for (const emission of model) {
      const caughtUp = slack.find((s) => s.count >= emission.count);
      if (caughtUp) staleness.push(Math.max(0, caughtUp.at - emission.at));
    }
    const finalCount = slack.at(-1)?.count ?? 0;
    lost += Math.max(0, nonSpace(answer).length - finalCount);
    const messagesInOrder = [...(shown.get(id) ?? new Map<string, string>()).entries()].sort(([a], [b]) =>
      a.localeCompare(b),
    );
    if (messagesInOrder.map(([, text]) => text).join('') !== nonSpace(answer)) exact = false;
  }
  const edits = local.slack.calls.filter(
    (c) => c.method === 'chat.update' || c.method === 'chat.appendStream',
  ).length;
  const messages = [...shown.values()].reduce((n, m) => n + m.size, 0);
  const rateLimited = Object.values(local.slack.rateLimited).reduce((a, b) => a + b, 0);
  const boundSeconds = (60 * streams) / UPDATES_PER_MINUTE;
  const result = {
    streams,
    wall_seconds: (performance.now() - started) / 1000,
    first_visible_ms: { p50: percentile(firstVisible, 50), p95: percentile(firstVisible, 95) },
    staleness_ms: { p50: percentile(staleness, 50), p95: percentile(staleness, 95) },
    bound_seconds: boundSeconds,
    staleness_p95_to_bound: percentile(staleness, 95) / 1000 / boundSeconds,
    edits_per_message: messages === 0 ? 0 : edits / messages,
    rate_limited_429s: rateLimited,
    rate_limited_by_method: { ...local.slack.rateLimited },
    characters_lost: lost,
    final_text_exact: exact,
  };
  await local.close();
  return result;
}

async function main() {
  const results = [];
  for (const streams of levels) {
    const result = await runLevel(streams);
    results.push(result);
    process.stdout.write(`${JSON.stringify(result)}\n`);
  }
  await writeResult('streaming', {
    machine: machine(),
    inputs: {
      levels,
      tokens_per_second: tokensPerSecond,
      mode,
      chars_per_stream: '2000-8000',
      updates_per_minute: UPDATES_PER_MINUTE,
    },
    results,
  });
}

await main();
