import { escapeMrkdwn } from '../../slack/mrkdwn.js';
import type { AuditRecord } from '../../store/audit-store.js';
import type { SlackMessage } from './finetune-messages.js';

export const AUDIT_DEFAULT = 20;
export const AUDIT_MAX = 100;

const outcomeEmoji: Record<AuditRecord['outcome'], string> = {
  ok: ':white_check_mark:',
  denied: ':no_entry:',
  invalid: ':warning:',
  failed: ':x:',
};

/** `/bedrock audit [n]`: how many records, 1–100, default 20. */
export function parseAuditArgs(args: string): { ok: true; count: number } | { ok: false; problem: string } {
  const text = args.trim();
  if (text === '') return { ok: true, count: AUDIT_DEFAULT };
  if (!/^\d{1,4}$/.test(text) || Number(text) < 1 || Number(text) > AUDIT_MAX) {
    return {
      ok: false,
      problem: `\`${text.replace(/[`<>&]/g, '').slice(0, 20)}\` is not a count; give a number from 1 to ${AUDIT_MAX}.`,
    };
  }
  return { ok: true, count: Number(text) };
}

/** The parameters as people typed them, escaped: a `<!channel>` in an argument must not ping from the log. */
function parameters(record: AuditRecord): string {
  const text = JSON.stringify(record.parameters);
  if (text === '{}') return '';
  return ` \`${escapeMrkdwn(text.length > 160 ? `${text.slice(0, 159)}…` : text).replace(/`/g, "'")}\``;
}

/** Newest first: when, who, what, where, outcome, parameters (already redacted). */
export function auditMessage(records: readonly AuditRecord[], asked: number): SlackMessage {
  if (records.length === 0) return { text: 'The audit log is empty.' };
  const lines = records.map((r) => {
    const where = r.channel ? ` in <#${r.channel}>` : '';
    const detail = r.detail ? ` — ${r.detail}` : '';
    return `${outcomeEmoji[r.outcome]} ${r.at.toISOString().slice(0, 19).replace('T', ' ')} <@${r.actor}> *${r.action}*${where} · ${r.outcome}${detail}${parameters(r)}`;
  });
  const head = `*Audit log* — ${records.length === asked ? `last ${records.length}` : `all ${records.length}`} records, newest first (UTC)`;
  const text = [head, ...lines].join('\n');
  return { text: text.length > 39_000 ? `${text.slice(0, 39_000)}\n…` : text };
}
