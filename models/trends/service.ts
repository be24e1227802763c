/**
 * The trend service the bot talks to: forecasts for canonical terms (article types, colours, materials) per
 * region and season, the most rising terms, and charts. Forecasts are made from the data's last week (the data
 * ends in 2020 / 2019): `history.at(-1).week` is the "as of" date the bot must say.
 */
import type { Item, Season, Signal, TrendForecast, TrendPoint, TrendQuery, TrendService } from '../../src/types.ts';
import { chartSvg } from './chart.ts';
import { type BandForecast, baselineBand, blendBands } from './forecaster.ts';
import { addWeeks, endWeek, type TrendSeries } from './series.ts';
import { GOOGLE_TRENDS_TERMS, type TermSource, termSource } from './terms.ts';
import { MAX_HORIZON, windowScale } from './windows.ts';

/** Region used when a question names none: the mean of these English-speaking countries' series. */
export const DEFAULT_REGION = 'EN';
export const EN_REGIONS: readonly string[] = ['US', 'GB', 'CA', 'IE'];
/** Relative change beyond which a term is `rising` or `falling`. */
export const LABEL_THRESHOLD = 0.1;
/** Default weight of the trend signal in rankings (0 disables it). */
export const DEFAULT_TREND_BOOST = 0.05;
/** Weeks of history a forecast carries (for charts). */
const HISTORY_WEEKS = 52;
const REGION_ALIASES: Readonly<Record<string, string>> = { UK: 'GB', EN: 'EN', WORLD: 'world' };
const SEASON_MONTHS: Readonly<Record<Season, readonly number[]>> = {
  spring: [3, 4, 5],
  summer: [6, 7, 8],
  autumn: [9, 10, 11],
  winter: [12, 1, 2],
};

/** What the service is built from. */
export interface TrendServiceParts {
  series: readonly TrendSeries[];
  /** Name of the forecasting model, e.g. `lstm-global@1a2b…+holt-winters` or `holt-winters`. */
  model: string;
  /** The trained network's forecasts from each series' last week, by `seriesKey`. */
  networkBands?: ReadonlyMap<string, BandForecast>;
  /** Weight of the network's median against Holt-Winters (ignored without `networkBands`). */
  networkWeight?: number;
}

/** The key of a series in `networkBands`. */
export const seriesKey = (s: Pick<TrendSeries, 'dataset' | 'keyword' | 'region'>) =>
  `${s.dataset}\u0000${s.keyword}\u0000${s.region}`;

const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length;

/** Upper-case ISO code, `UK` → `GB`; undefined stays undefined. */
export function normaliseRegion(region: string | undefined): string | undefined {
  if (region === undefined || region.trim() === '') return undefined;
  const upper = region.trim().toUpperCase();
  return REGION_ALIASES[upper] ?? upper;
}

/** `rising` / `steady` / `falling` for a relative change. */
export function trendLabel(change: number): TrendForecast['label'] {
  return change >= LABEL_THRESHOLD ? 'rising' : change <= -LABEL_THRESHOLD ? 'falling' : 'steady';
}

/** Element-wise mean of equally long arrays. */
const meanOf = (arrays: readonly (readonly number[])[]) =>
  (arrays[0] ?? []).map((_, i) => mean(arrays.map((a) => a[i] ?? 0)));

/**
 * The series of a term source in a region, aligned (same start and length as the first): a named region's own
 * series, or for the default region the mean of the English-speaking countries'.
 */
function membersOf(
  index: ReadonlyMap<string, TrendSeries>,
  source: TermSource,
  region: string | undefined,
): { region: string; members: TrendSeries[] } {
  const dataset = source.dataset;
  const wanted = dataset === 'google-trends' ? (region ?? DEFAULT_REGION) : 'world';
  const regions = wanted === DEFAULT_REGION && dataset === 'google-trends' ? EN_REGIONS : [wanted];
  const members = source.keywords.flatMap((k) =>
    regions.flatMap((r) => {
      const s = index.get(seriesKey({ dataset, keyword: k, region: r }));
      return s ? [s] : [];
    }),
  );
  const first = members[0];
  const aligned = members.filter((s) => first && s.start === first.start && s.values.length === first.values.length);
  return { region: wanted, members: aligned };
}

