import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { loadConfig } from '../../src/config.js';
import type { ReplyEngine } from '../../src/local/bedrock/reply-engine.js';
import { type LocalStandIns, startStandIns } from '../../src/local/start-local.js';
import { createLogger } from '../../src/log.js';
import { writeLoadWorkspace } from './load-workspace.js';
import { answer, type LoadEvent } from './signed-events.js';

export interface LoadHarness {
  local: LocalStandIns;
  channels: string[];
  /** A new mention in the workspace (not delivered: the bench delivers the signed event itself). */
  newEvent(): LoadEvent;
  /** When each event's reply showed its exact final text (epoch ms). */
  completedAt: Map<number, number>;
  /** Strata messages per mention thread: more than one is a duplicate reply. */
  repliesPerEvent(n: number): number;
  /** Model calls per event: more than one means the event was processed twice. */
  modelCalls: Map<number, number>;
  close(): Promise<void>;
}

/**
 * The stand-ins of local mode (as `npm start`, without Strata: it runs in a process of its own) on a
 * workspace with `channels` extra channels, a model that answers `load question N` with `Load reply N.`
 * at once, and logging off.
 */
export async function startLoadHarness(options: {
  channels: number;
  slackLimits: boolean;
  concurrency: number;
}): Promise<LoadHarness> {
  const dataDir = await mkdtemp(join(tmpdir(), 'strata-load-'));
  const channels = await writeLoadWorkspace(dataDir, options.channels);
  const modelCalls = new Map<number, number>();
  const engine: ReplyEngine = async function* (request) {
    const n = Number(/load question (\d+)/.exec(request.messages.at(-1)?.text ?? '')?.[1] ?? -1);
    modelCalls.set(n, (modelCalls.get(n) ?? 0) + 1);
    yield answer(n);
  };
  const config = loadConfig({
    PORT: '0',
    LOG_LEVEL: 'silent',
    STRATA_DATA_DIR: dataDir,
    STRATA_WORK_CONCURRENCY: String(options.concurrency),
  });
  const quiet = createLogger({ level: 'silent' }, new Writable({ write: (_c, _e, done) => done() }));
  const local = await startStandIns(config, quiet, {
    persist: true,
    engine,
    slackRateLimits: options.slackLimits,
  });

  const events = new Map<string, LoadEvent>();
  const replies = new Map<number, Set<string>>();
  const completedAt = new Map<number, number>();
  local.slack.workspace.onChange((change) => {
    if (change.type !== 'message_added' && change.type !== 'message_changed') return;
    const { channel, message } = change.stored;
    const event = message.thread_ts ? events.get(`${channel}/${message.thread_ts}`) : undefined;
    if (!event || message.bot_id === undefined || message.ts === event.ts) return;
    const seen = replies.get(event.n) ?? new Set<string>();
    replies.set(event.n, seen.add(message.ts));
    if (message.text === answer(event.n) && !completedAt.has(event.n)) completedAt.set(event.n, Date.now());
  });

  let next = 0;
  const people = ['U0ALICE', 'U0BOB', 'U0ADMIN'];
  return {
    local,
    channels,
    newEvent() {
      const n = next++;
      const channel = channels[n % channels.length] ?? 'C0GENERAL';
      const user = people[n % people.length] ?? 'U0ALICE';
      const ts = local.slack.workspace.nextTs();
      local.slack.workspace.addMessage(channel, {
        type: 'message',
        ts,
        user,
        text: `<@U0STRATA> load question ${n}`,
        team: 'T0LOCAL',
      });
      const event = { n, eventId: `EvLOAD${String(n).padStart(7, '0')}`, channel, ts, user };
      events.set(`${channel}/${ts}`, event);
      return event;
    },
    completedAt,
    repliesPerEvent: (n) => replies.get(n)?.size ?? 0,
    modelCalls,
    async close() {
      await local.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
