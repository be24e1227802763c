/** The H&M data the hybrid model learns from (articles, transactions and what is derived from them once). */

import { fnv1a } from './content.ts';
import { articlesPath, type HmArticles, loadHmArticles } from './hm-articles.ts';
import {
  type ArticleKinds,
  articleIndexOf,
  articleKinds,
  type Snapshot,
  snapshotAt,
  variantIndex,
} from './snapshot.ts';
import { loadTransactions, type Transactions, transactionsPath } from './transactions.ts';

/** The H&M data the hybrid model learns from. */
export interface HybridData {
  transactions: Transactions;
  articles: HmArticles;
  /** Transaction article number → article index. */
  articleIndex: Int32Array;
  variants: Map<number, number[]>;
  /** Product type and index group ids of the articles. */
  kinds: ArticleKinds;
  /** Hash of the input files' bytes sizes and row counts, for the artifact metadata. */
  hash: string;
}

/**
 * Reads the H&M articles and transactions from a data directory.
 * @example
 * const data = loadHybridData('/work/shared/data');
 */
export function loadHybridData(dataDir: string): HybridData {
  const { transactions } = loadTransactions(transactionsPath(dataDir));
  const articles = loadHmArticles(articlesPath(dataDir));
  const articleIndex = articleIndexOf(transactions, articles);
  let h = fnv1a(`${transactions.size}:${articles.ids.length}:${transactions.dates.join(',')}`);
  for (let r = 0; r < transactions.size; r += 97)
    h = fnv1a(`${h}:${transactions.customers[transactions.customer[r] ?? -1]}:${transactions.article[r]}`);
  return {
    transactions,
    articles,
    articleIndex,
    variants: variantIndex(articles),
    kinds: articleKinds(articles),
    hash: h.toString(16).padStart(8, '0'),
  };
}

/**
 * The snapshot of the data for predicting `day` (purchases of days `[0, day - 1]`).
 * @example
 * const snapshot = snapshotOf(data, 6);
 */
export function snapshotOf(data: HybridData, day: number): Snapshot {
  return snapshotAt(data.transactions, data.articleIndex, data.articles, 0, day, data.kinds, data.variants);
}
