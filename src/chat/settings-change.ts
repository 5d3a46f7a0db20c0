import type { AuditLog } from '../access/audit-log.js';
import type { ChatSettings, SettingsScope, SettingsStore } from '../store/settings-store.js';

export interface SettingsChangeDeps {
  store: SettingsStore;
  audit?: Pick<AuditLog, 'record'> | undefined;
}

/** One settings submission: who replaces which scope's settings, asked from which channel. */
export interface SettingsChange {
  actor: string;
  scope: SettingsScope;
  channel: string;
  settings: ChatSettings;
}

/** Field → old and new value; `null` is "not set" (the next level's value applies). */
export type SettingsDiff = Record<string, { from: unknown; to: unknown }>;

const AUDIT_ACTION = 'settings.update';

/**
 * Replaces a scope's chat settings and writes the audit record: who, which scope, every field that
 * changed (old → new), and the outcome. A failed write is audited as `failed` and rethrown.
 */
export async function saveSettings(deps: SettingsChangeDeps, change: SettingsChange): Promise<SettingsDiff> {
  const { actor, scope, channel, settings } = change;
  const record = (outcome: 'ok' | 'failed', changes: SettingsDiff, detail?: string) =>
    deps.audit?.record({
      actor,
      action: AUDIT_ACTION,
      channel,
      parameters: { scope: scope.kind, target: scope.id, changes },
      outcome,
      ...(detail ? { detail } : {}),
    });
  let changes: SettingsDiff = {};
  try {
    const before = await deps.store.get(scope);
    changes = diffSettings(before, settings);
    await deps.store.put(scope, settings, actor);
  } catch (error) {
    await record('failed', changes, 'settings could not be saved');
    throw error;
  }
  await record('ok', changes);
  return changes;
}

/** A submission refused before anything was stored (e.g. a channel change by a non-admin). */
export async function recordRefusedSettings(
  deps: SettingsChangeDeps,
  change: SettingsChange,
  reason: string,
): Promise<void> {
  await deps.audit?.record({
    actor: change.actor,
    action: AUDIT_ACTION,
    channel: change.channel,
    parameters: { scope: change.scope.kind, target: change.scope.id, requested: change.settings },
    outcome: 'denied',
    detail: reason,
  });
}

export function diffSettings(before: ChatSettings, after: ChatSettings): SettingsDiff {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)] as Array<keyof ChatSettings>);
  const changes: SettingsDiff = {};
  for (const key of keys) {
    const from = before[key] ?? null;
    const to = after[key] ?? null;
    if (from !== to) changes[key] = { from, to };
  }
  return changes;
}
