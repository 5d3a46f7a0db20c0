import { loadavg } from 'node:os';
import { type BenchChild, startBenchChild } from '../bench-child.js';
import type {
  BackfillScenario,
  StandInsReady,
  StandInsReply,
  StandInsRequest,
  StrataArgs,
  StrataReply,
  StrataRequest,
} from './backfill-messages.js';

export type { BackfillScenario } from './backfill-messages.js';

type Reply<T extends { type: string }, K extends T['type']> = Extract<T, { type: K }>;

/**
 * Backfill throughput through the real path, with Strata alone in its process as in AWS: the stand-ins
 * (Slack emulator, local Bedrock for Titan embeddings over HTTP, DynamoDB for progress) run in
 * bench/rag/backfill-stand-ins.ts, Strata's backfill (LanceDB on disk) in bench/rag/backfill-strata.ts.
 */
export async function backfillBench(scenario: BackfillScenario, dimensions: number) {
  const standIns = startBenchChild<StandInsRequest, StandInsReply>(
    'bench/rag/backfill-stand-ins.ts',
    scenario,
  );
  let strata: BenchChild<StrataRequest, StrataReply> | undefined;
  try {
    const ready = await standIns.ask<StandInsReady>(undefined, 'ready');
    strata = startBenchChild<StrataRequest, StrataReply>('bench/rag/backfill-strata.ts', {
      scenario,
      dimensions,
      standIns: ready,
    } satisfies StrataArgs);
    await strata.ask<Reply<StrataReply, 'ready'>>(undefined, 'ready');
    await standIns.ask<Reply<StandInsReply, 'marked'>>({ type: 'mark' }, 'marked');
    const result = await strata.ask<Reply<StrataReply, 'result'>>({ type: 'run' }, 'result');
    if (!result.outcome) throw new Error(`backfill failed: ${result.error}`);
    const { outcome } = result;
    const slack = await standIns.ask<Reply<StandInsReply, 'calls'>>({ type: 'calls' }, 'calls');
    if (outcome.status !== 'ready') throw new Error(`backfill ended ${outcome.status}`);
    if (outcome.indexed !== ready.messages) {
      throw new Error(`backfill indexed ${outcome.indexed} of ${ready.messages} messages`);
    }
    return {
      name: scenario.name,
      messages: ready.messages,
      threads: ready.threads,
      slack_limits: scenario.slackLimits,
      indexed: outcome.indexed,
      seconds: Math.round(outcome.seconds * 10) / 10,
      messages_per_second: Math.round(ready.messages / outcome.seconds),
      embedding_concurrency: outcome.embeddingConcurrency,
      strata_cpu_ms_per_message: Math.round((outcome.cpuMs / ready.messages) * 100) / 100,
      strata_event_loop_utilization: outcome.eventLoopUtilization,
      stand_ins_cpu_ms_per_message: Math.round((slack.cpuMs / ready.messages) * 100) / 100,
      slack_calls: slack.calls,
      slack_429s: slack.rateLimited,
      // Others' work on the machine shows here: the 1-minute load average as the backfill ended.
      load_average_1m: Math.round((loadavg()[0] ?? 0) * 10) / 10,
    };
  } finally {
    await strata?.ask({ type: 'close' }, 'closed').catch(() => undefined);
    await standIns.ask({ type: 'close' }, 'closed').catch(() => undefined);
    strata?.kill();
    standIns.kill();
  }
}