/**
 * The weeks of the next occurrence of `season` after the data's last week (northern-hemisphere months).
 * Inside the model's horizon they take the model's forecast; further out, last year's same weeks shifted by
 * the year-on-year change of the level (model `seasonal-profile`).
 */
function seasonalProjection(
  values: readonly number[],
  band: BandForecast,
  last: string,
  season: Season,
  model: string,
): { weeks: number[]; band: BandForecast; model: string } {
  const months = SEASON_MONTHS[season];
  const inSeason = (k: number) => months.includes(Number(addWeeks(last, k).slice(5, 7)));
  let start = 1;
  while (start < 52 && !inSeason(start)) start += 1;
  let end = start;
  while (end < start + 16 && inSeason(end + 1)) end += 1;
  const weeks = Array.from({ length: end - start + 1 }, (_, i) => start + i);
  if (end <= MAX_HORIZON) {
    const pick = (a: readonly number[]) => weeks.map((k) => a[k - 1] ?? 0);
    return { weeks, band: { mid: pick(band.mid), lo: pick(band.lo), hi: pick(band.hi) }, model };
  }
  const n = values.length;
  const shift = n >= 65 ? mean(values.slice(n - 13)) - mean(values.slice(n - 65, n - 52)) : 0;
  const width = Math.log(5) * windowScale(values).scale;
  const lastValue = values.at(-1) ?? 0;
  const mid = weeks.map((k) => Math.max(0, (n >= 52 ? (values[n - 52 + ((k - 1) % 52)] ?? 0) : lastValue) + shift));
  return {
    weeks,
    band: { mid, lo: mid.map((v) => v - width), hi: mid.map((v) => v + width) },
    model: 'seasonal-profile',
  };
}

/** The forecast of a term from its aligned member series (their mean, and the mean of their bands). */
function forecastOf(
  source: TermSource,
  found: { region: string; members: TrendSeries[] },
  bandOf: (s: TrendSeries) => BandForecast,
  query: TrendQuery,
  model: string,
): TrendForecast | undefined {
  const { region, members } = found;
  const first = members[0];
  if (!first) return undefined;
  const values = meanOf(members.map((s) => s.values));
  const memberBands = members.map(bandOf);
  const band: BandForecast = {
    mid: meanOf(memberBands.map((b) => b.mid)),
    lo: meanOf(memberBands.map((b) => b.lo)),
    hi: meanOf(memberBands.map((b) => b.hi)),
  };
  const last = endWeek(first);
  const horizon = Math.min(MAX_HORIZON, Math.max(1, Math.round(query.horizon ?? MAX_HORIZON)));
  const projected = query.season
    ? seasonalProjection(values, band, last, query.season, model)
    : { weeks: Array.from({ length: horizon }, (_, h) => h + 1), band, model };
  const forecast = projected.weeks.map((k, i) => ({
    week: addWeeks(last, k),
    value: projected.band.mid[i] ?? 0,
    lo: projected.band.lo[i] ?? 0,
    hi: projected.band.hi[i] ?? 0,
  }));
  // The last observed value, as in the backtest's direction accuracy, so the labels are what was measured.
  const level = values.at(-1) ?? 0;
  const change = (mean(forecast.map((p) => p.value)) - level) / Math.max(level, 1);
  const history: TrendPoint[] = values
    .slice(-HISTORY_WEEKS)
    .map((value, i, recent) => ({ week: addWeeks(last, i - recent.length + 1), value }));
  return {
    term: source.label,
    region,
    dataset: source.dataset,
    history,
    forecast,
    label: trendLabel(change),
    change,
    model: projected.model,
  };
}

/**
 * Builds the trend service over loaded series (no file access; `loadTrends` reads the data and artifacts).
 * @example
 * const service = createTrendService({ series, model: 'holt-winters' });
 * service.forecast({ term: 'coat', region: 'GB', horizon: 12 }); // { label: 'falling', change: -0.31, … }
 */
