/** What bench/rag/backfill-bench.ts and its two processes (stand-ins, Strata) say to each other over IPC. */

export interface BackfillScenario {
  name: string;
  messages: number;
  /** Share of top-level messages that start a thread (with three replies). */
  threadRatio: number;
  /** The emulator answers 429 + Retry-After past Slack's documented tiers, and Strata paces itself to them. */
  slackLimits: boolean;
  /** STRATA_HISTORY_PAGE_SIZE for the run. */
  pageSize: number;
}

export interface StandInsReady {
  type: 'ready';
  endpoints: { dynamodb: string; bedrockRuntime: string; region: string };
  botToken: string;
  apiUrl: string;
  tableName: string;
  channel: string;
  /** What was seeded: all messages (replies included) and threads. */
  messages: number;
  threads: number;
}

export type StandInsRequest = { type: 'mark' } | { type: 'calls' } | { type: 'close' };

export type StandInsReply =
  | StandInsReady
  | { type: 'marked' }
  /** Web API calls and 429s so far, and the stand-ins' CPU time since `mark`. */
  | { type: 'calls'; calls: Record<string, number>; rateLimited: Record<string, number>; cpuMs: number }
  | { type: 'closed' };

export interface StrataArgs {
  scenario: BackfillScenario;
  dimensions: number;
  standIns: StandInsReady;
}

export interface BackfillOutcome {
  seconds: number;
  /** Messages in the index when the backfill finished (part 0 of each). */
  indexed: number;
  status: string;
  /** Strata's CPU time (user + system) over the backfill, and how busy its event loop was (0–1). */
  cpuMs: number;
  eventLoopUtilization: number;
  embeddingConcurrency: number;
}

export type StrataRequest = { type: 'run' } | { type: 'close' };

export type StrataReply =
  | { type: 'ready' }
  /** When the backfill has finished, or failed. */
  | { type: 'result'; outcome?: BackfillOutcome; error?: string }
  | { type: 'closed' };
