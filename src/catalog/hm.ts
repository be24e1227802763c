/**
 * Loader for the H&M "Personalized Fashion Recommendations" articles, with prices and popularity from the last-week
 * transactions (DESIGN §4, data README §2).
 *
 * Rules:
 * - id `hm:<article_id>`, the 10-digit id kept as a string with its leading zero; name = `prod_name` cleaned by `displayName`; brand `H&M`;
 *   description = `detail_desc`.
 * - article type: `product_type_name` through `HM_TYPES` (`hm-tables.ts`); for type "Unknown", a type named in `prod_name`
 *   ("slim fit tee" → t-shirt); swimwear bottoms become `swim-shorts` in men's sections and `bikini` elsewhere;
 *   `Leggings/Tights` in the socks-and-tights garment group become `tights`; hooded or sweat-fabric tops become
 *   `hoodie`/`sweatshirt`, sweat-fabric or jogging trousers `joggers` (always casual), denim trousers `jeans`
 *   (`refinedTypeOf`).
 * - colour: `colour_group_name` through `canonicalColor` ("Other Pink" → pink; Unknown/Other/Transparent → none).
 * - pattern: `graphical_appearance_name` through `HM_PATTERNS`.
 * - gender: index group Ladieswear and Divided → women, Menswear → men, Sport → men or women by section;
 *   Baby/Children → boys or girls when the section says so, else kids.
 * - materials: `Trousers Denim` → denim, `Jersey Basic/Fancy` → jersey, plus the materials named in the description.
 * - usage: sport sections → sports; nightwear → home; tailoring sections (`Womens Tailoring`, `Men Suits & Tailoring`,
 *   `Contemporary Smart`) → formal for suits, blazers, waistcoats, ties and formal shoes, smart_casual otherwise;
 *   shirts, blouses, blazers, waistcoats, trousers, ties, loafers and heels of other sections → smart_casual and
 *   casual; sequin, glittering, lace or a "party" description → party as well; everything else → casual.
 *   H&M sells very few formal pieces, so `formal` is rare (~0.5% of articles).
 * - seasons: `inferSeasons` (Christmas pieces, summer pieces, linen, warm materials and cold-weather types); otherwise
 *   every season.
 * - formality = `formalityOf(usage, articleType)`.
 * - price (EUR) = median transaction price × `HM_PRICE_TO_EUR` (590), rounded to 0.01; only for articles bought in
 *   the transaction week (17,986), otherwise undefined. See `HM_PRICE_TO_EUR` for why the factor is read as EUR.
 *   popularity = number of purchase rows (a repeated row is one more unit).
 * - Bad rows (wrong field count, malformed id or price) are skipped and counted.
 */
import path from 'node:path';
import type { Gender, Item, Usage } from '../types.ts';
import { CatalogError } from './catalog.ts';
import { forEachCsvRecord, readTextFile, SkipCounter } from './csv.ts';
import { displayName } from './display-name.ts';
import { HM_ARTICLES, HM_TRANSACTIONS } from './hm-files.ts';
import { HM_PATTERNS, HM_TYPES } from './hm-tables.ts';
import { isNotForShoppers, NOT_FOR_SHOPPERS, retypedByDescription } from './hygiene.ts';
import { articleTypeIn, inferSeasons, materialsIn } from './infer.ts';
import type { LoadResult, Retyped } from './myntra.ts';
import { ARTICLE_TYPES, canonicalColor, categoryOfType, formalityOf } from './taxonomy.ts';

export { HM_ARTICLES, HM_TRANSACTIONS } from './hm-files.ts';
export { HM_PATTERNS, HM_TYPES } from './hm-tables.ts';

/**
 * EUR per unit of H&M's scaled transaction price. The data README says ×590 gives plausible SEK, but that reading
 * makes the median article cost 20 SEK (€1.80) and the dearest 299 SEK (€27) — far below any H&M shelf price. Read
 * as EUR, the same factor gives a €20 median and a €299 maximum, which is H&M's actual retail range, so the bot
 * shows `price × 590` as EUR.
 */
export const HM_PRICE_TO_EUR = 590;

const ARTICLE_COLUMNS = [
  'article_id',
  'prod_name',
  'product_type_name',
  'product_group_name',
  'graphical_appearance_name',
  'colour_group_name',
  'index_group_name',
  'section_name',
  'garment_group_name',
  'detail_desc',
] as const;

const TAILORING_SECTIONS = new Set(['Womens Tailoring', 'Men Suits & Tailoring', 'Contemporary Smart']);
const FORMAL_TYPES = new Set(['suit', 'blazer', 'waistcoat', 'tie', 'formal-shoes']);
const LOUNGE_TYPES = new Set(['hoodie', 'sweatshirt', 'joggers', 'track-pants']);
const SMART_TYPES = new Set(['shirt', 'blouse', 'blazer', 'trousers', 'loafers', 'heels', 'waistcoat', 'tie']);

/** Median price and purchase count of one article in the transaction week. */
export interface ArticleSales {
  price: number;
  purchases: number;
}

