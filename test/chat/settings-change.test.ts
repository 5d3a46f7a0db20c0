import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../src/access/audit-log.js';
import { diffSettings, recordRefusedSettings, saveSettings } from '../../src/chat/settings-change.js';
import { StrataError } from '../../src/errors.js';
import type { ChatSettings, SettingsStore } from '../../src/store/settings-store.js';

function setup(initial: ChatSettings, failPut = false) {
  let stored = initial;
  const audited: AuditEntry[] = [];
  const store: SettingsStore = {
    get: async () => stored,
    put: async (_scope, settings) => {
      if (failPut) throw new StrataError('store_unavailable', 'down');
      stored = settings;
    },
  };
  const audit = { record: async (entry: AuditEntry) => void audited.push(entry) };
  return { deps: { store, audit }, audited, stored: () => stored };
}

const change = (settings: ChatSettings) => ({
  actor: 'U1',
  scope: { kind: 'user' as const, id: 'U1' },
  channel: 'C1',
  settings,
});

describe('diffSettings', () => {
  it('lists changed, added and cleared fields only, null for not set', () => {
    expect(
      diffSettings(
        { modelId: 'a', temperature: 0.2, topK: 5 },
        { modelId: 'a', temperature: 0.5, maxTokens: 100 },
      ),
    ).toEqual({
      temperature: { from: 0.2, to: 0.5 },
      topK: { from: 5, to: null },
      maxTokens: { from: null, to: 100 },
    });
    expect(diffSettings({ topP: 0.9 }, { topP: 0.9 })).toEqual({});
  });
});

describe('saveSettings', () => {
  it('stores the settings and audits who changed what', async () => {
    const { deps, audited, stored } = setup({ temperature: 0.2 });
    const diff = await saveSettings(deps, change({ temperature: 0.7 }));
    expect(diff).toEqual({ temperature: { from: 0.2, to: 0.7 } });
    expect(stored()).toEqual({ temperature: 0.7 });
    expect(audited).toEqual([
      {
        actor: 'U1',
        action: 'settings.update',
        channel: 'C1',
        parameters: { scope: 'user', target: 'U1', changes: { temperature: { from: 0.2, to: 0.7 } } },
        outcome: 'ok',
      },
    ]);
  });

  it('audits a failed write as failed and rethrows', async () => {
    const { deps, audited } = setup({}, true);
    await expect(saveSettings(deps, change({ topK: 3 }))).rejects.toMatchObject({
      code: 'store_unavailable',
    });
    expect(audited).toEqual([
      expect.objectContaining({
        outcome: 'failed',
        parameters: expect.objectContaining({ changes: { topK: { from: null, to: 3 } } }),
      }),
    ]);
  });
});

describe('recordRefusedSettings', () => {
  it('audits the refused request with its reason', async () => {
    const { deps, audited, stored } = setup({});
    await recordRefusedSettings(
      deps,
      { ...change({ maxTokens: 9 }), scope: { kind: 'channel', id: 'C1' } },
      'not an admin',
    );
    expect(stored()).toEqual({});
    expect(audited).toEqual([
      {
        actor: 'U1',
        action: 'settings.update',
        channel: 'C1',
        parameters: { scope: 'channel', target: 'C1', requested: { maxTokens: 9 } },
        outcome: 'denied',
        detail: 'not an admin',
      },
    ]);
  });
});
