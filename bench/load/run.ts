/**
 * Bursts of signed app_mention events to Strata's HTTP receiver, against the local stand-ins.
 *
 * Measures the ack latency (p50/p99; baseline: the same event sent one at a time on an idle Strata; then
 * --repeats bursts of re-deliveries, for the spread from burst to burst),
 * whether every reply completes with its exact text, duplicates (a share of the events is delivered a
 * second time at once with X-Slack-Retry-Num), the time until every reply is complete, and peak RSS.
 * Acks don't wait for replies; replies are paced by Strata under Slack's per-channel and workspace
 * budgets (chat.update: ~50 a minute per workspace), so the load spreads over many channels. Strata runs
 * alone in one child process, the stand-ins (and the reply accounting) in another, as in AWS, where
 * Slack, DynamoDB and Bedrock are remote; this process only sends. Each size runs once per connection
 * mode (see Connections), on a fresh Strata. Writes bench/results/load.json, where a run replaces the
 * earlier run of the same size and mode and leaves the others.
 *
 *   npm run bench:load -- --sizes 200,1000 --connections open,new --burst 200 --repeats 8 --channels 50 --slack-limits on
 *   npm run bench:load -- --soak-minutes 30 --rate 2     (on demand, not in CI: bench/results/load-soak.json)
 */
import { readFile } from 'node:fs/promises';
import type { Socket } from 'node:net';
import { arg, machine, percentile, writeResult } from '../bench-kit.js';
import {
  type Delivery,
  deliver,
  deliverOn,
  type LoadEvent,
  openConnections,
  type Target,
} from './signed-events.js';
import { runSoak } from './soak.js';
import { type Status, type StrataChild, startBoltFloor, startStrataChild } from './strata-child.js';

const sizes = arg('sizes', '200,1000').split(',').map(Number);
const burst = Number(arg('burst', '200'));
const duplicateShare = Number(arg('duplicate-share', '0.1'));
const channels = Number(arg('channels', '50'));
const slackLimits = arg('slack-limits', 'on') !== 'off';
const concurrency = Number(arg('concurrency', '16'));
const connectionModes = arg('connections', 'open,new').split(',') as Connections[];
const replyTimeoutMs = Math.min(Number(arg('reply-timeout-s', '600')), 3600) * 1000;
const soakMinutes = Number(arg('soak-minutes', '0'));
const BASELINE_EVENTS = 20;
const repeats = Math.min(Number(arg('repeats', '8')), 50);

/**
 * `open`: each delivery of a burst goes on a connection opened before it (Slack keeps connections to an app
 * open), written in one piece, so the time is the receiver's alone. `new`: each delivery opens its own
 * connection (node:http, no agent), so connection setup, on both sides, is in the time too.
 */
type Connections = 'open' | 'new';

const mb = (bytes: number) => Math.round(bytes / 2 ** 20);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const stats = (ms: number[]) => ({
  p50: percentile(ms, 50),
  p95: percentile(ms, 95),
  p99: percentile(ms, 99),
  max: percentile(ms, 100),
});

async function earlierRuns(): Promise<Array<{ events: number; connections: Connections }>> {
  try {
    return JSON.parse(await readFile('bench/results/load.json', 'utf8')).runs ?? [];
  } catch {
    return [];
  }
}

/** Polls Strata until every event's reply shows its exact text, or the deadline (epoch ms) passes. */
async function repliesComplete(strata: StrataChild, events: LoadEvent[], deadline: number): Promise<Status> {
  const ns = events.map((e) => e.n);
  for (;;) {
    const status = await strata.status(ns);
    if (Object.keys(status.completedAt).length === ns.length || Date.now() > deadline) return status;
    await sleep(500);
  }
}

/** Sends `events` in bursts of `burst` (every `every`th twice, as a retry); returns the ack times. */
async function sendBursts(target: Target, events: LoadEvent[], connections: Connections) {
  const every = Math.max(1, Math.round(1 / duplicateShare));
  const acks: number[] = [];
  const retryAcks: number[] = [];
  let failed = 0;
  for (let i = 0; i < events.length; i += burst) {
    const sends = events
      .slice(i, i + burst)
      .flatMap((event) => [
        { event, retryNum: undefined },
        ...(event.n % every === 0 ? [{ event, retryNum: 1 }] : []),
      ]);
    const deliveries = await deliverAll(target, sends, connections);
    deliveries.forEach((r, j) => {
      if (r.status !== 200) failed += 1;
      (sends[j]?.retryNum === undefined ? acks : retryAcks).push(r.ms);
    });
  }
  return { acks, retryAcks, failed };
}

