import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  addWeeks,
  interpolateGaps,
  loadTrendSeries,
  mentionSeries,
  parseGoogleTrends,
  parseVisuelle,
  TrendDataError,
} from '../../../models/trends/series.ts';
import { SHARED_DATA } from './fixtures.ts';

describe('parseGoogleTrends', () => {
  it('groups rows by country and keyword, sorts weeks, reads <1 as 0.5 and fills a missing week', () => {
    const csv = [
      'date,geo,keyword,hits',
      '2020-01-12,GB,coat,60',
      '2020-01-05,GB,coat,<1',
      '2020-01-05,US,coat,40',
      '2020-01-26,GB,coat,80',
      '2020-01-12,US,coat,42',
    ].join('\n');
    const series = parseGoogleTrends(csv);
    const gb = series.find((s) => s.region === 'GB')!;
    expect(gb).toMatchObject({ dataset: 'google-trends', keyword: 'coat', start: '2020-01-05' });
    expect(gb.values).toEqual([0.5, 60, 70, 80]);
    expect(series.find((s) => s.region === 'US')!.values).toEqual([40, 42]);
  });

  it('rejects a wrong header and a bad number with the line named', () => {
    expect(() => parseGoogleTrends('a,b\n')).toThrow(TrendDataError);
    expect(() => parseGoogleTrends('date,geo,keyword,hits\n2020-01-05,US,coat,lots\n')).toThrow(/line 2/);
  });
});

describe('parseVisuelle', () => {
  it('interpolates -1 gaps and drops columns with no data', () => {
    const csv = ['date,red,linen,ghost', '2019-01-07,10,-1.0,-1', '2019-01-14,-1,5,-1', '2019-01-21,30,7,-1'].join(
      '\n',
    );
    const series = parseVisuelle(csv);
    expect(series.map((s) => s.keyword)).toEqual(['red', 'linen']);
    expect(series[0]!.values).toEqual([10, 20, 30]);
    expect(series[1]!.values).toEqual([5, 5, 7]);
    expect(series[0]).toMatchObject({ dataset: 'visuelle2', region: 'world', start: '2019-01-07' });
  });

  it('rejects dates that are not weekly', () => {
    expect(() => parseVisuelle('date,red\n2019-01-07,1\n2019-01-21,2\n')).toThrow(/not weekly/);
  });
});

describe('interpolateGaps', () => {
  it('fills inner gaps linearly and edge gaps with the nearest value', () => {
    expect(interpolateGaps([Number.NaN, 2, Number.NaN, Number.NaN, 8, Number.NaN])).toEqual([2, 2, 4, 6, 8, 8]);
    expect(interpolateGaps([Number.NaN])).toBeUndefined();
  });
});

describe('mentionSeries', () => {
  it('drops (week, term) groups under 20 users and fills the weeks between with 0', () => {
    const rows = [
      { week: '2026-01-05', term: 'coat', users: 25 },
      { week: '2026-01-12', term: 'coat', users: 19 },
      { week: '2026-01-19', term: 'coat', users: 40 },
      { week: '2026-01-05', term: 'linen', users: 3 },
    ];
    const series = mentionSeries(rows);
    expect(series).toHaveLength(1);
    expect(series[0]).toMatchObject({
      dataset: 'conversations',
      keyword: 'coat',
      start: '2026-01-05',
      values: [25, 0, 40],
    });
    expect(mentionSeries(rows, 50)).toEqual([]);
  });
});

describe('addWeeks', () => {
  it('moves by whole weeks across years', () => {
    expect(addWeeks('2019-12-30', 1)).toBe('2020-01-06');
    expect(addWeeks('2020-01-06', -2)).toBe('2019-12-23');
  });
});

describe.skipIf(!existsSync(SHARED_DATA))('loadTrendSeries on the shared datasets', () => {
  it('reads 1,070 Google Trends series of 156 weeks and the VISUELLE series with data', () => {
    const { series, files } = loadTrendSeries(SHARED_DATA);
    expect(files).toHaveLength(2);
    const gt = series.filter((s) => s.dataset === 'google-trends');
    expect(gt).toHaveLength(1070);
    expect(new Set(gt.map((s) => s.values.length))).toEqual(new Set([156]));
    expect(gt.filter((s) => ['US', 'GB', 'CA', 'IE', 'PH'].includes(s.region))).toHaveLength(178);
    const vis = series.filter((s) => s.dataset === 'visuelle2');
    expect(vis.length).toBeGreaterThan(80);
    expect(vis.every((s) => s.values.length === 220 && s.values.every((v) => Number.isFinite(v) && v >= 0))).toBe(true);
  });
});
