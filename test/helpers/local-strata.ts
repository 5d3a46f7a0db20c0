import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { loadConfig } from '../../src/config.js';
import { type LocalStrata, startLocal } from '../../src/local/start-local.js';
import { createLogger } from '../../src/log.js';

export interface TestStrata extends LocalStrata {
  /** Every JSON log line written while the test ran. */
  logs: string[];
  /** The messages of a thread as Slack returns them (conversations.replies), parent first. */
  thread(
    channel: string,
    ts: string,
  ): Promise<Array<{ ts: string; text: string; user?: string; bot_id?: string }>>;
}

export interface TestStrataOptions {
  /**
   * Start as `npm start` does the first time: the demo workspace with its history, backfilled for `/ask` in
   * the background (in a temp data dir, with Slack's history limits raised so the backfill takes seconds).
   */
  demo?: boolean;
}

/** Strata in local mode on ephemeral ports with throwaway data: the same stand-ins `npm start` uses. */
export async function startTestStrata(
  env: Record<string, string> = {},
  options: TestStrataOptions = {},
): Promise<TestStrata> {
  const demoDir = options.demo ? await mkdtemp(join(tmpdir(), 'strata-demo-')) : undefined;
  const demoEnv = demoDir
    ? { STRATA_DATA_DIR: demoDir, STRATA_HISTORY_CALLS_PER_MINUTE: '1000', STRATA_BACKFILL_RATE_SHARE: '1' }
    : {};
  const config = loadConfig({
    PORT: '0',
    LOG_LEVEL: 'debug',
    STRATA_STREAM_IDLE_TIMEOUT_MS: '2000',
    ...demoEnv,
    ...env,
  });
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logs.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  const local = await startLocal(config, createLogger({ level: 'debug' }, sink), {
    persist: demoDir !== undefined,
    chunkDelayMs: 0,
    slackRateLimits: false,
  });
  return {
    ...local,
    logs,
    async close() {
      await local.close();
      if (demoDir) await rm(demoDir, { recursive: true, force: true });
    },
    async thread(channel, ts) {
      const page = await local.strata.app.client.conversations.replies({ channel, ts });
      return (page.messages ?? []).map((m) => ({
        ts: m.ts ?? '',
        text: m.text ?? '',
        ...(m.user ? { user: m.user } : {}),
        ...(m.bot_id ? { bot_id: m.bot_id } : {}),
      }));
    },
  };
}

/** Polls until `check` returns a value (bounded); for work that finishes after Slack's ack. */
export async function eventually<T>(
  check: () => Promise<T | undefined | false>,
  { timeoutMs = 10_000, intervalMs = 20 } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline)
      throw new Error(`condition not met within ${timeoutMs} ms${last ? `: ${String(last)}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
