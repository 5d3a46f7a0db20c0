import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createAuditLog, redact } from '../../src/access/audit-log.js';
import { createLogger } from '../../src/log.js';
import type { AuditRecord, AuditStore } from '../../src/store/audit-store.js';

function memoryStore(fail = false): AuditStore & { records: AuditRecord[] } {
  const records: AuditRecord[] = [];
  return {
    records,
    append: async (r) => {
      if (fail) throw new Error('table unreachable');
      records.push(r);
    },
    latest: async (n) => records.slice(-n).reverse(),
  };
}

function logCapture() {
  const lines: string[] = [];
  const logger = createLogger(
    { level: 'info' },
    new Writable({
      write: (c, _e, done) => {
        lines.push(String(c));
        done();
      },
    }),
  );
  return { lines, logger };
}

describe('redaction of audit parameters', () => {
  it('hides values of secret-looking keys and secret-looking values anywhere', () => {
    expect(
      redact({
        token: 'xoxb-123',
        nested: { apiKey: 'k', clientSecret: 's', note: 'use xoxb-1234-abcd then AKIAABCDEFGHIJKLMNOP' },
        list: ['-----BEGIN PRIVATE KEY----- abc'],
        epochs: 3,
      }),
    ).toEqual({
      token: '[redacted]',
      nested: { apiKey: '[redacted]', clientSecret: '[redacted]', note: 'use [redacted] then [redacted]' },
      list: ['[redacted] abc'],
      epochs: 3,
    });
  });

  it('keeps token counts, which are settings, while hiding tokens', () => {
    expect(redact({ maxTokens: 300, dailyTokens: 1000, botToken: 'x', refresh_token: 'y' })).toEqual({
      maxTokens: 300,
      dailyTokens: 1000,
      botToken: '[redacted]',
      refresh_token: '[redacted]',
    });
  });

  it('shortens very long strings', () => {
    const { text } = redact({ text: 'x'.repeat(2000) }) as { text: string };
    expect(text).toHaveLength(500 + ' (2000 chars)'.length + 1);
  });
});

describe('the audit log', () => {
  it('writes a structured log line and an append-only record, both redacted', async () => {
    const store = memoryStore();
    const { lines, logger } = logCapture();
    const log = createAuditLog({ store, logger, now: () => new Date('2025-11-20T10:00:00Z') });
    await log.record({
      actor: 'U0ADMIN',
      action: 'finetune.create',
      channel: 'C1',
      parameters: { password: 'p', epochs: 2 },
      outcome: 'ok',
    });
    expect(store.records).toEqual([
      {
        at: new Date('2025-11-20T10:00:00Z'),
        actor: 'U0ADMIN',
        action: 'finetune.create',
        channel: 'C1',
        parameters: { password: '[redacted]', epochs: 2 },
        outcome: 'ok',
      },
    ]);
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({
      msg: 'audit',
      audit: {
        actor: 'U0ADMIN',
        action: 'finetune.create',
        at: '2025-11-20T10:00:00.000Z',
        parameters: { password: '[redacted]' },
      },
    });
  });

  it('still logs the action when the table is unreachable, and reports the failure', async () => {
    const { lines, logger } = logCapture();
    const log = createAuditLog({ store: memoryStore(true), logger });
    await expect(log.record({ actor: 'U0BOB', action: 'bedrock usage', outcome: 'denied' })).rejects.toThrow(
      'table unreachable',
    );
    expect(lines.some((l) => l.includes('"action":"bedrock usage"'))).toBe(true);
  });
});
