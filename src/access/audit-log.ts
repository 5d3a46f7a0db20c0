import type { Logger } from '../log.js';
import type { AuditOutcome, AuditRecord, AuditStore } from '../store/audit-store.js';

export type { AuditOutcome, AuditRecord } from '../store/audit-store.js';

/** What a feature reports: who did what, where, with which parameters, and how it ended. */
export interface AuditEntry {
  actor: string;
  /** e.g. `finetune.create`, `settings.update`, `agent.confirm`, `command.refused` */
  action: string;
  channel?: string;
  parameters?: Record<string, unknown>;
  outcome: AuditOutcome;
  detail?: string;
}

/**
 * Every admin action, settings change, agent confirmation and refused attempt goes through here: one
 * structured log line and one append-only DynamoDB record, with secrets redacted from the parameters.
 */
export interface AuditLog {
  record(entry: AuditEntry): Promise<void>;
  latest(limit: number): Promise<AuditRecord[]>;
}

export function createAuditLog(options: { store: AuditStore; logger: Logger; now?: () => Date }): AuditLog {
  const now = options.now ?? (() => new Date());
  const log = options.logger.child({ component: 'audit' });
  return {
    async record(entry) {
      const record: AuditRecord = {
        at: now(),
        actor: entry.actor,
        action: entry.action,
        ...(entry.channel === undefined ? {} : { channel: entry.channel }),
        parameters: redact(entry.parameters ?? {}),
        outcome: entry.outcome,
        ...(entry.detail === undefined ? {} : { detail: entry.detail }),
      };
      // The log line comes first, so the action is on record even if the table is unreachable.
      log.info({ audit: { ...record, at: record.at.toISOString() } }, 'audit');
      await options.store.append(record);
    },
    latest: (limit) => options.store.latest(limit, { now: now() }),
  };
}

/** `token` but not `…Tokens`: token counts (maxTokens, dailyTokens) are settings, not secrets. */
const secretKey =
  /(token(?!s)|secret|password|passwd|authorization|credential|signature|api[-_]?key|private[-_]?key|access[-_]?key|session)/i;
const secretValue =
  /(xox[abposr]-[\w-]+|xapp-[\w-]+|AKIA[0-9A-Z]{16}|ASIA[0-9A-Z]{16}|-----BEGIN [A-Z ]+-----|eyJ[\w-]{10,}\.[\w-]{10,}\.[\w-]+)/g;
const MAX_STRING = 500;

/** Redacts by key name (token, secret, password, …) and by value shape (Slack tokens, AWS keys, PEM, JWT). */
export function redact(value: Record<string, unknown>): Record<string, unknown> {
  return redactValue(value, 0) as Record<string, unknown>;
}

function redactValue(value: unknown, depth: number): unknown {
  if (depth > 6) return '[nested]';
  if (typeof value === 'string') {
    const clean = value.replace(secretValue, '[redacted]');
    return clean.length > MAX_STRING ? `${clean.slice(0, MAX_STRING)}… (${clean.length} chars)` : clean;
  }
  if (Array.isArray(value)) return value.slice(0, 50).map((v) => redactValue(v, depth + 1));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        k,
        secretKey.test(k) ? '[redacted]' : redactValue(v, depth + 1),
      ]),
    );
  }
  return value;
}
