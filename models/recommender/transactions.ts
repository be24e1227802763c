/**
 * H&M purchases (`transactions_*.csv.gz`: `t_dat,customer_id,article_id,price,sales_channel_id`) in columnar form,
 * and the views the recommender needs: per-customer histories, popularity, co-purchase counts.
 */
import path from 'node:path';
import { readCsvTable } from '../../src/catalog/csv.ts';
import { HM_TRANSACTIONS } from '../../src/catalog/hm-files.ts';

/** Purchases, one row per unit bought, in file order. Customers and articles are numbered in order of appearance. */
export interface Transactions {
  /** Distinct dates (`YYYY-MM-DD`), ascending. */
  readonly dates: string[];
  readonly day: Uint8Array;
  readonly customer: Int32Array;
  readonly article: Int32Array;
  readonly price: Float32Array;
  /** 1 when the unit was bought online (sales channel 2), else 0. */
  readonly online: Uint8Array;
  /** Customer ids (hashes) by number. */
  readonly customers: string[];
  /** Article ids (10-digit strings) by number. */
  readonly articles: string[];
  readonly size: number;
}

/**
 * Parses the transactions CSV (gzip). Bad rows (wrong field count, bad date or article id) are skipped and counted.
 * @example
 * const { transactions, skipped } = loadTransactions('/data/hm-personalized-fashion-recommendations/transactions….csv.gz');
 */
export function loadTransactions(file: string): { transactions: Transactions; skipped: number } {
  const { columns, rows: lines } = readCsvTable(file, ['t_dat', 'customer_id', 'article_id', 'price']);
  const channelCol = columns.get('sales_channel_id');
  // readCsvTable has checked that the required columns are there
  const column = (name: string) => columns.get(name) ?? -1;
  const [dateCol, customerCol, articleCol, priceCol] = [
    column('t_dat'),
    column('customer_id'),
    column('article_id'),
    column('price'),
  ];
  const n = lines.length;
  const dateOf: string[] = new Array(n);
  const customer = new Int32Array(n);
  const article = new Int32Array(n);
  const price = new Float32Array(n);
  const online = new Uint8Array(n);
  const customers = new Map<string, number>();
  const articles = new Map<string, number>();
  let rows = 0;
  let skipped = 0;
  for (const fields of lines) {
    const date = fields[dateCol];
    const articleId = fields[articleCol];
    const customerId = fields[customerCol];
    if (!date || !/^\d{4}-\d{2}-\d{2}$/.test(date) || !articleId || !/^\d{9,10}$/.test(articleId) || !customerId) {
      skipped++;
      continue;
    }
    const id = articleId.padStart(10, '0');
    let c = customers.get(customerId);
    if (c === undefined) {
      c = customers.size;
      customers.set(customerId, c);
    }
    let a = articles.get(id);
    if (a === undefined) {
      a = articles.size;
      articles.set(id, a);
    }
    dateOf[rows] = date;
    customer[rows] = c;
    article[rows] = a;
    price[rows] = Number(fields[priceCol]) || 0;
    online[rows] = channelCol !== undefined && fields[channelCol] === '2' ? 1 : 0;
    rows++;
  }
  const dates = [...new Set(dateOf.slice(0, rows))].sort();
  if (dates.length > 255) throw new Error(`${file}: more than 255 distinct dates are not supported`);
  const dayOf = new Map(dates.map((d, i) => [d, i]));
  const day = new Uint8Array(rows);
  for (let r = 0; r < rows; r++) day[r] = dayOf.get(dateOf[r] ?? '') ?? 0;
  return {
    transactions: {
      dates,
      day,
      customer: customer.slice(0, rows),
      article: article.slice(0, rows),
      price: price.slice(0, rows),
      online: online.slice(0, rows),
      customers: [...customers.keys()],
      articles: [...articles.keys()],
      size: rows,
    },
    skipped,
  };
}

/** The transactions file in a data directory. */
export function transactionsPath(dataDir: string): string {
  return path.join(dataDir, HM_TRANSACTIONS);
}

/** One customer's purchases of one article: how many units (how many of them online), and the last day. */
export interface Purchase {
  article: number;
  count: number;
  lastDay: number;
  /** Units bought online (absent: all of them, as in a chat). */
  online?: number;
  /** Total price paid for the units (absent: unknown, as in a chat). */
  paid?: number;
}

/** Distinct articles each customer bought on the days in `[fromDay, toDay]`. */
export function purchasedOn(t: Transactions, fromDay: number, toDay: number): Map<number, Set<number>> {
  const out = new Map<number, Set<number>>();
  for (let r = 0; r < t.size; r++) {
    const day = t.day[r] ?? -1;
    const customer = t.customer[r] ?? -1;
    const article = t.article[r] ?? -1;
    if (day < fromDay || day > toDay) continue;
    let set = out.get(customer);
    if (!set) {
      set = new Set();
      out.set(customer, set);
    }
    set.add(article);
  }
  return out;
}
