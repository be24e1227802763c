/** Synthetic trend series for the trend tests (hand-made shapes, no third-party rows). */
import type { TrendSeries } from '../../../models/trends/series.ts';

/** A weekly series with a yearly sine season, a linear trend and an optional deterministic wobble. */
export function syntheticSeries(
  overrides: Partial<TrendSeries> & {
    weeks?: number;
    level?: number;
    amplitude?: number;
    slope?: number;
    wobble?: number;
  } = {},
): TrendSeries {
  const { weeks = 156, level = 50, amplitude = 20, slope = 0, wobble = 0, ...rest } = overrides;
  const values = Array.from(
    { length: weeks },
    (_, t) => level + slope * t + amplitude * Math.sin((2 * Math.PI * t) / 52) + wobble * Math.sin(t * 1.7),
  );
  return { dataset: 'google-trends', keyword: 'coat', region: 'US', start: '2017-04-23', values, ...rest };
}

/** The long Google Trends CSV of the given series. */
export function googleTrendsCsv(series: readonly TrendSeries[]): string {
  const rows = ['date,geo,keyword,hits'];
  for (const s of series) {
    s.values.forEach((v, i) => {
      const date = new Date(Date.parse(`${s.start}T00:00:00Z`) + i * 7 * 86_400_000).toISOString().slice(0, 10);
      rows.push(`${date},${s.region},${s.keyword},${Math.round(v)}`);
    });
  }
  return `${rows.join('\n')}\n`;
}

/** Whether the shared datasets are present (tests on real data skip without them). */
export const SHARED_DATA = new URL('../../../../shared/data/', import.meta.url).pathname;