/**
 * Per-article median price (EUR, see the module rules) and purchase count from the transactions CSV text.
 * @example
 * parseHmTransactions(text).get('0706016001'); // { price: 2.68, purchases: 57 }
 */
export function parseHmTransactions(text: string): {
  sales: Map<string, ArticleSales>;
  rows: number;
  skipped: SkipCounter;
} {
  const skipped = new SkipCounter();
  const prices = new Map<string, number[]>();
  let header: string[] | undefined;
  let articleColumn = -1;
  let priceColumn = -1;
  let rows = 0;
  forEachCsvRecord(text, (fields, line) => {
    if (!header) {
      header = fields;
      articleColumn = fields.indexOf('article_id');
      priceColumn = fields.indexOf('price');
      if (articleColumn === -1 || priceColumn === -1) {
        throw new CatalogError(
          `H&M transactions: header lacks article_id or price: "${fields.join(',').slice(0, 120)}"`,
        );
      }
      return;
    }
    rows++;
    if (fields.length !== header.length) return skipped.skip('wrong field count', `line ${line}`);
    const id = fields[articleColumn] ?? '';
    const price = Number(fields[priceColumn]);
    if (!/^\d{10}$/.test(id)) return skipped.skip('malformed article_id', `line ${line}: ${id}`);
    if (!Number.isFinite(price) || price <= 0) return skipped.skip('malformed price', `line ${line}`);
    const list = prices.get(id);
    if (list) list.push(price);
    else prices.set(id, [price]);
  });
  const sales = new Map<string, ArticleSales>();
  for (const [id, list] of prices) {
    list.sort((a, b) => a - b);
    const mid = list.length >> 1;
    // A list holds at least one price, so `mid` (and `mid - 1` for an even length) is inside it.
    const median = list.length % 2 === 1 ? (list[mid] ?? 0) : ((list[mid - 1] ?? 0) + (list[mid] ?? 0)) / 2;
    sales.set(id, { price: Math.round(median * HM_PRICE_TO_EUR * 100) / 100, purchases: list.length });
  }
  return { sales, rows, skipped };
}

function genderOf(indexGroup: string, section: string): Gender | undefined {
  switch (indexGroup) {
    case 'Ladieswear':
    case 'Divided':
      return 'women';
    case 'Menswear':
      return 'men';
    case 'Sport':
      return /\bmen\b/i.test(section) ? 'men' : 'women';
    case 'Baby/Children':
      return /girl/i.test(section) ? 'girls' : /boy/i.test(section) ? 'boys' : 'kids';
    default:
      return undefined;
  }
}

function usageOf(articleType: string, row: Record<(typeof ARTICLE_COLUMNS)[number], string>): Usage[] {
  const { index_group_name: group, section_name: section, product_group_name: productGroup } = row;
  if (group === 'Sport' || /sport/i.test(section)) return ['sports'];
  if (productGroup === 'Nightwear' || ARTICLE_TYPES[articleType] === 'nightwear') return ['home'];
  const party =
    /^(Sequin|Glittering\/Metallic|Lace)$/.test(row.graphical_appearance_name) || /\bparty\b/i.test(row.detail_desc);
  const usage: Usage[] = [];
  if (LOUNGE_TYPES.has(articleType)) return party ? ['casual', 'party'] : ['casual'];
  if (TAILORING_SECTIONS.has(section)) usage.push(FORMAL_TYPES.has(articleType) ? 'formal' : 'smart_casual');
  else if (SMART_TYPES.has(articleType)) usage.push('smart_casual', 'casual');
  if (party) usage.push('party');
  if (usage.length === 0) usage.push('casual');
  return usage;
}

/** A hood on a top: "Top in sweatshirt fabric with a lined drawstring hood", "TRUXTON HOOD", "zip hoodie". */
const HOOD = /\b(hood|hoodie|hoody|hooded)\b/i;
/** Sweat fabric or jogging cut: "Sweatpants in sweatshirt fabric", "DOMINIC SWEATPANT", "joggers", "track pants". */
const SWEAT = /\b(sweat ?pants?|sweatshirt fabric|joggers?|jogging|track ?pants|tracksuit bottoms)\b/i;

/** A bag worn at the waist, which H&M files as a plain "Bag": "ENZO BUMBAG Oval waist bag", "belt bag", "BOO waistbag". */
const WAIST_BAG = /\b(bum ?bags?|waist ?bags?|belt ?bags?|fanny ?packs?)\b/i;

/**
 * The type hidden behind a generic H&M product type: tops with a hood are hoodies, sweatshirt-fabric tops are
 * sweatshirts, sweat-fabric or jogging trousers are joggers, denim trousers are jeans, bum bags are waist bags (H&M
 * files them all as "Sweater" / "Trousers" / "Bag", some in its "Contemporary Smart" section). Undefined when the type stays.
 * @example
 * refinedTypeOf('trousers', 'DOMINIC SWEATPANT Sweatpants in sweatshirt fabric', 'Jersey Fancy'); // 'joggers'
 */