export function createTrendService(parts: TrendServiceParts): TrendService {
  const index = new Map(parts.series.map((s) => [seriesKey(s), s]));
  const visuelle = new Set(parts.series.filter((s) => s.dataset === 'visuelle2').map((s) => s.keyword));
  const mentioned = new Set(parts.series.filter((s) => s.dataset === 'conversations').map((s) => s.keyword));
  const bands = new Map<string, BandForecast>();
  const answers = new Map<string, TrendForecast | undefined>();
  const weight = parts.networkBands ? (parts.networkWeight ?? 1) : 0;

  const bandOf = (s: TrendSeries): BandForecast => {
    const key = seriesKey(s);
    let band = bands.get(key);
    if (!band) {
      const base = baselineBand(s.values);
      const network = parts.networkBands?.get(key);
      band = network && weight > 0 ? blendBands([network, base], [weight, 1 - weight]) : base;
      bands.set(key, band);
    }
    return band;
  };

  const sourceOf = (term: string): TermSource | undefined => {
    const key = term.trim().toLowerCase();
    return (
      termSource(key, visuelle) ??
      (mentioned.has(key) ? { dataset: 'conversations' as const, keywords: [key], label: key } : undefined)
    );
  };

  const cached = (source: TermSource, query: TrendQuery) => {
    const region = normaliseRegion(query.region);
    const key = [source.dataset, source.keywords.join('+'), region, query.season, query.horizon].join('|');
    if (!answers.has(key))
      answers.set(key, forecastOf(source, membersOf(index, source, region), bandOf, query, parts.model));
    return answers.get(key);
  };

  return {
    name: parts.model,
    forecast(query) {
      const source = query.term === undefined ? undefined : sourceOf(query.term);
      return source ? cached(source, query) : undefined;
    },
    top(query, n) {
      const candidates =
        query.term !== undefined
          ? [this.forecast(query)]
          : GOOGLE_TRENDS_TERMS.map((keyword) =>
              cached({ dataset: 'google-trends', keywords: [keyword], label: keyword }, query),
            );
      return candidates
        .filter((f): f is TrendForecast => f !== undefined)
        .sort((a, b) => b.change - a.change)
        .slice(0, Math.max(0, n));
    },
    chart(forecast) {
      return chartSvg(forecast);
    },
  };
}

/** Options of `trendSignal`. */
export interface TrendSignalOptions {
  /** Largest boost (default `DEFAULT_TREND_BOOST`; 0 disables the signal). */
  weight?: number;
  region?: string;
  season?: Season;
}

/**
 * The `trend` signal of an item for the recommender and the outfit composer: a boost in (0, weight] when the
 * item's article type or main colour is rising (full weight at +50% or more), undefined otherwise. The detail
 * names the term, the change and the "as of" week, for explanations.
 * @example
 * const signal = trendSignal(service, item, { weight: 0.05 });
 * // { name: 'trend', weight: 0.03, detail: 'shorts rising +31% over the next 12 weeks (google-trends EN, as of 2020-04-12)' }
 */
export function trendSignal(
  service: TrendService,
  item: Pick<Item, 'articleType' | 'colors'>,
  options: TrendSignalOptions = {},
): Signal | undefined {
  const weight = options.weight ?? DEFAULT_TREND_BOOST;
  if (!(weight > 0)) return undefined;
  const terms = [item.articleType, item.colors[0]].filter((t): t is string => typeof t === 'string' && t.length > 0);
  const rising = terms
    .map((term) => service.forecast({ term, region: options.region, season: options.season }))
    .filter((f): f is TrendForecast => f !== undefined && f.label === 'rising')
    .sort((a, b) => b.change - a.change)[0];
  if (!rising) return undefined;
  const boost = weight * Math.min(1, rising.change / 0.5);
  const asOf = rising.history.at(-1)?.week ?? '?';
  return {
    name: 'trend',
    weight: boost,
    detail: `${rising.term} rising +${Math.round(rising.change * 100)}% over the next ${rising.forecast.length} weeks (${rising.dataset} ${rising.region}, as of ${asOf})`,
  };
}

/**
 * The trend boost of an item as a number (0 when its article type and colour are not rising or not covered).
 * @example
 * score += trendBoost(service, item); // ≤ 0.05 by default
 */
export function trendBoost(
  service: TrendService,
  item: Pick<Item, 'articleType' | 'colors'>,
  options: TrendSignalOptions = {},
): number {
  return trendSignal(service, item, options)?.weight ?? 0;
}
