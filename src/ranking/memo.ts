/**
 * Memoisation for answers that cannot change while the process runs: trend forecasts (the series are loaded once)
 * and the trend signal of an (article type, colour) pair.
 */
import type { Item, Signal, TrendService } from '../types.ts';

/** A trend service whose forecasts, rankings and charts are computed once per distinct question. */
export function memoizedTrends(service: TrendService): TrendService {
  const forecasts = new Map<string, ReturnType<TrendService['forecast']>>();
  const tops = new Map<string, ReturnType<TrendService['top']>>();
  const charts = new WeakMap<object, string>();
  return {
    name: service.name,
    forecast(query) {
      const key = JSON.stringify([query.term, query.region, query.season, query.horizon]);
      if (!forecasts.has(key)) forecasts.set(key, service.forecast(query));
      return forecasts.get(key);
    },
    top(query, n) {
      const key = JSON.stringify([query.region, query.season, query.horizon, n]);
      const cached = tops.get(key);
      if (cached) return cached;
      const top = service.top(query, n);
      tops.set(key, top);
      return top;
    },
    chart(forecast) {
      let svg = charts.get(forecast);
      if (svg === undefined) {
        svg = service.chart(forecast);
        charts.set(forecast, svg);
      }
      return svg;
    },
  };
}

/** A per-item signal function cached by what it depends on: the article type and the main colour. */
export function memoizedItemSignal(signal: (item: Item) => Signal | undefined): (item: Item) => Signal | undefined {
  const cache = new Map<string, Signal | undefined>();
  return (item) => {
    const key = `${item.articleType}\u0000${item.colors[0] ?? ''}`;
    if (!cache.has(key)) cache.set(key, signal(item));
    return cache.get(key);
  };
}
