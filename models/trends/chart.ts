/**
 * Trend charts: a vega-lite spec (history line, forecast line, 80% band) compiled and rendered headless to SVG
 * with vega's string renderer (no canvas needed). The chat adapters turn it into a picture (`adapters/chart.ts`).
 * vega and vega-lite are loaded on demand (`loadChartLibraries`): evaluating them is a large share of a start-up
 * whose first turns draw no chart, and they cannot be loaded synchronously (vega's module awaits at top level).
 */
import type * as Vega from 'vega';
import type * as VegaLite from 'vega-lite';
import type { TrendForecast } from '../../src/types.ts';

let libraries: { vega: typeof Vega; vl: typeof VegaLite } | undefined;

/**
 * Loads vega and vega-lite, once; `chartSvg` needs them.
 * @example
 * await loadChartLibraries();
 * chartSvg(forecast); // '<svg …>'
 */
export async function loadChartLibraries(): Promise<void> {
  if (libraries) return;
  const [vega, vl] = await Promise.all([import('vega'), import('vega-lite')]);
  libraries ??= { vega, vl };
}

/** Whether `loadChartLibraries` has finished, so that `chartSvg` can draw. */
export const chartLibrariesLoaded = (): boolean => libraries !== undefined;

const PADDING = 8;

/** The parts of vega's scenegraph and string renderer used here (not in vega's type declarations). */
interface SceneRoot {
  bounds: { x1: number; y1: number; width(): number; height(): number };
}
interface StringRenderer {
  initialize(element: null, width: number, height: number, origin: [number, number]): StringRenderer;
  background(color: string): StringRenderer;
  render(scene: SceneRoot): StringRenderer;
  svg(): string;
}

/** The vega-lite spec of a forecast chart. */
export function chartSpec(forecast: TrendForecast, title = chartTitle(forecast)): VegaLite.TopLevelSpec {
  const last = forecast.history.at(-1);
  const rows = [
    ...forecast.history.map((p) => ({ week: p.week, value: p.value, series: 'history' })),
    // The forecast line starts at the last observed week so the two lines join.
    ...(last ? [{ week: last.week, value: last.value, lo: last.value, hi: last.value, series: 'forecast' }] : []),
    ...forecast.forecast.map((p) => ({ week: p.week, value: p.value, lo: p.lo, hi: p.hi, series: 'forecast' })),
  ];
  const x = { field: 'week', type: 'temporal', title: null, axis: { format: '%b %Y', labelAngle: 0 } } as const;
  return {
    title: { text: title, fontSize: 13 },
    width: 480,
    height: 200,
    background: 'white',
    data: { values: rows },
    layer: [
      {
        transform: [{ filter: "datum.series === 'forecast'" }],
        mark: { type: 'area', opacity: 0.25, color: '#e4572e' },
        encoding: { x, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' } },
      },
      {
        mark: { type: 'line', strokeWidth: 2 },
        encoding: {
          x,
          y: { field: 'value', type: 'quantitative', title: 'interest (0–100)' },
          color: {
            field: 'series',
            type: 'nominal',
            scale: { domain: ['history', 'forecast'], range: ['#29335c', '#e4572e'] },
            legend: { orient: 'top', title: null },
          },
          strokeDash: {
            field: 'series',
            type: 'nominal',
            scale: {
              domain: ['history', 'forecast'],
              range: [
                [1, 0],
                [5, 3],
              ],
            },
            legend: { orient: 'top', title: null },
          },
        },
      },
    ],
  };
}

/** "coat · EN · google-trends — rising +18%". */
export function chartTitle(forecast: TrendForecast): string {
  const change = `${forecast.change >= 0 ? '+' : ''}${Math.round(forecast.change * 100)}%`;
  return `${forecast.term} · ${forecast.region} · ${forecast.dataset} — ${forecast.label} ${change}`;
}

/**
 * Renders a forecast chart as an SVG string, synchronously and without a canvas. Throws when the chart libraries
 * are not loaded yet (`loadChartLibraries`).
 * @example
 * const forecast = service.forecast({ term: 'coat' });
 * if (forecast) chartSvg(forecast); // '<svg …>'
 */
export function chartSvg(forecast: TrendForecast, title?: string): string {
  if (!libraries) throw new Error('chartSvg: the chart libraries are not loaded (await loadChartLibraries() first)');
  const { vega, vl } = libraries;
  const view = new vega.View(vega.parse(vl.compile(chartSpec(forecast, title)).spec), { renderer: 'none' });
  view.run();
  const root = (view.scenegraph() as unknown as { root: SceneRoot }).root;
  const bounds = root.bounds;
  const renderer = new (vega as unknown as { SVGStringRenderer: new () => StringRenderer }).SVGStringRenderer();
  renderer.initialize(null, Math.ceil(bounds.width()) + 2 * PADDING, Math.ceil(bounds.height()) + 2 * PADDING, [
    PADDING - bounds.x1,
    PADDING - bounds.y1,
  ]);
  renderer.background('white');
  renderer.render(root);
  const svg = renderer.svg();
  view.finalize();
  return svg;
}
