/** "What's trending?", "are cardigans coming back?" — answered from the trend predictor. */
import type { TrendForecast } from '../../types.ts';
import type { Action } from '../context.ts';

const pct = (x: number) => `${x >= 0 ? '+' : ''}${Math.round(x * 100)}%`;

const COUNTRY_NAMES = new Intl.DisplayNames(['en'], { type: 'region' });

/**
 * A region code as people say it: `GB` → "the United Kingdom"; the service's aggregates get their own names.
 * @example
 * regionName('US') // 'the United States'
 */
export function regionName(region: string): string {
  if (region === 'EN') return 'English-speaking countries';
  if (region === 'world') return 'the world';
  if (region === 'IT') return 'Italy';
  try {
    const name = COUNTRY_NAMES.of(region) ?? region;
    return /^(United|Philippines|Netherlands)/.test(name) ? `the ${name}` : name;
  } catch {
    return region;
  }
}

const line = (f: TrendForecast) => `• ${f.term.replace(/-/g, ' ')} (${regionName(f.region)}): ${f.label}, ${pct(f.change)}`;

export const trendQuery: Action = ({ slots, deps }) => {
  const { trends } = deps;
  if (!trends) return { events: [], say: [{ key: 'trends_unavailable' }] };
  const term = slots.category ?? slots.color?.[0] ?? slots.material ?? slots.pattern;
  const query = { term, region: slots.region, season: slots.season, horizon: 12 };
  if (!term) {
    const top = trends.top(query, 5);
    if (top.length === 0) return { events: [], say: [{ key: 'trends_unavailable' }] };
    const asOf = top[0]!.history.at(-1)?.week ?? '';
    return {
      events: [],
      say: [{ key: 'trends_top', vars: { asOf } }, { lines: top.map(line) }],
      chart: { title: `${top[0]!.term} — forecast`, svg: trends.chart(top[0]!) },
    };
  }
  const forecast = trends.forecast(query);
  if (!forecast) return { events: [], say: [{ key: 'trend_unknown', vars: { term: term.replace(/-/g, ' ') } }] };
  const weeks = forecast.forecast.length;
  return {
    events: [],
    say: [
      {
        key: `trend_${forecast.label}`,
        vars: {
          term: forecast.term.replace(/-/g, ' '),
          region: regionName(forecast.region),
          change: pct(forecast.change),
          weeks,
          asOf: forecast.history.at(-1)?.week ?? '',
          source: forecast.dataset,
        },
      },
    ],
    chart: { title: `${forecast.term} (${forecast.region}) — forecast`, svg: trends.chart(forecast) },
  };
};
