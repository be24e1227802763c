/**
 * Weekly attribute series and their sources: the Google Trends categories × countries file, the VISUELLE 2.0
 * Google Trends series (shapes, colours, fabrics), and the bot's own aggregated, opt-in conversation mentions.
 * The dataset files are third-party data: they are read from `config.dataDir` and never copied into the repository.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** One weekly series (values in the source's own 0–100 scale; NaN never appears after loading). */
export interface TrendSeries {
  /** `google-trends`, `visuelle2` or `conversations`. */
  dataset: string;
  /** The dataset's keyword, e.g. `coat`, `long cardigan`, `red`. */
  keyword: string;
  /** ISO 3166 alpha-2 country, or a group name (`EN`, `world`). */
  region: string;
  /** ISO date (YYYY-MM-DD) of the first week; weeks are 7 days apart. */
  start: string;
  values: number[];
}

/** Where the trend datasets live inside the data directory. */
export const TREND_FILES = {
  googleTrends: 'google-trends-fashion-categories/weekly_interest_by_country.csv',
  visuelle: 'visuelle2-google-trends/vis2_gtrends_data.csv',
} as const;

/** Thrown when a dataset file does not have the expected shape. */
export class TrendDataError extends Error {
  override name = 'TrendDataError';
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
  }
}

const DAY_MS = 86_400_000;

/** The ISO date `weeks` weeks after `start`. */
export function addWeeks(start: string, weeks: number): string {
  return new Date(Date.parse(`${start}T00:00:00Z`) + weeks * 7 * DAY_MS).toISOString().slice(0, 10);
}

/** Whole weeks from `a` to `b` (ISO dates), rounded. */
export function weeksBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / (7 * DAY_MS));
}

/** The ISO date of the last week of a series. */
export function endWeek(series: TrendSeries): string {
  return addWeeks(series.start, series.values.length - 1);
}

/**
 * Fills NaN gaps by linear interpolation between the nearest known neighbours; leading and trailing gaps take
 * the nearest known value. Returns undefined when nothing is known.
 * @example
 * interpolateGaps([1, NaN, 3, NaN]); // [1, 2, 3, 3]
 */
export function interpolateGaps(values: readonly number[]): number[] | undefined {
  const known = values.flatMap((v, i) => (Number.isFinite(v) ? [i] : []));
  if (known.length === 0) return undefined;
  const out = values.slice();
  for (let i = 0; i < out.length; i += 1) {
    if (Number.isFinite(out[i])) continue;
    const next = known.find((k) => k > i);
    const prev = [...known].reverse().find((k) => k < i);
    // One of the two exists, since something is known: a leading or trailing gap copies it.
    const from = values[prev ?? next ?? i] ?? Number.NaN;
    const to = values[next ?? prev ?? i] ?? Number.NaN;
    out[i] = prev === undefined || next === undefined ? from : from + ((to - from) * (i - prev)) / (next - prev);
  }
  return out;
}

/**
 * A copy of a string cut from a file's text that does not keep that text alive: V8 holds a long substring as a
 * view of its whole parent string, so one kept keyword would keep the whole file in memory.
 */
function detached(text: string): string {
  return Buffer.from(text, 'utf8').toString('utf8');
}

/**
 * Parses the long Google Trends file (`date,geo,keyword,hits`): one series per (country, keyword), weekly.
 * `<1` reads as 0.5. Rows may come in any order; each series must be contiguous weekly.
 * @example
 * const series = parseGoogleTrends(readFileSync(file, 'utf8'), file); // 1,070 series of 156 weeks
 */
export function parseGoogleTrends(text: string, file = 'google-trends'): TrendSeries[] {
  const lines = text.split(/\r?\n/).filter((line) => line.length > 0);
  if (lines[0]?.trim() !== 'date,geo,keyword,hits')
    throw new TrendDataError(file, 'expected header date,geo,keyword,hits');
  const groups = new Map<string, { region: string; keyword: string; rows: [string, number][] }>();
  for (const [n, line] of lines.entries()) {
    if (n === 0) continue;
    const [date, geo, keyword, hits] = line.split(',');
    if (!date || !geo || !keyword || hits === undefined || !/^\d{4}-\d{2}-\d{2}$/.test(date)) {
      throw new TrendDataError(file, `line ${n + 1} is not date,geo,keyword,hits`);
    }
    const value = hits.trim() === '<1' ? 0.5 : Number(hits);
    if (!Number.isFinite(value)) throw new TrendDataError(file, `line ${n + 1}: hits "${hits}" is not a number`);
    const key = `${geo}\u0000${keyword}`;
    const group = groups.get(key) ?? { region: detached(geo), keyword: detached(keyword), rows: [] };
    groups.set(key, group);
    group.rows.push([date, value]);
  }
  return [...groups.values()].flatMap((group): TrendSeries[] => {
    group.rows.sort((a, b) => (a[0] < b[0] ? -1 : 1));
    const [first] = group.rows;
    const last = group.rows.at(-1);
    if (!first || !last) return []; // a group exists only once it has a row
    const [start] = first;
    const values = new Array<number>(weeksBetween(start, last[0]) + 1).fill(Number.NaN);
    for (const [date, value] of group.rows) values[weeksBetween(start, date)] = value;
    const filled = interpolateGaps(values);
    return filled
      ? [{ dataset: 'google-trends', keyword: group.keyword, region: group.region, start, values: filled }]
      : [];
  });
}

