import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { z } from 'zod';
import { StrataError } from '../../errors.js';
import { QUERY_PROCESS_SOURCE } from './query-process-source.js';

export type Cell = string | number | null;

export interface QueryResult {
  columns: string[];
  rows: Cell[][];
  /** true when the query had more rows than the cap. */
  truncated: boolean;
  elapsedMs: number;
}

export interface QueryLimits {
  timeoutMs: number;
  maxRows: number;
  /** Longer text cells are cut (default 10,000 characters). */
  maxCellChars?: number;
}

export interface QueryRunner {
  /** Runs one read-only statement against the database bytes in a child process, within the limits. */
  run(bytes: Uint8Array, sql: string): Promise<QueryResult>;
}

const workerReply = z.union([
  z.object({
    ok: z.literal(true),
    columns: z.array(z.string()),
    rows: z.array(z.array(z.union([z.string(), z.number(), z.null()]))),
    truncated: z.boolean(),
  }),
  z.object({ ok: z.literal(false), code: z.string(), message: z.string() }),
]);

const started = z.object({ started: z.literal(true) });

const modulePath = createRequire(import.meta.url).resolve('better-sqlite3');

/** Starting node and loading SQLite; generous because a busy machine can be slow to start a process. */
const STARTUP_TIMEOUT_MS = 15_000;

/**
 * better-sqlite3 is synchronous and SQLite cannot be interrupted from JavaScript, so each query runs in
 * its own short-lived child process (no credentials in its environment), killed when it passes the
 * timeout. At most `maxConcurrent` run at once.
 */
export function createQueryRunner(
  limits: QueryLimits & { maxConcurrent?: number; now?: () => number },
): QueryRunner {
  const maxConcurrent = limits.maxConcurrent ?? 2;
  const now = limits.now ?? (() => performance.now());
  let running = 0;
  const waiting: Array<() => void> = [];
  const acquire = async () => {
    if (running < maxConcurrent) {
      running += 1;
      return;
    }
    await new Promise<void>((resolve) => waiting.push(resolve));
  };
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else running -= 1;
  };

  return {
    async run(bytes, sql) {
      await acquire();
      const startedAt = now();
      try {
        const reply = await runInProcess(bytes, sql, limits);
        return { ...reply, elapsedMs: Math.round(now() - startedAt) };
      } finally {
        release();
      }
    },
  };
}

function runInProcess(
  bytes: Uint8Array,
  sql: string,
  limits: QueryLimits,
): Promise<Omit<QueryResult, 'elapsedMs'>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--max-old-space-size=256', '-e', QUERY_PROCESS_SOURCE], {
      stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
      serialization: 'advanced',
      env: {},
    });
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const settle = (action: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      action();
      if (child.exitCode === null) child.kill('SIGKILL');
    };
    const limit = (ms: number, error: StrataError) => {
      clearTimeout(timer);
      timer = setTimeout(() => settle(() => reject(error)), ms);
    };
    limit(STARTUP_TIMEOUT_MS, new StrataError('internal', 'the query process did not start in time'));
    child.on('message', (message: unknown) => {
      if (started.safeParse(message).success) {
        limit(
          limits.timeoutMs,
          new StrataError('bad_input', `sample query exceeded ${limits.timeoutMs} ms`, {
            userMessage: `The query ran longer than ${formatSeconds(limits.timeoutMs)} on the sample database and was stopped. Add filters or a LIMIT, or avoid joining large tables without a condition.`,
          }),
        );
        return;
      }
      const parsed = workerReply.safeParse(message);
      settle(() => {
        if (!parsed.success) reject(new StrataError('internal', 'query process sent an unexpected reply'));
        else if (parsed.data.ok) {
          resolve({ columns: parsed.data.columns, rows: parsed.data.rows, truncated: parsed.data.truncated });
        } else reject(sqliteError(parsed.data.code, parsed.data.message));
      });
    });
    child.once('error', (error) => {
      settle(() =>
        reject(new StrataError('internal', `query process failed: ${error.message}`, { cause: error })),
      );
    });
    child.once('exit', (code, signal) => {
      settle(() =>
        reject(
          new StrataError('bad_input', `query process exited (code ${code}, signal ${signal})`, {
            userMessage:
              'The query needed more memory than the sample database allows. Add a LIMIT or aggregate.',
          }),
        ),
      );
    });
    child.send({
      modulePath,
      bytes,
      sql,
      maxRows: limits.maxRows,
      maxCellChars: limits.maxCellChars ?? 10_000,
    });
  });
}

function sqliteError(code: string, message: string): StrataError {
  if (code === 'not_read_only') {
    return new StrataError('bad_input', message, {
      userMessage: 'Only read-only queries run on the sample database.',
    });
  }
  return new StrataError('bad_input', `sqlite ${code}: ${message}`, {
    userMessage: `The SQLite sample database could not run the query: ${message}`,
  });
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}
