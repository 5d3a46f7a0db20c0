import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import type { UsageReport } from './usage-report.js';

const WIDTH = 760;
const PANEL_HEIGHT = 170;
const colors = { input: '#4C78A8', output: '#F58518', p50: '#54A24B', p95: '#E45756' };

export interface ChartFonts {
  /** Font files to use (e.g. a TTF bundled with a Lambda); system fonts are loaded too. */
  fontFiles?: string[];
  defaultFamily?: string;
}

/**
 * Tokens (stacked input/output per bucket) above latency (p50/p95 per bucket) as a PNG, drawn
 * server-side: Vega lays the chart out as SVG (no browser, no canvas) and resvg rasterizes it.
 */
export async function renderUsageChart(report: UsageReport, fonts: ChartFonts = {}): Promise<Uint8Array> {
  const svg = await renderUsageSvg(report);
  const resvg = new Resvg(svg, {
    background: 'white',
    fitTo: { mode: 'zoom', value: 2 },
    font: {
      loadSystemFonts: true,
      ...(fonts.fontFiles ? { fontFiles: fonts.fontFiles } : {}),
      defaultFontFamily: fonts.defaultFamily ?? 'DejaVu Sans',
      sansSerifFamily: fonts.defaultFamily ?? 'DejaVu Sans',
    },
  });
  return resvg.render().asPng();
}

export async function renderUsageSvg(report: UsageReport): Promise<string> {
  const view = new vega.View(vega.parse(usageChartSpec(report)), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

export function usageChartSpec(report: UsageReport): vega.Spec {
  const tokens = report.series.flatMap((b) => [
    { t: b.start.getTime(), kind: 'input', value: b.inputTokens },
    { t: b.start.getTime(), kind: 'output', value: b.outputTokens },
  ]);
  const latency = report.series.flatMap((b) => [
    ...(b.p50Ms === undefined
      ? []
      : [{ t: b.start.getTime() + report.bucketMs / 2, kind: 'p50', value: b.p50Ms }]),
    ...(b.p95Ms === undefined
      ? []
      : [{ t: b.start.getTime() + report.bucketMs / 2, kind: 'p95', value: b.p95Ms }]),
  ]);
  const timeFormat = report.period === '24h' ? '%H:%M' : '%b %d';
  const end = report.from.getTime() + report.series.length * report.bucketMs;
  const xScale = { name: 'x', type: 'utc', domain: [report.from.getTime(), end], range: 'width' } as const;
  const xAxis = {
    orient: 'bottom',
    scale: 'x',
    format: timeFormat,
    labelFontSize: 11,
    tickCount: 8,
    grid: false,
  } as const;
  const title = (text: string) => ({
    type: 'text' as const,
    encode: {
      enter: {
        x: { value: 0 },
        y: { value: -10 },
        text: { value: text },
        fontSize: { value: 13 },
        fontWeight: { value: 'bold' },
      },
    },
  });
  const legend = {
    fill: 'legend',
    orient: 'none',
    legendX: WIDTH - 150,
    legendY: -24,
    direction: 'horizontal',
    labelFontSize: 11,
    symbolType: 'square',
  } as const;

  return {
    $schema: 'https://vega.github.io/schema/vega/v6.json',
    width: WIDTH,
    height: PANEL_HEIGHT * 2 + 70,
    padding: { left: 12, right: 24, top: 36, bottom: 12 },
    background: 'white',
    title: {
      text: `Strata usage — last ${report.period} (UTC)`,
      subtitle: `${report.total.invocations} calls · ${report.total.inputTokens.toLocaleString('en-US')} tokens in · ${report.total.outputTokens.toLocaleString('en-US')} tokens out`,
      anchor: 'start',
      fontSize: 16,
      subtitleFontSize: 12,
    },
    data: [
      {
        name: 'tokens',
        values: tokens,
        transform: [{ type: 'stack', groupby: ['t'], field: 'value', sort: { field: 'kind' } }],
      },
      { name: 'latency', values: latency },
    ],
    marks: [
      {
        type: 'group',
        encode: {
          enter: {
            x: { value: 0 },
            y: { value: 16 },
            width: { value: WIDTH },
            height: { value: PANEL_HEIGHT },
          },
        },
        scales: [
          xScale,
          {
            name: 'y',
            type: 'linear',
            domain: { data: 'tokens', field: 'y1' },
            range: [PANEL_HEIGHT, 0],
            nice: true,
            zero: true,
          },
          {
            name: 'legend',
            type: 'ordinal',
            domain: ['input', 'output'],
            range: [colors.input, colors.output],
          },
        ],
        axes: [
          xAxis,
          {
            orient: 'left',
            scale: 'y',
            title: 'tokens',
            labelFontSize: 11,
            grid: true,
            gridOpacity: 0.3,
            format: '~s',
          },
        ],
        legends: [legend],
        marks: [
          title('Tokens'),
          {
            type: 'rect',
            from: { data: 'tokens' },
            encode: {
              enter: {
                x: { scale: 'x', field: 't', offset: 1 },
                x2: { scale: 'x', signal: `datum.t + ${report.bucketMs}`, offset: -1 },
                y: { scale: 'y', field: 'y0' },
                y2: { scale: 'y', field: 'y1' },
                fill: { scale: 'legend', field: 'kind' },
              },
            },
          },
        ],
      },
      {
        type: 'group',
        encode: {
          enter: {
            x: { value: 0 },
            y: { value: PANEL_HEIGHT + 70 },
            width: { value: WIDTH },
            height: { value: PANEL_HEIGHT },
          },
        },
        scales: [
          xScale,
          {
            name: 'y',
            type: 'linear',
            domain: { data: 'latency', field: 'value' },
            range: [PANEL_HEIGHT, 0],
            nice: true,
            zero: true,
          },
          { name: 'legend', type: 'ordinal', domain: ['p50', 'p95'], range: [colors.p50, colors.p95] },
        ],
        axes: [
          xAxis,
          {
            orient: 'left',
            scale: 'y',
            title: 'latency (ms)',
            labelFontSize: 11,
            grid: true,
            gridOpacity: 0.3,
          },
        ],
        legends: [legend],
        marks: [
          title('Latency of answered calls'),
          {
            type: 'group',
            from: { facet: { name: 'series', data: 'latency', groupby: 'kind' } },
            marks: [
              {
                type: 'line',
                from: { data: 'series' },
                encode: {
                  enter: {
                    x: { scale: 'x', field: 't' },
                    y: { scale: 'y', field: 'value' },
                    stroke: { scale: 'legend', field: 'kind' },
                    strokeWidth: { value: 2 },
                  },
                },
              },
              {
                type: 'symbol',
                from: { data: 'series' },
                encode: {
                  enter: {
                    x: { scale: 'x', field: 't' },
                    y: { scale: 'y', field: 'value' },
                    fill: { scale: 'legend', field: 'kind' },
                    size: { value: 18 },
                  },
                },
              },
            ],
          },
        ],
      },
    ],
  } as vega.Spec;
}
