import { Writable } from 'node:stream';
import { loadConfig } from '../../src/config.js';
import { type LocalStrata, startLocal } from '../../src/local/start-local.js';
import { createLogger } from '../../src/log.js';

export interface AdminTestStrata extends LocalStrata {
  logs: string[];
  /** The clock local customization jobs run on; move it to make jobs progress. */
  clock: { now: number; advance(ms: number): void };
  thread(
    channel: string,
    ts: string,
  ): Promise<Array<{ ts: string; text: string; bot_id?: string; files?: unknown[] }>>;
}

/** Local Strata (the same stand-ins as `npm start`) with a controllable clock for customization jobs. */
export async function startAdminStrata(env: Record<string, string> = {}): Promise<AdminTestStrata> {
  const config = loadConfig({
    PORT: '0',
    LOG_LEVEL: 'debug',
    STRATA_STREAM_IDLE_TIMEOUT_MS: '2000',
    LOCAL_FINETUNE_JOB_MS: '600000',
    STRATA_FINETUNE_POLL_MS: '100',
    ...env,
  });
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logs.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  const clock = {
    now: Date.now(),
    advance(ms: number) {
      clock.now += ms;
    },
  };
  const local = await startLocal(config, createLogger({ level: 'debug' }, sink), {
    persist: false,
    chunkDelayMs: 0,
    bedrockControlClock: () => clock.now,
  });
  return {
    ...local,
    logs,
    clock,
    async thread(channel, ts) {
      const page = await local.strata.app.client.conversations.replies({ channel, ts });
      return (page.messages ?? []).map((m) => ({
        ts: m.ts ?? '',
        text: m.text ?? '',
        ...(m.bot_id ? { bot_id: m.bot_id } : {}),
        ...(m.files ? { files: m.files } : {}),
      }));
    },
  };
}
