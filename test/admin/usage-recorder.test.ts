import { describe, expect, it } from 'vitest';
import { createUsageRecorder } from '../../src/admin/usage-recorder.js';
import { createLogger } from '../../src/log.js';
import type { StrataMetrics } from '../../src/metrics.js';
import type { UsageRecord, UsageStore } from '../../src/store/usage-store.js';

function setup(fail = false) {
  const stored: UsageRecord[] = [];
  const emitted: string[] = [];
  const store = {
    record: async (r: UsageRecord) => {
      if (fail) throw new Error('throttled');
      stored.push(r);
    },
  } as unknown as UsageStore;
  const metrics: StrataMetrics = {
    usage: () => void emitted.push('usage'),
    latency: () => void emitted.push('latency'),
    outcome: () => void emitted.push('outcome'),
  };
  const after: string[] = [];
  const recorder = createUsageRecorder({
    store,
    metrics,
    logger: createLogger({ level: 'silent' }),
    now: () => new Date('2025-11-20T10:00:00Z'),
    afterRecord: async (call) => void after.push(call.user),
  });
  return { recorder, stored, emitted, after };
}

const call = {
  user: 'U1',
  channel: 'C1',
  feature: 'chat',
  modelId: 'm',
  inputTokens: 10,
  outputTokens: 5,
  latencyMs: 100,
  outcome: 'ok' as const,
};

describe('the usage recorder', () => {
  it('stores the call, emits all three metric families and runs the budget check', async () => {
    const { recorder, stored, emitted, after } = setup();
    await recorder.record({ ...call, errorCode: 'model_error', outcome: 'error' });
    expect(stored).toEqual([
      {
        ...call,
        outcome: 'error',
        errorCode: 'model_error',
        imagesGenerated: 0,
        at: new Date('2025-11-20T10:00:00Z'),
      },
    ]);
    expect(emitted).toEqual(['usage', 'latency', 'outcome']);
    expect(after).toEqual(['U1']);
  });

  it('never fails the caller when the store is unreachable; metrics still go out', async () => {
    const { recorder, emitted, after } = setup(true);
    await expect(recorder.record(call)).resolves.toBeUndefined();
    expect(emitted).toHaveLength(3);
    expect(after).toEqual([]);
  });
});