/** Every send at once, on open connections (opened, then given a moment to be accepted) or new ones. */
async function deliverAll(
  target: Target,
  sends: Array<{ event: LoadEvent; retryNum: number | undefined }>,
  connections: Connections,
): Promise<Delivery[]> {
  if (connections === 'new') return Promise.all(sends.map((s) => deliver(target, s.event, s.retryNum)));
  const sockets = await openConnections(target.eventsUrl, sends.length);
  await sleep(200);
  try {
    return await Promise.all(
      sends.map((s, j) => deliverOn(sockets[j] as Socket, target, s.event, s.retryNum)),
    );
  } finally {
    for (const socket of sockets) socket.destroy();
  }
}

/**
 * `repeats` bursts of `burst` re-deliveries of events already answered, each once the receiver is idle
 * again: Strata acks them and drops them as duplicates, so these time the ack path alone, burst after
 * burst, and check that no re-delivery is answered twice. Returns each burst's ack p99.
 */
async function repeatedBursts(
  target: Target,
  answered: LoadEvent[],
  connections: Connections,
  idle: () => Promise<unknown>,
): Promise<number[]> {
  const p99s: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const sends = Array.from({ length: burst }, (_, j) => ({
      event: answered[(r * burst + j) % answered.length] as LoadEvent,
      retryNum: 1 + (r % 3),
    }));
    const acks = await deliverAll(target, sends, connections);
    p99s.push(
      percentile(
        acks.map((a) => a.ms),
        99,
      ),
    );
    await idle();
    await sleep(500);
  }
  return p99s;
}

const median = (values: number[]) => percentile(values, 50);

/** The same bursts against a bare Bolt app (a no-op listener): what Bolt alone costs on this machine. */
async function boltFloor(size: number, connections: Connections) {
  const floor = await startBoltFloor();
  try {
    const events = Array.from({ length: BASELINE_EVENTS + size }, (_, n) => ({
      n,
      eventId: `EvFLOOR${n}`,
      channel: 'C0GENERAL',
      ts: `1764000000.${String(n).padStart(6, '0')}`,
      user: 'U0ALICE',
    }));
    // Warmed up the way Strata is: the baseline events one at a time first.
    for (const event of events.slice(0, BASELINE_EVENTS)) await deliver(floor, event);
    const burstEvents = events.slice(BASELINE_EVENTS);
    const acks = stats((await sendBursts(floor, burstEvents, connections)).acks);
    const repeatP99s = await repeatedBursts(floor, burstEvents, connections, async () => undefined);
    return { acks, repeatP99s };
  } finally {
    await floor.close();
  }
}

