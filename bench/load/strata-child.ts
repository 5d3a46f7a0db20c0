import { type ChildProcess, spawn } from 'node:child_process';
import type { LoadEvent } from './signed-events.js';

export type ChildRequest =
  | { type: 'events'; count: number }
  | { type: 'status'; ns: number[]; idle?: boolean; resetPeak?: boolean }
  | { type: 'close' };

export interface Status {
  type: 'status';
  /** Epoch ms when each event's reply showed its exact text. */
  completedAt: Record<number, number>;
  replies: Record<number, number>;
  modelCalls: Record<number, number>;
  rss: number;
  heapUsed: number;
  peakRss: number;
  slack429s: number;
}

export type ChildReply =
  | { type: 'ready'; eventsUrl: string; signingSecret: string }
  | { type: 'events'; events: LoadEvent[] }
  | Status
  | { type: 'closed' };

export interface StrataChild {
  eventsUrl: string;
  signingSecret: string;
  newEvents(count: number): Promise<LoadEvent[]>;
  status(ns: number[], options?: { idle?: boolean; resetPeak?: boolean }): Promise<Status>;
  close(): Promise<void>;
}

/**
 * Starts bench/load/strata-process.ts (or, with `floor`, a bare Bolt app: bolt-floor-process.ts, which
 * answers only acks) and talks to it one request at a time.
 */
export async function startStrataChild(options: {
  channels: number;
  slackLimits: boolean;
  concurrency: number;
  floor?: boolean;
}): Promise<StrataChild> {
  const entry = options.floor ? 'bench/load/bolt-floor-process.ts' : 'bench/load/strata-process.ts';
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', entry, JSON.stringify(options)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let pending = Promise.resolve<unknown>(undefined);
  const ask = <T extends ChildReply>(request: ChildRequest | undefined, type: T['type']): Promise<T> => {
    const answer = pending.then(
      () =>
        new Promise<T>((resolve, reject) => {
          const done = () => {
            clearTimeout(timer);
            child.off('message', onMessage);
            child.off('exit', onExit);
          };
          const timer = setTimeout(() => {
            done();
            reject(new Error(`no ${type} from Strata within 600 s`));
          }, 600_000);
          const onMessage = (message: ChildReply) => {
            if (message.type !== type) return;
            done();
            resolve(message as T);
          };
          const onExit = (code: number | null) => {
            done();
            reject(new Error(`Strata exited (${code})`));
          };
          child.on('message', onMessage);
          child.on('exit', onExit);
          if (request) child.send(request);
        }),
    );
    pending = answer.catch(() => undefined);
    return answer;
  };
  const ready = await ask<Extract<ChildReply, { type: 'ready' }>>(undefined, 'ready');
  return {
    eventsUrl: ready.eventsUrl,
    signingSecret: ready.signingSecret,
    newEvents: async (count) =>
      (await ask<Extract<ChildReply, { type: 'events' }>>({ type: 'events', count }, 'events')).events,
    status: (ns, statusOptions = {}) => ask<Status>({ type: 'status', ns, ...statusOptions }, 'status'),
    close: async () => {
      await ask({ type: 'close' }, 'closed');
    },
  };
}
