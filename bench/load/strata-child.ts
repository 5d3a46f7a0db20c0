import type { Config } from '../../src/config.js';
import type { LocalEndpoints } from '../../src/local/start-local.js';
import { startBenchChild } from '../bench-child.js';
import type { LoadEvent } from './signed-events.js';

/** What Strata's process needs to reach the stand-ins. */
export interface StandInsReady {
  type: 'ready';
  endpoints: LocalEndpoints;
  credentials: { botToken: string; signingSecret: string };
  apiUrl: string;
  strataConfig: Config;
}

export type StandInsRequest =
  | { type: 'events'; count: number }
  | { type: 'status'; ns: number[] }
  | { type: 'events-url'; url: string }
  | { type: 'close' };

export interface StandInsStatus {
  type: 'status';
  /** Epoch ms when each event's reply showed its exact text. */
  completedAt: Record<number, number>;
  replies: Record<number, number>;
  modelCalls: Record<number, number>;
  slack429s: number;
  rss: number;
}

export type StandInsReply =
  | StandInsReady
  | { type: 'events'; events: LoadEvent[] }
  | { type: 'events-url' }
  | StandInsStatus
  | { type: 'closed' };

export type StrataRequest = { type: 'memory'; idle?: boolean; resetPeak?: boolean } | { type: 'close' };

export interface StrataMemory {
  type: 'memory';
  rss: number;
  heapUsed: number;
  peakRss: number;
}

export type StrataReply =
  | { type: 'ready'; eventsUrl: string; signingSecret: string }
  | StrataMemory
  | { type: 'closed' };

/** Reply accounting from the stand-ins' process, memory from Strata's. */
export interface Status extends Omit<StandInsStatus, 'type' | 'rss'> {
  rss: number;
  heapUsed: number;
  peakRss: number;
  standInsRss: number;
}

export interface StrataChild {
  eventsUrl: string;
  signingSecret: string;
  newEvents(count: number): Promise<LoadEvent[]>;
  /** With `idle`, first waits until Strata's work queue is empty. */
  status(ns: number[], options?: { idle?: boolean; resetPeak?: boolean }): Promise<Status>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  channels: number;
  slackLimits: boolean;
  concurrency: number;
}

/**
 * The stand-ins (bench/load/stand-ins-process.ts) in one process and Strata alone
 * (bench/load/strata-process.ts) in another, as in AWS, where Slack, DynamoDB and Bedrock are remote.
 */
export async function startStrataChild(options: HarnessOptions): Promise<StrataChild> {
  const standIns = startBenchChild<StandInsRequest, StandInsReply>(
    'bench/load/stand-ins-process.ts',
    options,
  );
  const ready = await standIns.ask<StandInsReady>(undefined, 'ready');
  const strata = startBenchChild<StrataRequest, StrataReply>('bench/load/strata-process.ts', ready);
  const strataReady = await strata.ask<Extract<StrataReply, { type: 'ready' }>>(undefined, 'ready');
  await standIns.ask({ type: 'events-url', url: strataReady.eventsUrl }, 'events-url');
  return {
    eventsUrl: strataReady.eventsUrl,
    signingSecret: strataReady.signingSecret,
    newEvents: async (count) =>
      (await standIns.ask<Extract<StandInsReply, { type: 'events' }>>({ type: 'events', count }, 'events'))
        .events,
    async status(ns, statusOptions = {}) {
      const memory = await strata.ask<StrataMemory>({ type: 'memory', ...statusOptions }, 'memory');
      const {
        type: _,
        rss: standInsRss,
        ...replies
      } = await standIns.ask<StandInsStatus>({ type: 'status', ns }, 'status');
      return { ...replies, rss: memory.rss, heapUsed: memory.heapUsed, peakRss: memory.peakRss, standInsRss };
    },
    async close() {
      await strata.ask({ type: 'close' }, 'closed');
      await standIns.ask({ type: 'close' }, 'closed');
    },
  };
}

/** A bare Bolt app (bench/load/bolt-floor-process.ts) that answers acks only, in a process of its own. */
export async function startBoltFloor(): Promise<{
  eventsUrl: string;
  signingSecret: string;
  close(): Promise<void>;
}> {
  const floor = startBenchChild<{ type: 'close' }, StrataReply>('bench/load/bolt-floor-process.ts', {});
  const ready = await floor.ask<Extract<StrataReply, { type: 'ready' }>>(undefined, 'ready');
  return {
    eventsUrl: ready.eventsUrl,
    signingSecret: ready.signingSecret,
    close: async () => {
      await floor.ask({ type: 'close' }, 'closed');
    },
  };
}
