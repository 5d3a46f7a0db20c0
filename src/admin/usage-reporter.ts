import type { UsageStore } from '../store/usage-store.js';
import { defaultPrices, type PriceTable } from './cost.js';
import { type ChartFonts, renderUsageChart } from './usage-chart.js';
import {
  buildUsageReport,
  periodWindow,
  type UsageGrouping,
  type UsagePeriod,
  type UsageReport,
} from './usage-report.js';

export interface UsageReporter {
  /** The table data and, when there were calls, the chart as a PNG. */
  report(
    period: UsagePeriod,
    groupBy: UsageGrouping,
  ): Promise<{ report: UsageReport; png: Uint8Array | undefined }>;
}

export function createUsageReporter(options: {
  store: UsageStore;
  /** Merged over the built-in on-demand prices. */
  prices?: PriceTable;
  fonts?: ChartFonts;
  now?: () => Date;
}): UsageReporter {
  const now = options.now ?? (() => new Date());
  const prices = { ...defaultPrices, ...options.prices };
  return {
    async report(period, groupBy) {
      const at = now();
      const { from } = periodWindow(period, at);
      const records = await options.store.list({ from, to: at });
      const report = buildUsageReport(records, { period, groupBy, now: at, prices });
      const png = report.total.invocations > 0 ? await renderUsageChart(report, options.fonts) : undefined;
      return { report, png };
    },
  };
}
