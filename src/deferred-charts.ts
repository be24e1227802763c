/**
 * Trend charts without holding up the first reply: the chart libraries (vega, vega-lite) load only asynchronously and
 * take a large share of a start-up whose first turns rarely ask about trends. Until they are loaded, the trend
 * service's `chart` hands the engine a placeholder, and `finish` draws the chart once the libraries are in, before
 * the reply leaves the app. Nothing between the engine and `finish` reads the chart's SVG.
 */
import type { Reply, TrendForecast, TrendService } from './types.ts';

/** How the chart libraries are loaded and whether they are. */
export interface ChartLibraries {
  load(): Promise<void>;
  loaded(): boolean;
}

/** A trend service whose charts may be drawn after the turn, and what draws them. */
export interface DeferredCharts {
  /** The service to give the engine: `chart` returns a placeholder while the libraries load. */
  trends: TrendService;
  /** The reply with its placeholder chart (if any) drawn. */
  finish(reply: Reply): Promise<Reply>;
  /** Loads the libraries now (a failure is the next chart's to report). */
  warm(): Promise<void>;
}

const PLACEHOLDER = 'chart-not-drawn-yet:';

/**
 * Wraps a trend service.
 * @example
 * const charts = deferredCharts(trends, { load: loadChartLibraries, loaded: chartLibrariesLoaded });
 * const reply = await charts.finish(await engine.handleTurn(message));
 */
export function deferredCharts(service: TrendService, libraries: ChartLibraries): DeferredCharts {
  const pending = new Map<string, TrendForecast>();
  let next = 0;
  return {
    trends: {
      get name() {
        return service.name;
      },
      forecast: (query) => service.forecast(query),
      top: (query, n) => service.top(query, n),
      chart(forecast) {
        if (libraries.loaded()) return service.chart(forecast);
        const placeholder = `${PLACEHOLDER}${next++}`;
        pending.set(placeholder, forecast);
        return placeholder;
      },
    },
    async finish(reply) {
      const forecast = reply.chart && pending.get(reply.chart.svg);
      if (!reply.chart || !forecast) return reply;
      pending.delete(reply.chart.svg);
      await libraries.load();
      return { ...reply, chart: { ...reply.chart, svg: service.chart(forecast) } };
    },
    warm: () => libraries.load().catch(() => undefined),
  };
}
