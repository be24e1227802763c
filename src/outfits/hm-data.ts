/**
 * Readers for the H&M files the compatibility model learns from: article attributes (`articles.csv.gz`) and
 * purchases (`transactions_*.csv.gz`), grouped into baskets (same customer, same day).
 * Everything stays in memory as integer codes; nothing derived from the files is written outside the data home.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';

/** The H&M article attributes the compatibility model uses, in this order. */
export const HM_FIELDS = [
  'product_code',
  'product_type_no',
  'product_group_name',
  'graphical_appearance_no',
  'colour_group_code',
  'perceived_colour_value_id',
  'perceived_colour_master_id',
  'department_no',
  'index_code',
  'index_group_no',
  'section_no',
  'garment_group_no',
] as const;

/** H&M articles as integer codes: `codes[f][i]` is the code of field `HM_FIELDS[f]` for article `i`. */
export interface HmArticles {
  ids: string[];
  index: Map<string, number>;
  codes: Int32Array[];
  /** Human-readable value of each code, per field (for explanations and debugging). */
  labels: string[][];
}

/** One purchase row. */
export interface HmPurchase {
  day: string;
  customer: number;
  article: number;
  price: number;
}

/** A basket: distinct articles one customer bought on one day. */
export interface Basket {
  day: string;
  customer: number;
  articles: number[];
}

/** Directory of the H&M files inside a data directory. */
export function hmDirectory(dataDir: string): string {
  return path.join(dataDir, 'hm-personalized-fashion-recommendations');
}

/** Whether the H&M files the compatibility model needs exist under `dataDir`. */
export function hasHmData(dataDir: string | undefined): dataDir is string {
  if (!dataDir) return false;
  const dir = hmDirectory(dataDir);
  return existsSync(path.join(dir, 'articles.csv.gz')) && transactionsFile(dataDir) !== undefined;
}

function transactionsFile(dataDir: string): string | undefined {
  const dir = hmDirectory(dataDir);
  if (!existsSync(dir)) return undefined;
  const name = readdirSync(dir).find((f) => f.startsWith('transactions') && f.endsWith('.csv.gz'));
  return name ? path.join(dir, name) : undefined;
}

function readGzipLines(file: string): string[] {
  try {
    return gunzipSync(readFileSync(file)).toString('utf8').split('\n');
  } catch (error) {
    throw new Error(`cannot read ${file}: ${(error as Error).message}`);
  }
}

/** Splits one CSV line with double-quoted fields (no embedded newlines in these files). */
export function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(field);
      field = '';
    } else field += ch;
  }
  out.push(field);
  return out;
}

/**
 * Reads `articles.csv.gz` into integer codes per field.
 * @example
 * const articles = readHmArticles('/work/shared/data'); articles.ids.length; // 105542
 */
export function readHmArticles(dataDir: string): HmArticles {
  const file = path.join(hmDirectory(dataDir), 'articles.csv.gz');
  const lines = readGzipLines(file);
  const header = splitCsvLine(lines[0] ?? '');
  const columns = HM_FIELDS.map((f) => header.indexOf(f));
  const missing = HM_FIELDS.filter((_, f) => (columns[f] ?? -1) < 0);
  if (header.indexOf('article_id') !== 0 || missing.length > 0) {
    throw new Error(`${file}: unexpected header (missing article_id or ${missing.join(', ')})`);
  }
  const rows = lines.slice(1).filter((l) => l.length > 0);
  const ids: string[] = [];
  const index = new Map<string, number>();
  const fields = columns.map((column) => ({
    column,
    codes: new Int32Array(rows.length),
    dictionary: new Map<string, number>(),
    labels: [] as string[],
  }));
  for (const line of rows) {
    const cells = splitCsvLine(line);
    const [id] = cells;
    if (id === undefined || index.has(id)) continue;
    const i = ids.length;
    ids.push(id);
    index.set(id, i);
    for (const field of fields) {
      const value = cells[field.column] ?? '';
      let code = field.dictionary.get(value);
      if (code === undefined) {
        code = field.dictionary.size;
        field.dictionary.set(value, code);
        field.labels.push(value);
      }
      field.codes[i] = code;
    }
  }
  return {
    ids,
    index,
    codes: fields.map((field) => field.codes.subarray(0, ids.length)),
    labels: fields.map((field) => field.labels),
  };
}

/**
 * Reads the purchases, keeping only articles known to `articles`.
 * @example
 * const purchases = readHmPurchases(dataDir, readHmArticles(dataDir));
 */
export function readHmPurchases(dataDir: string, articles: HmArticles): HmPurchase[] {
  const file = transactionsFile(dataDir);
  if (!file) throw new Error(`no transactions_*.csv.gz under ${hmDirectory(dataDir)}`);
  const lines = readGzipLines(file);
  if (!lines[0]?.startsWith('t_dat,customer_id,article_id,price')) throw new Error(`${file}: unexpected header`);
  const customers = new Map<string, number>();
  const out: HmPurchase[] = [];
  for (let l = 1; l < lines.length; l++) {
    const line = lines[l];
    if (!line) continue;
    const [day, customerId, articleId, price] = line.split(',');
    const article = articles.index.get(articleId ?? '');
    if (article === undefined || !day || !customerId) continue;
    let customer = customers.get(customerId);
    if (customer === undefined) {
      customer = customers.size;
      customers.set(customerId, customer);
    }
    out.push({ day, customer, article, price: Number(price) });
  }
  return out;
}

/**
 * Groups purchases into baskets (same customer, same day, distinct articles), in order of first purchase.
 * @example
 * groupBaskets([{ day: 'd', customer: 1, article: 5, price: 0 }]); // [{ day: 'd', customer: 1, articles: [5] }]
 */
export function groupBaskets(purchases: readonly HmPurchase[]): Basket[] {
  const byKey = new Map<string, Basket>();
  for (const p of purchases) {
    const key = `${p.day}|${p.customer}`;
    let basket = byKey.get(key);
    if (!basket) {
      basket = { day: p.day, customer: p.customer, articles: [] };
      byKey.set(key, basket);
    }
    if (!basket.articles.includes(p.article)) basket.articles.push(p.article);
  }
  return [...byKey.values()];
}

/**
 * Size and modification time of the H&M files, to tell whether a trained model still matches the data.
 * @example
 * hmDataKey('/work/shared/data'); // '4352958:1764344520000|4516470:1764344520000'
 */
export function hmDataKey(dataDir: string): string {
  const files = [path.join(hmDirectory(dataDir), 'articles.csv.gz'), transactionsFile(dataDir)];
  return files
    .map((file) => {
      if (!file || !existsSync(file)) return 'missing';
      const stat = statSync(file);
      return `${stat.size}:${Math.round(stat.mtimeMs)}`;
    })
    .join('|');
}