async function runSize(size: number, connections: Connections) {
  const floor = await boltFloor(size, connections);
  const floorStats = floor.acks;
  const strata = await startStrataChild({ channels, slackLimits, concurrency });
  const send = (event: LoadEvent, retryNum?: number) => deliver(strata, event, retryNum);
  try {
    // Baseline: one event at a time on an idle Strata, each after the previous reply is complete.
    const baseline: number[] = [];
    for (const event of await strata.newEvents(BASELINE_EVENTS)) {
      baseline.push((await send(event)).ms);
      await repliesComplete(strata, [event], Date.now() + 30_000);
    }
    const events = await strata.newEvents(size);
    const before = await strata.status([], { resetPeak: true });
    const started = Date.now();
    const { acks, retryAcks, failed: failedAcks } = await sendBursts(strata, events, connections);
    const acked = Date.now();
    await repliesComplete(strata, events, started + replyTimeoutMs);
    const repeatP99s = await repeatedBursts(strata, events, connections, () =>
      strata.status([], { idle: true }),
    );
    await sleep(2000); // late duplicates would show up now
    const status = await strata.status(
      events.map((e) => e.n),
      { idle: true },
    );
    const done = Object.values(status.completedAt);
    const duplicateReplies = events.reduce((n, e) => n + Math.max(0, (status.replies[e.n] ?? 0) - 1), 0);
    const duplicateModelCalls = events.reduce(
      (n, e) => n + Math.max(0, (status.modelCalls[e.n] ?? 0) - 1),
      0,
    );
    const lost = size - done.length;
    const ackStats = stats(acks);
    const allDone = done.length > 0 ? (Math.max(...done) - started) / 1000 : null;
    return {
      events: size,
      connections,
      retries_sent: retryAcks.length,
      ack_ms: ackStats,
      retry_ack_ms: stats(retryAcks),
      baseline_ack_ms: {
        p50: percentile(baseline, 50),
        p99: percentile(baseline, 99),
        events: BASELINE_EVENTS,
      },
      ack_p99_vs_baseline_p50: Math.round((ackStats.p99 / percentile(baseline, 50)) * 10) / 10,
      bolt_floor_ack_ms: floorStats,
      ack_p99_vs_bolt_floor_p99: Math.round((ackStats.p99 / floorStats.p99) * 10) / 10,
      repeated_bursts: {
        bursts: repeatP99s.length,
        of: burst,
        what: 're-deliveries of the answered events, each burst once Strata is idle again',
        ack_p99_ms: repeatP99s,
        median_p99: median(repeatP99s),
        bolt_floor_ack_p99_ms: floor.repeatP99s,
        bolt_floor_median_p99: median(floor.repeatP99s),
      },
      all_acked_s: (acked - started) / 1000,
      non_200_acks: failedAcks,
      replies: { expected: size, completed_exact: done.length, not_complete_within_timeout: lost },
      duplicates: { extra_reply_messages: duplicateReplies, extra_model_calls: duplicateModelCalls },
      time_to_all_complete_s: allDone,
      replies_per_minute: allDone ? Math.round((done.length / allDone) * 60) : 0,
      rss_mb: { before: mb(before.rss), peak: mb(status.peakRss), stand_ins_after: mb(status.standInsRss) },
      slack_429s: status.slack429s - before.slack429s,
      targets_met: {
        ack_p99_le_50ms: ackStats.p99 <= 50,
        repeated_bursts_median_p99_le_50ms: median(repeatP99s) <= 50,
        zero_duplicates: duplicateReplies === 0 && duplicateModelCalls === 0,
        zero_lost: lost === 0,
      },
    };
  } finally {
    await strata.close();
  }
}

const inputs = { burst, duplicate_share: duplicateShare, channels, slack_limits: slackLimits, concurrency };
if (soakMinutes > 0) {
  const rate = Number(arg('rate', '2'));
  const soak = await runSoak({
    minutes: Math.min(soakMinutes, 180),
    rate,
    harness: { channels, slackLimits, concurrency },
  });
  const path = await writeResult('load-soak', {
    machine: machine(),
    inputs: { ...inputs, minutes: soakMinutes, rate },
    soak,
  });
  console.error(JSON.stringify(soak, null, 2), `\nwrote ${path}`);
} else {
  // A run replaces the earlier one of the same size and connection mode; the others stay.
  const runs: Array<{ events: number; connections: Connections }> = (await earlierRuns()).filter(
    (run) => !(sizes.includes(run.events) && connectionModes.includes(run.connections)),
  );
  for (const size of sizes) {
    for (const connections of connectionModes) {
      const result = await runSize(size, connections);
      console.error(JSON.stringify(result));
      runs.push(result);
    }
  }
  runs.sort((a, b) => a.events - b.events || a.connections.localeCompare(b.connections));
  const path = await writeResult('load', {
    machine: machine(),
    inputs,
    processes: {
      strata:
        'Strata alone (createStrata: events acked on its ingress thread, the Bolt app and AWS SDK clients on its main thread) in its own child process',
      stand_ins:
        'Slack emulator, DynamoDB (dynalite), Bedrock, S3 and the reply/model-call accounting in a second child process',
      sender:
        'the signed-event sender in the parent process; ack times run from the last byte of a request written to the first byte of its ack read',
      connections: {
        open: 'every delivery of a burst on a connection opened before it, written in one piece',
        new: 'every delivery opens a connection of its own (node:http, no agent): connection setup is timed too',
      },
      bolt_floor: 'a bare Bolt app with a no-op app_mention listener, alone in its own child process',
      rss_mb: "Strata's process only (stand_ins_after: the stand-ins' process once replies are done)",
    },
    runs,
  });
  console.error(`wrote ${path}`);
}
process.exit(0);
