import { describe, expect, it } from 'vitest';
import { defaultPrices } from '../../src/admin/cost.js';
import { renderUsageChart, renderUsageSvg } from '../../src/admin/usage-chart.js';
import { buildUsageReport } from '../../src/admin/usage-report.js';

const now = new Date('2025-11-20T15:20:00Z');
const records = Array.from({ length: 30 }, (_, i) => ({
  at: new Date(now.getTime() - i * 2_400_000),
  user: 'U1',
  channel: 'C1',
  feature: 'chat',
  modelId: 'amazon.nova-lite-v1:0',
  inputTokens: 100 + i,
  outputTokens: 50,
  latencyMs: 500 + i * 10,
  outcome: 'ok' as const,
  imagesGenerated: 0,
}));

describe('the usage chart', () => {
  const report = buildUsageReport(records, { period: '24h', groupBy: 'model', now, prices: defaultPrices });

  it('draws tokens and latency panels with their legends and totals', async () => {
    const svg = await renderUsageSvg(report);
    for (const text of [
      'Strata usage — last 24h (UTC)',
      'Tokens',
      'Latency of answered calls',
      'input',
      'output',
      'p50',
      'p95',
    ]) {
      expect(svg).toContain(text);
    }
    expect(svg).toContain('30 calls');
  });

  it('is a PNG, rendered without a browser', async () => {
    const png = Buffer.from(await renderUsageChart(report));
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.subarray(12, 16).toString('latin1')).toBe('IHDR');
    expect(png.readUInt32BE(16)).toBeGreaterThan(1400);
  });
});
