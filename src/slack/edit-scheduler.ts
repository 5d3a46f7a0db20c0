/**
 * One budget of Slack writes for every reply streaming in the process.
 *
 * Slack limits chat.update per workspace (Tier 3, ~50/min) and chat.postMessage per channel (~1/s).
 * With N streams sharing B edits a minute, no stream can be refreshed more often than B/N times a
 * minute, so the scheduler spends each edit on the stream that has waited longest, gives a stream's
 * first text and its final edit priority, and coalesces everything else: a stream that is due gets one
 * edit carrying all the text that arrived meanwhile. A 429 pauses that budget for everyone until
 * Retry-After has passed.
 */

export type WritePriority = 'final' | 'first' | 'update';

/** One Slack call a stream wants to make now; built when the scheduler dispatches, so it carries the latest text. */
export interface Write {
  /** Which budget the call spends: `update` (workspace-wide) or `post:<channel>`. */
  budget: string;
  priority: WritePriority;
  run: () => Promise<void>;
}

export interface StreamHandle {
  /** The stream has something new to write; `next()` will be asked for the write when it is its turn. */
  wake(): void;
  /** Resolves when the stream has nothing left to write (next() returned undefined). */
  drained(): Promise<void>;
  close(): void;
}

export interface BudgetLimits {
  /** Sustained calls per minute. */
  perMinute: number;
  /** Calls allowed back to back before the sustained rate applies. */
  burst: number;
}

export interface SchedulerOptions {
  limits: (budget: string) => BudgetLimits;
  now?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
}

export class RateLimitedError extends Error {
  constructor(readonly retryAfterMs: number) {
    super(`rate limited for ${retryAfterMs} ms`);
  }
}

interface Bucket {
  tokens: number;
  updatedAt: number;
  pausedUntil: number;
  limits: BudgetLimits;
}

interface Stream {
  next: () => Write | undefined;
  waitingSince: number | undefined;
  running: boolean;
  closed: boolean;
  drainWaiters: Array<() => void>;
}

const PRIORITY_ORDER: Record<WritePriority, number> = { final: 0, first: 1, update: 2 };

export class EditScheduler {
  private readonly streams = new Set<Stream>();
  private readonly buckets = new Map<string, Bucket>();
  private readonly now: () => number;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private timerAt: number | undefined;

  constructor(private readonly options: SchedulerOptions) {
    this.now = options.now ?? Date.now;
    this.setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms).unref());
  }

  /** Registers a stream; `next` returns the write it needs now, or undefined when it is up to date. */
  register(next: () => Write | undefined): StreamHandle {
    const stream: Stream = { next, waitingSince: undefined, running: false, closed: false, drainWaiters: [] };
    this.streams.add(stream);
    return {
      wake: () => {
        if (stream.closed) return;
        stream.waitingSince ??= this.now();
        this.dispatch();
      },
      drained: () =>
        new Promise<void>((resolve) => {
          if (stream.waitingSince === undefined && !stream.running) resolve();
          else stream.drainWaiters.push(resolve);
        }),
      close: () => {
        stream.closed = true;
        this.streams.delete(stream);
        this.settle(stream);
      },
    };
  }

  /** How many calls the budget could make right now (for tests and metrics). */
  available(budget: string): number {
    return this.refill(this.bucket(budget)).tokens;
  }

  private bucket(name: string): Bucket {
    let bucket = this.buckets.get(name);
    if (bucket === undefined) {
      const limits = this.options.limits(name);
      bucket = { tokens: limits.burst, updatedAt: this.now(), pausedUntil: 0, limits };
      this.buckets.set(name, bucket);
    }
    return bucket;
  }

  private refill(bucket: Bucket): Bucket {
    const at = this.now();
    const perMs = bucket.limits.perMinute / 60_000;
    bucket.tokens = Math.min(bucket.limits.burst, bucket.tokens + (at - bucket.updatedAt) * perMs);
    bucket.updatedAt = at;
    return bucket;
  }

  /** Milliseconds until the bucket can spend a call. */
  private waitFor(bucket: Bucket): number {
    this.refill(bucket);
    const paused = Math.max(0, bucket.pausedUntil - this.now());
    const tokenWait = bucket.tokens >= 1 ? 0 : (1 - bucket.tokens) / (bucket.limits.perMinute / 60_000);
    return Math.max(paused, Math.ceil(tokenWait));
  }

  private dispatch(): void {
    const candidates: Array<{ stream: Stream; write: Write }> = [];
    for (const stream of this.streams) {
      if (stream.waitingSince === undefined || stream.running) continue;
      const write = stream.next();
      if (write === undefined) {
        stream.waitingSince = undefined;
        this.settle(stream);
        continue;
      }
      candidates.push({ stream, write });
    }
    candidates.sort(
      (a, b) =>
        PRIORITY_ORDER[a.write.priority] - PRIORITY_ORDER[b.write.priority] ||
        (a.stream.waitingSince ?? 0) - (b.stream.waitingSince ?? 0),
    );

    let soonest = Number.POSITIVE_INFINITY;
    for (const { stream, write } of candidates) {
      const bucket = this.bucket(write.budget);
      const wait = this.waitFor(bucket);
      if (wait > 0) {
        soonest = Math.min(soonest, wait);
        continue;
      }
      bucket.tokens -= 1;
      this.run(stream, write, bucket);
    }
    if (Number.isFinite(soonest)) this.wakeIn(soonest);
  }

  private run(stream: Stream, write: Write, bucket: Bucket): void {
    stream.running = true;
    stream.waitingSince = undefined;
    write
      .run()
      .catch((error: unknown) => {
        if (error instanceof RateLimitedError) {
          bucket.pausedUntil = Math.max(bucket.pausedUntil, this.now() + error.retryAfterMs);
          bucket.tokens = Math.min(bucket.tokens, 0);
        }
        // The stream decides what a failed write means; it is asked again for its next write.
      })
      .finally(() => {
        stream.running = false;
        if (!stream.closed) stream.waitingSince ??= this.now();
        this.dispatch();
      });
  }

  private settle(stream: Stream): void {
    if (stream.running || stream.waitingSince !== undefined) return;
    const waiters = stream.drainWaiters;
    stream.drainWaiters = [];
    for (const resolve of waiters) resolve();
  }

  private wakeIn(ms: number): void {
    const at = this.now() + ms;
    if (this.timerAt !== undefined && this.timerAt <= at) return;
    this.timerAt = at;
    this.setTimer(() => {
      this.timerAt = undefined;
      this.dispatch();
    }, ms);
  }
}