/**
 * Parses the wide VISUELLE 2.0 file (`date` + one column per term); `-1` marks a missing value, filled by linear
 * interpolation. Columns with no data at all are dropped. The dataset does not state a country: the region is `world`.
 * @example
 * const series = parseVisuelle(readFileSync(file, 'utf8'), file); // 96 series of 220 weeks
 */
export function parseVisuelle(text: string, file = 'visuelle2'): TrendSeries[] {
  const lines = text.split(/\r?\n/).filter((line) => line.length > 0);
  const header = lines[0]?.split(',') ?? [];
  if (header[0] !== 'date' || header.length < 2) throw new TrendDataError(file, 'expected header date,<term>,…');
  const columns: number[][] = header.slice(1).map(() => []);
  const dates: string[] = [];
  for (const [n, line] of lines.entries()) {
    if (n === 0) continue;
    const cells = line.split(',');
    const [date = ''] = cells;
    if (cells.length !== header.length || !/^\d{4}-\d{2}-\d{2}$/.test(date)) {
      throw new TrendDataError(file, `line ${n + 1} has ${cells.length} cells, expected ${header.length}`);
    }
    dates.push(date);
    cells.slice(1).forEach((cell, c) => {
      const value = Number(cell);
      columns[c]?.push(Number.isFinite(value) && value >= 0 ? value : Number.NaN);
    });
  }
  dates.forEach((date, i) => {
    const previous = dates[i - 1];
    if (previous !== undefined && weeksBetween(previous, date) !== 1)
      throw new TrendDataError(file, `dates are not weekly at ${date}`);
  });
  const [start] = dates;
  return header.slice(1).flatMap((keyword, c) => {
    const values = interpolateGaps(columns[c] ?? []);
    return values && start
      ? [{ dataset: 'visuelle2', keyword: detached(keyword), region: 'world', start, values }]
      : [];
  });
}

/** The trend dataset files present in a data directory. */
export function trendFiles(dataDir: string): string[] {
  return [TREND_FILES.googleTrends, TREND_FILES.visuelle]
    .map((file) => path.join(dataDir, file))
    .filter((file) => existsSync(file));
}

/** All trend series found in a data directory (missing files are skipped), with the files that were read. */
export function loadTrendSeries(dataDir: string): { series: TrendSeries[]; files: string[] } {
  const files = trendFiles(dataDir);
  const series = files.flatMap((file) => {
    const text = readFileSync(file, 'utf8');
    return file.endsWith(TREND_FILES.googleTrends) ? parseGoogleTrends(text, file) : parseVisuelle(text, file);
  });
  return { series, files };
}

/** One aggregated row of the conversation log: how many distinct opted-in users asked for `term` in `week`. */
export interface MentionRow {
  /** ISO date of the week start (Monday). */
  week: string;
  /** Canonical article type or colour. */
  term: string;
  /** Distinct opted-in users (never user ids: the log store aggregates before handing rows over). */
  users: number;
}

/** The smallest group of users whose weekly count may be used at all (k-anonymity). */
export const MIN_GROUP_USERS = 20;

/**
 * Turns weekly mention counts from the conversation log into series, one per term (dataset `conversations`,
 * region `world`). Contract: the log store counts only users who opted in (`Profile.trendOptIn`) and hands over
 * aggregated rows, never ids. Any (week, term) group with fewer than `minUsers` distinct users is dropped
 * (it reads as 0, indistinguishable from no mentions); weeks between the first and last kept week with no row
 * read 0. Terms left with no kept week produce no series.
 * @example
 * mentionSeries([{ week: '2026-01-05', term: 'coat', users: 31 }]); // [{ keyword: 'coat', values: [31], … }]
 */
export function mentionSeries(rows: readonly MentionRow[], minUsers = MIN_GROUP_USERS): TrendSeries[] {
  const byTerm = new Map<string, Map<string, number>>();
  for (const row of rows) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(row.week) || !Number.isFinite(row.users) || row.users < minUsers) continue;
    const weeks = byTerm.get(row.term) ?? new Map<string, number>();
    byTerm.set(row.term, weeks);
    weeks.set(row.week, (weeks.get(row.week) ?? 0) + row.users);
  }
  return [...byTerm.entries()].flatMap(([term, weeks]): TrendSeries[] => {
    const sorted = [...weeks.keys()].sort();
    const [start] = sorted;
    const end = sorted.at(-1);
    if (start === undefined || end === undefined) return []; // a term is added only with a week
    const values = new Array<number>(weeksBetween(start, end) + 1).fill(0);
    for (const [week, users] of weeks) values[weeksBetween(start, week)] = users;
    return [{ dataset: 'conversations', keyword: term, region: 'world', start, values }];
  });
}