export function refinedTypeOf(articleType: string, text: string, garmentGroup: string): string | undefined {
  if (articleType === 'sweater' || articleType === 'top' || articleType === 't-shirt') {
    if (HOOD.test(text)) return 'hoodie';
    if (articleType === 'sweater' && /\bsweatshirt\b/i.test(text)) return 'sweatshirt';
  }
  if (articleType === 'bag' && WAIST_BAG.test(text)) return 'waist-bag';
  if (articleType === 'trousers' && SWEAT.test(text)) return 'joggers';
  if (articleType === 'trousers' && (garmentGroup === 'Trousers Denim' || /\bjeans\b/i.test(text))) return 'jeans';
  return undefined;
}

function colorOf(name: string): string[] {
  const color = canonicalColor(name.replace(/^Other /, ''));
  return color ? [color] : [];
}

/**
 * Parses the text of `articles.csv` into items, joined with the per-article sales of `parseHmTransactions`.
 * Throws `CatalogError` when a needed column is missing.
 * @example
 * const { items } = parseHmArticles(articlesText, parseHmTransactions(transactionsText).sales);
 */
export function parseHmArticles(text: string, sales: ReadonlyMap<string, ArticleSales>): LoadResult {
  const skipped = new SkipCounter();
  const items: Item[] = [];
  const retyped: Retyped[] = [];
  const seen = new Set<string>();
  let header: string[] | undefined;
  let columns: number[] = [];
  let rows = 0;
  forEachCsvRecord(text, (fields, line) => {
    if (!header) {
      header = fields;
      columns = ARTICLE_COLUMNS.map((name) => fields.indexOf(name));
      const missing = ARTICLE_COLUMNS.filter((_, i) => columns[i] === -1);
      if (missing.length > 0) throw new CatalogError(`H&M articles: missing columns ${missing.join(', ')}`);
      return;
    }
    rows++;
    if (fields.length !== header.length) return skipped.skip('wrong field count', `line ${line}`);
    const row = Object.fromEntries(ARTICLE_COLUMNS.map((name, i) => [name, fields[columns[i] ?? -1] ?? ''])) as Record<
      (typeof ARTICLE_COLUMNS)[number],
      string
    >;
    const articleId = row.article_id;
    if (!/^\d{10}$/.test(articleId)) return skipped.skip('malformed article_id', `line ${line}: ${articleId}`);
    if (seen.has(articleId)) return skipped.skip('repeated article_id', `line ${line}: ${articleId}`);
    const gender = genderOf(row.index_group_name, row.section_name);
    if (!gender) return skipped.skip('unknown index group', `line ${line}: ${row.index_group_name}`);
    seen.add(articleId);
    let articleType = HM_TYPES[row.product_type_name] ?? 'other';
    if (row.product_type_name === 'Unknown') articleType = articleTypeIn(row.prod_name) ?? 'other';
    if (row.product_type_name === 'Swimwear bottom' && gender === 'men') articleType = 'swim-shorts';
    if (articleType === 'leggings' && row.garment_group_name === 'Socks and Tights') articleType = 'tights';
    const description = row.detail_desc.trim();
    articleType = refinedTypeOf(articleType, `${row.prod_name} ${description}`, row.garment_group_name) ?? articleType;
    if (isNotForShoppers(row.prod_name, description))
      return skipped.skip(NOT_FOR_SHOPPERS, `${articleId} ${row.prod_name}`);
    const described = retypedByDescription(articleType, description);
    if (described) {
      retyped.push({ id: `hm:${articleId}`, from: articleType, to: described, name: row.prod_name.trim() });
      articleType = described;
    }
    const materials = materialsIn(`${row.prod_name} ${description}`);
    if (row.garment_group_name === 'Trousers Denim' && !materials.includes('denim')) materials.unshift('denim');
    if (/^Jersey (Basic|Fancy)$/.test(row.garment_group_name) && !materials.includes('jersey')) {
      materials.push('jersey');
    }
    const usage = usageOf(articleType, row);
    const sale = sales.get(articleId);
    items.push({
      id: `hm:${articleId}`,
      source: 'hm',
      name: displayName(row.prod_name.trim() || row.product_type_name),
      gender,
      category: categoryOfType(articleType),
      articleType,
      colors: colorOf(row.colour_group_name),
      pattern: HM_PATTERNS[row.graphical_appearance_name],
      materials,
      seasons: inferSeasons(articleType, materials, `${row.prod_name} ${description}`),
      usage,
      formality: formalityOf(usage, articleType),
      price: sale?.price,
      brand: 'H&M',
      description: description || undefined,
      popularity: sale?.purchases ?? 0,
    });
  });
  return { items, rows, skipped, retyped };
}

/**
 * Reads the H&M articles and last-week transactions from the data directory.
 * @example
 * const { items } = loadHmItems('/work/shared/data'); // 105,542 items, ids `hm:0108775015`
 */
export function loadHmItems(dataDir: string): LoadResult & { transactions: number } {
  const transactions = parseHmTransactions(readTextFile(path.join(dataDir, HM_TRANSACTIONS)));
  const result = parseHmArticles(readTextFile(path.join(dataDir, HM_ARTICLES)), transactions.sales);
  result.skipped.merge(transactions.skipped, 'transactions: ');
  return { ...result, transactions: transactions.rows };
}
