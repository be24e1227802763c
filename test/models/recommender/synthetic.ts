/**
 * A small made-up H&M-shaped dataset (articles.csv.gz + transactions.csv.gz) written to a temporary folder:
 * three groups of shoppers, each buying within its own product group, with repurchases, so that collaborative
 * and content signals are learnable. No third-party rows.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { seededRandom } from '../../../src/util/random.ts';

const GROUPS = [
  {
    type: 'Dress',
    group: 'Garment Full body',
    dept: 'Dresses',
    index: 'Ladieswear',
    words: 'flowing dress with ruffles',
  },
  {
    type: 'Trousers',
    group: 'Garment Lower body',
    dept: 'Trousers',
    index: 'Menswear',
    words: 'tailored trousers with pleats',
  },
  {
    type: 'Sweater',
    group: 'Garment Upper body',
    dept: 'Knitwear',
    index: 'Divided',
    words: 'chunky knit sweater in wool',
  },
] as const;
const COLORS = ['Black', 'White', 'Red'];
export const DATES = ['2020-09-16', '2020-09-17', '2020-09-18', '2020-09-19', '2020-09-20', '2020-09-21', '2020-09-22'];

/** Article id of product p (0-based) in colour c. */
export function articleId(product: number, color: number): string {
  return `0${String(100000 + product).padStart(6, '0')}${String(color + 1).padStart(3, '0')}`;
}

/** The group (0–2) of product p. */
export const groupOf = (product: number) => product % GROUPS.length;

/** Writes the dataset; returns the data directory (with the H&M sub-folder inside). */
export function writeSyntheticHm(options: { products?: number; customers?: number; seed?: number } = {}): string {
  const products = options.products ?? 30;
  const customers = options.customers ?? 240;
  const random = seededRandom(options.seed ?? 5);
  const dir = mkdtempSync(path.join(tmpdir(), 'fa-hm-'));
  const hm = path.join(dir, 'hm-personalized-fashion-recommendations');
  mkdirSync(hm);
  const header =
    'article_id,product_code,prod_name,product_type_no,product_type_name,product_group_name,graphical_appearance_no,graphical_appearance_name,colour_group_code,colour_group_name,perceived_colour_value_id,perceived_colour_value_name,perceived_colour_master_id,perceived_colour_master_name,department_no,department_name,index_code,index_name,index_group_no,index_group_name,section_no,section_name,garment_group_no,garment_group_name,detail_desc';
  const articles = [header];
  for (let p = 0; p < products; p++) {
    const g = GROUPS[groupOf(p)]!;
    COLORS.forEach((color, c) => {
      articles.push(
        [
          articleId(p, c),
          100000 + p,
          `"${g.type} ${p}"`,
          1,
          g.type,
          g.group,
          1,
          'Solid',
          c,
          color,
          1,
          'Dark',
          1,
          color,
          1,
          g.dept,
          'A',
          g.index,
          1,
          g.index,
          1,
          g.dept,
          1,
          g.dept,
          `"${g.words}, style ${p}"`,
        ].join(','),
      );
    });
  }
  const rows = ['t_dat,customer_id,article_id,price,sales_channel_id'];
  for (let c = 0; c < customers; c++) {
    const group = c % GROUPS.length;
    const mine = Array.from({ length: products }, (_, p) => p).filter((p) => groupOf(p) === group);
    const favourite = mine[Math.floor(random.next() * mine.length)]!;
    const days = 1 + Math.floor(random.next() * 3);
    for (let d = 0; d < days; d++) {
      const day = Math.floor(random.next() * DATES.length);
      const buys = 1 + Math.floor(random.next() * 3);
      for (let b = 0; b < buys; b++) {
        const product = random.next() < 0.5 ? favourite : mine[Math.floor(random.next() * mine.length)]!;
        const color = Math.floor(random.next() * COLORS.length);
        rows.push(
          `${DATES[day]},cust${String(c).padStart(4, '0')},${articleId(product, color)},0.0${2 + groupOf(product)},2`,
        );
      }
    }
  }
  writeFileSync(path.join(hm, 'articles.csv.gz'), gzipSync(`${articles.join('\n')}\n`));
  writeFileSync(path.join(hm, 'transactions_2020-09-16_to_2020-09-22.csv.gz'), gzipSync(`${rows.join('\n')}\n`));
  return dir;
}
