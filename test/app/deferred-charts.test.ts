import { describe, expect, it } from 'vitest';
import { deferredCharts } from '../../src/deferred-charts.ts';
import type { Reply, TrendForecast, TrendService } from '../../src/types.ts';

const forecast = { term: 'linen' } as TrendForecast;

/** A trend service that can draw only once its "libraries" are loaded, and counts the loads. */
function fakeTrends() {
  const state = { loaded: false, loads: 0 };
  const service: TrendService = {
    name: 'trends:test',
    forecast: () => forecast,
    top: () => [forecast],
    chart: (f) => {
      if (!state.loaded) throw new Error('not loaded');
      return `<svg>${f.term}</svg>`;
    },
  };
  const libraries = {
    load: async () => {
      state.loads++;
      state.loaded = true;
    },
    loaded: () => state.loaded,
  };
  return { state, charts: deferredCharts(service, libraries) };
}

const replyWith = (svg: string): Reply => ({ text: 'Linen is rising.', chart: { title: 'linen', svg } }) as Reply;

describe('deferredCharts', () => {
  it('hands out a placeholder before the libraries load, and draws it when the reply is finished', async () => {
    const { state, charts } = fakeTrends();
    const svg = charts.trends.chart(forecast);
    expect(svg).not.toContain('<svg');
    expect(state.loads).toBe(0);
    const reply = await charts.finish(replyWith(svg));
    expect(reply.chart).toEqual({ title: 'linen', svg: '<svg>linen</svg>' });
    expect(reply.text).toBe('Linen is rising.');
  });

  it('draws at once when the libraries are loaded, and leaves other replies alone', async () => {
    const { state, charts } = fakeTrends();
    await charts.warm();
    expect(charts.trends.chart(forecast)).toBe('<svg>linen</svg>');
    const plain = { text: 'hi' } as Reply;
    expect(await charts.finish(plain)).toBe(plain);
    expect(await charts.finish(replyWith('<svg>other</svg>'))).toEqual(replyWith('<svg>other</svg>'));
    expect(state.loads).toBe(1);
  });

  it('passes forecasts, rankings and the name through', () => {
    const { charts } = fakeTrends();
    expect(charts.trends.name).toBe('trends:test');
    expect(charts.trends.forecast({ term: 'linen' })).toBe(forecast);
    expect(charts.trends.top({}, 1)).toEqual([forecast]);
  });
});
