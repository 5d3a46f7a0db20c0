import type { Logger as BoltLogger, LogLevel as BoltLogLevel } from '@slack/bolt';
import { type DestinationStream, type Logger as PinoLogger, pino } from 'pino';

/** JSON-lines logs. Children carry event_id, channel, thread_ts, user, model; secrets are redacted by path. */
export type Logger = PinoLogger;

export interface LogContext {
  event_id?: string;
  channel?: string;
  thread_ts?: string;
  user?: string;
  model?: string;
}

const redactPaths = [
  'token',
  '*.token',
  'botToken',
  '*.botToken',
  'appToken',
  '*.appToken',
  'signingSecret',
  '*.signingSecret',
  'authorization',
  '*.authorization',
  'headers.authorization',
  'headers["x-slack-signature"]',
];

export function createLogger(
  options: { level?: string; name?: string } = {},
  destination?: DestinationStream,
): Logger {
  return pino(
    {
      name: options.name ?? 'strata',
      level: options.level ?? 'info',
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: redactPaths, censor: '[redacted]' },
    },
    destination,
  );
}

/** Bolt and the Web API log through Strata's logger, so their lines are JSON too. */
export function toBoltLogger(logger: Logger): BoltLogger {
  const child = logger.child({ component: 'bolt' });
  const line = (args: unknown[]) =>
    args
      .map((a) => (typeof a === 'string' ? a : a instanceof Error ? a.message : JSON.stringify(a)))
      .join(' ');
  return {
    debug: (...args) => child.debug(line(args)),
    info: (...args) => child.info(line(args)),
    warn: (...args) => child.warn(line(args)),
    error: (...args) => child.error(line(args)),
    setLevel: () => {},
    getLevel: () => child.level as BoltLogLevel,
    setName: () => {},
  };
}
