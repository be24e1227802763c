import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CoPurchase, fillUp, popularArticles, repurchaseOrder } from '../../../models/recommender/baselines.ts';
import { articlesPath, loadHmArticles } from '../../../models/recommender/hm-articles.ts';
import { loadTransactions, purchasedOn, transactionsPath } from '../../../models/recommender/transactions.ts';
import { articleId, DATES, writeSyntheticHm } from './synthetic.ts';

describe('H&M readers', () => {
  it('reads an article whose quoted description spans lines, and the article after it', () => {
    const dir = writeSyntheticHm({ products: 2, customers: 4 });
    const file = articlesPath(dir);
    const [header, first, ...rest] = gunzipSync(readFileSync(file)).toString('utf8').trimEnd().split('\n');
    // The synthetic description is the last field, quoted: put one with a line break (and doubled quotes) there.
    const id = first!.slice(0, first!.indexOf(','));
    const row = `${first!.slice(0, first!.lastIndexOf(',"'))},"Jersey top, ""relaxed"" fit.\nMachine wash cold."`;
    writeFileSync(file, gzipSync(`${[header, row, ...rest].join('\n')}\n`));
    const articles = loadHmArticles(file);
    expect(articles.ids).toHaveLength(1 + rest.length);
    expect(articles.tokens[articles.index.get(id)!]).toEqual(
      expect.arrayContaining(['word:relaxed', 'word:machine', 'word:cold']),
    );
    expect(articles.ids[1]).toBe(rest[0]!.split(',')[0]);
  });

  it('reads transactions and articles, keeping ids as 10-digit strings', () => {
    const dir = writeSyntheticHm({ products: 6, customers: 12 });
    const { transactions, skipped } = loadTransactions(transactionsPath(dir));
    expect(skipped).toBe(0);
    expect(transactions.dates.every((d) => DATES.includes(d))).toBe(true);
    expect(transactions.articles.every((id) => /^0\d{9}$/.test(id))).toBe(true);
    const articles = loadHmArticles(articlesPath(dir));
    expect(articles.ids).toHaveLength(18);
    const first = articles.index.get(articleId(0, 0))!;
    expect(articles.tokens[first]).toEqual(
      expect.arrayContaining(['hm-type:dress', 'hm-color:black', 'hm-dept:dresses', 'word:ruffles']),
    );
    expect(articles.productCode[first]).toBe(articles.productCode[articles.index.get(articleId(0, 2))!]);
  });

  it('names the file when it cannot be read', () => {
    expect(() => loadTransactions('/nonexistent/t.csv.gz')).toThrow(/\/nonexistent\/t\.csv\.gz/);
  });

  it('orders repurchases by recency then units, fills up without duplicates', () => {
    expect(
      repurchaseOrder([
        { article: 4, count: 1, lastDay: 2 },
        { article: 9, count: 3, lastDay: 5 },
        { article: 7, count: 2, lastDay: 2 },
      ]),
    ).toEqual([9, 7, 4]);
    // ties go to the article that sells more right now, not to the lower article number
    const tied = [
      { article: 4, count: 1, lastDay: 2 },
      { article: 7, count: 1, lastDay: 2 },
    ];
    expect(repurchaseOrder(tied)).toEqual([4, 7]);
    expect(repurchaseOrder(tied, Float32Array.of(0, 0, 0, 0, 1, 0, 0, 5))).toEqual([7, 4]);
    expect(fillUp([1, 2], [2, 3, 4], 3)).toEqual([1, 2, 3]);
  });

  it('scores co-purchases as the cosine of the buyer sets and ranks neighbours of a history', () => {
    const co = new CoPurchase([
      [
        { article: 1, count: 1, lastDay: 0 },
        { article: 2, count: 1, lastDay: 0 },
      ],
      [
        { article: 1, count: 1, lastDay: 0 },
        { article: 2, count: 1, lastDay: 0 },
        { article: 3, count: 1, lastDay: 0 },
      ],
      [{ article: 3, count: 1, lastDay: 0 }],
    ]);
    expect(co.count(1, 2)).toBe(2);
    expect(co.score(1, 2)).toBeCloseTo(1, 10);
    expect(co.score(1, 3)).toBeCloseTo(1 / 2, 10);
    expect(co.score(1, 4)).toBe(0);
    expect(co.recommend([{ article: 1, count: 1, lastDay: 0 }], 5)).toEqual([2, 3]);
    // a real tie (2 and 3 are both bought with 1 by the one customer) goes to the more popular one
    const tie = new CoPurchase([
      [
        { article: 1, count: 1, lastDay: 0 },
        { article: 2, count: 1, lastDay: 0 },
        { article: 3, count: 1, lastDay: 0 },
      ],
    ]);
    expect(tie.recommend([{ article: 1, count: 1, lastDay: 0 }], 5)).toEqual([2, 3]);
    expect(tie.recommend([{ article: 1, count: 1, lastDay: 0 }], 5, Float32Array.of(0, 0, 1, 9))).toEqual([3, 2]);
  });
});

const real = '/work/shared/data';
describe.skipIf(!existsSync(transactionsPath(real)))('the real H&M transactions', () => {
  it('hold 240,311 purchases over 7 days, the last being the test day', () => {
    const { transactions: t, skipped } = loadTransactions(transactionsPath(real));
    expect(skipped).toBe(0);
    expect(t.size).toBe(240_311);
    expect(t.dates).toEqual(DATES);
    expect(purchasedOn(t, 6, 6).size).toBeGreaterThan(10_000);
    expect(popularArticles(t, 5, 5).length).toBeGreaterThan(1000);
  });
});
