import { percentile } from '../bench-kit.js';
import { deliver, type LoadEvent } from './signed-events.js';
import { startStrataChild } from './strata-child.js';

const SAMPLE_EVERY_MS = 10_000;
const DRAIN_MS = 300_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A steady trickle of mentions (`rate` a second, every tenth delivered twice) for `minutes`; Strata's
 * RSS is sampled every 10 s. Growth compares the first and the last minute, so start-up allocation is
 * not counted as a leak. Streamed replies finish at most ~50 a minute (chat.update, Tier 3, per
 * workspace): above ~0.8 events a second the reply backlog grows, and RSS with it; use a lower rate
 * to look for leaks alone.
 */
export async function runSoak(options: {
  minutes: number;
  rate: number;
  harness: { channels: number; slackLimits: boolean; concurrency: number };
}) {
  const strata = await startStrataChild(options.harness);
  const samples: Array<{ t_s: number; rss_mb: number; heap_mb: number }> = [];
  const acks: number[] = [];
  const events: LoadEvent[] = [];
  const inFlight = new Set<Promise<void>>();
  const started = Date.now();
  const end = started + options.minutes * 60_000;
  let nextSample = started;
  try {
    const pool = await strata.newEvents(Math.ceil(options.minutes * 60 * options.rate));
    const interval = 1000 / options.rate;
    for (let due = started; due < end && events.length < pool.length; due += interval) {
      await sleep(Math.max(0, due - Date.now()));
      if (Date.now() >= nextSample) {
        const { rss, heapUsed } = await strata.status([]);
        const t = Math.round((Date.now() - started) / 1000);
        samples.push({ t_s: t, rss_mb: Math.round(rss / 2 ** 20), heap_mb: Math.round(heapUsed / 2 ** 20) });
        nextSample += SAMPLE_EVERY_MS;
      }
      const event = pool[events.length] as LoadEvent;
      events.push(event);
      const sends = [deliver(strata, event)];
      if (event.n % 10 === 0) sends.push(deliver(strata, event, 1));
      const done = Promise.all(sends).then(([first]) => {
        if (first) acks.push(first.ms);
      });
      inFlight.add(done);
      void done.finally(() => inFlight.delete(done));
    }
    await Promise.all(inFlight);
    const ns = events.map((e) => e.n);
    const drainEnd = Date.now() + DRAIN_MS;
    let status = await strata.status(ns);
    while (Date.now() < drainEnd && Object.keys(status.completedAt).length < ns.length) {
      await sleep(1000);
      status = await strata.status(ns);
    }
    status = await strata.status(ns, { idle: true });
    const firstMinute = samples.filter((s) => s.t_s <= 60).map((s) => s.rss_mb);
    const lastT = samples.at(-1)?.t_s ?? 0;
    const lastMinute = samples.filter((s) => s.t_s >= lastT - 60).map((s) => s.rss_mb);
    const growth = percentile(lastMinute, 50) - percentile(firstMinute, 50);
    const completed = Object.keys(status.completedAt).length;
    return {
      events: events.length,
      ack_ms: { p50: percentile(acks, 50), p99: percentile(acks, 99) },
      replies: { completed_exact: completed, not_complete: events.length - completed },
      duplicates: events.reduce((n, e) => n + Math.max(0, (status.replies[e.n] ?? 0) - 1), 0),
      rss_mb: {
        first_minute_median: percentile(firstMinute, 50),
        last_minute_median: percentile(lastMinute, 50),
        peak: Math.round(status.peakRss / 2 ** 20),
      },
      rss_growth_mb: growth,
      rss_growth_mb_per_hour: Math.round((growth / options.minutes) * 60 * 10) / 10,
      samples,
    };
  } finally {
    await strata.close();
  }
}
