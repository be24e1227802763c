import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { CatalogError } from '../../src/catalog/catalog.ts';
import { forEachCsvRecord, readCsvTable } from '../../src/catalog/csv.ts';
import {
  HM_ARTICLES,
  HM_PRICE_TO_EUR,
  HM_TRANSACTIONS,
  loadHmItems,
  parseHmArticles,
  parseHmTransactions,
} from '../../src/catalog/hm.ts';
import { inferSeasons, materialsIn, patternIn } from '../../src/catalog/infer.ts';
import { type LoadResult, loadMyntraItems, MYNTRA_STYLES, parseMyntraStyles } from '../../src/catalog/myntra.ts';
import { ARTICLE_TYPES, isColor, OCCASIONS } from '../../src/catalog/taxonomy.ts';
import type { Item } from '../../src/types.ts';

const DATA = '/work/shared/data';

describe('forEachCsvRecord', () => {
  const records = (text: string) => {
    const out: string[][] = [];
    forEachCsvRecord(text, (fields) => out.push(fields));
    return out;
  };

  it('reads quoted fields with commas, doubled quotes and line breaks, CRLF and a missing final newline', () => {
    expect(records('a,b\n1,"x, y"\n2,"say ""hi"""\r\n3,"two\nlines"\n\n4,')).toEqual([
      ['a', 'b'],
      ['1', 'x, y'],
      ['2', 'say "hi"'],
      ['3', 'two\nlines'],
      ['4', ''],
    ]);
  });

  it('reports the line a record starts on', () => {
    const lines: number[] = [];
    forEachCsvRecord('h\n"a\nb"\nc\n', (_, line) => lines.push(line));
    expect(lines).toEqual([1, 2, 4]);
  });

  it('ends a record at a lone CR too, and keeps a quote inside an unquoted field', () => {
    expect(records('a,b\rc,d\r\ne,f"g\n')).toEqual([
      ['a', 'b'],
      ['c', 'd'],
      ['e', 'f"g'],
    ]);
  });
});

describe('readCsvTable', () => {
  it('reads a gzip file into its columns and rows, and names the file when a column is missing', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'fa-csv-')), 'table.csv.gz');
    writeFileSync(file, gzipSync('\ufeffid,desc\n1,"two\nlines"\n2,plain\n'));
    const table = readCsvTable(file, ['id']);
    expect([...table.columns]).toEqual([
      ['id', 0],
      ['desc', 1],
    ]);
    expect(table.rows).toEqual([
      ['1', 'two\nlines'],
      ['2', 'plain'],
    ]);
    expect(() => readCsvTable(file, ['id', 'price'])).toThrow(`${file}: missing column(s) price`);
  });
});

describe('text inference', () => {
  it('finds materials, longest phrase first, and not "down" as a direction', () => {
    expect(materialsIn('Jacket in imitation leather with a cotton lining')).toEqual(['faux-leather', 'cotton']);
    expect(materialsIn('Button-down shirt in linen')).toEqual(['linen']);
    expect(materialsIn('Padded jacket filled with recycled down')).toEqual(['down']);
    expect(materialsIn('Soft TENCEL™ lyocell')).toEqual(['lyocell']);
    expect(materialsIn('Metallic sandals')).toEqual([]);
  });

  it('infers seasons: Christmas pieces are for winter whatever their type', () => {
    expect(inferSeasons('hair-accessory', [], 'XMAS Deer aliceband Hair band with reindeer antlers')).toEqual([
      'winter',
    ]);
    expect(inferSeasons('t-shirt', ['cotton'], 'Christmas jumper tee')).toEqual(['winter']);
    expect(inferSeasons('sandals', [], 'Nina Sandal Sandals with straps')).toEqual(['summer']);
    expect(inferSeasons('shirt', ['cotton'], 'Shirt in a cotton weave')).toEqual([]);
  });

  it('finds patterns in names', () => {
    expect(patternIn('Men Navy Blue Striped Polo')).toBe('striped');
    expect(patternIn('Women Floral Print Dress')).toBe('floral');
    expect(patternIn('Plain Crew Neck')).toBe('solid');
    expect(patternIn('Men Blue Jeans')).toBeUndefined();
  });
});

const MYNTRA_HEADER =
  'id,gender,masterCategory,subCategory,articleType,baseColour,season,year,usage,productDisplayName';

describe('parseMyntraStyles', () => {
  const text = [
    MYNTRA_HEADER,
    '15970,Men,Apparel,Topwear,Shirts,Navy Blue,Fall,2011,Casual,Turtle Check Men Navy Blue Shirt',
    '1,Women,Footwear,Shoes,Heels,Gold,Summer,2012,Party,Mochi Women, Gold Heels, Party Wear',
    '2,Unisex,Accessories,Watches,Watches,Silver,,2016,,Fastrack Unisex Watch',
    '3,Boys,Apparel,Topwear,Tshirts,Red,Winter,2012,NA,Boys Red T-shirt',
    'x4,Men,Apparel,Topwear,Shirts,Red,Fall,2011,Casual,Bad id',
    '5,Alien,Apparel,Topwear,Shirts,Red,Fall,2011,Casual,Bad gender',
    '6,Men,Apparel,Topwear',
    '15970,Men,Apparel,Topwear,Shirts,Navy Blue,Fall,2011,Casual,Repeated id',
    '',
  ].join('\n');

  it('takes a product labelled Suits whose name says shirt for a shirt, and a real suit for a suit', () => {
    const { items } = parseMyntraStyles(
      [
        MYNTRA_HEADER,
        '12347,Men,Apparel,Topwear,Suits,Red,Winter,2010,Casual,Fastrack Men Red Manhattan Regular Fit Solid Formal Shirt',
        '12348,Men,Apparel,Topwear,Suits,Black,Winter,2010,Formal,Raymond Men Black Two Piece Suit',
      ].join('\n'),
    );
    expect(items.map((i) => i.articleType)).toEqual(['shirt', 'suit']);
  });

  it('keeps names with unquoted commas whole and maps values to the canonical vocabulary', () => {
    const { items, rows, skipped } = parseMyntraStyles(text);
    expect(rows).toBe(8);
    expect(items.map((i) => i.id)).toEqual(['myntra:15970', 'myntra:1', 'myntra:2', 'myntra:3']);
    expect(items[0]).toMatchObject({
      gender: 'men',
      category: 'top',
      articleType: 'shirt',
      colors: ['navy'],
      seasons: ['autumn'],
      usage: ['casual'],
      pattern: 'checked',
      popularity: 0,
    });
    expect(items[0]!.price).toBeUndefined();
    expect(items[1]).toMatchObject({
      name: 'Mochi Women, Gold Heels, Party Wear',
      articleType: 'heels',
      usage: ['party'],
    });
    expect(items[1]!.formality).toBeGreaterThan(items[0]!.formality);
    expect(items[2]).toMatchObject({ gender: 'unisex', articleType: 'watch', seasons: [], usage: [] });
    expect(items[3]).toMatchObject({ gender: 'boys', articleType: 't-shirt', seasons: ['winter'], usage: [] });
    expect(skipped.counts).toEqual({
      'non-numeric id': 1,
      'unknown gender': 1,
      'fewer than 10 fields': 1,
      'repeated id': 1,
    });
  });

  it('refuses a file that is not Myntra styles.csv', () => {
    expect(() => parseMyntraStyles('a,b,c\n1,2,3\n')).toThrow(CatalogError);
  });
});

const ARTICLES_HEADER =
  'article_id,product_code,prod_name,product_type_no,product_type_name,product_group_name,graphical_appearance_no,' +
  'graphical_appearance_name,colour_group_code,colour_group_name,perceived_colour_value_id,perceived_colour_value_name,' +
  'perceived_colour_master_id,perceived_colour_master_name,department_no,department_name,index_code,index_name,' +
  'index_group_no,index_group_name,section_no,section_name,garment_group_no,garment_group_name,detail_desc';

/** One articles.csv row from the fields the loader reads. */
function articleRow(f: {
  id: string;
  name: string;
  type: string;
  group?: string;
  look?: string;
  color: string;
  indexGroup: string;
  section: string;
  garment: string;
  desc: string;
}) {
  const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
  return [
    f.id,
    f.id.slice(0, 7),
    f.name,
    '1',
    f.type,
    f.group ?? 'Garment Upper body',
    '1',
    f.look ?? 'Solid',
    '9',
    f.color,
    '4',
    'Dark',
    '5',
    'Black',
    '1',
    'Dept',
    'A',
    'Index',
    '1',
    f.indexGroup,
    '16',
    f.section,
    '1',
    f.garment,
    quote(f.desc),
  ].join(',');
}

describe('parseHmTransactions and parseHmArticles', () => {
  const transactions = [
    't_dat,customer_id,article_id,price,sales_channel_id',
    '2020-09-16,c1,0108775015,0.0500,2',
    '2020-09-16,c2,0108775015,0.0300,2',
    '2020-09-17,c3,0108775015,0.0400,1',
    '2020-09-17,c3,0108775015,0.0400,1',
    '2020-09-18,c4,0200000001,0.1000,2',
    '2020-09-18,c5,108775015,0.05,2',
    '2020-09-18,c6,0200000001,free,2',
    '2020-09-18,c7,0200000001',
  ].join('\n');

  it('takes the median price per article, converted to EUR, and counts purchases', () => {
    const { sales, rows, skipped } = parseHmTransactions(transactions);
    expect(rows).toBe(8);
    const median = 0.04;
    expect(sales.get('0108775015')).toEqual({ price: median * HM_PRICE_TO_EUR, purchases: 4 });
    expect(sales.get('0200000001')).toEqual({ price: 59, purchases: 1 });
    expect(skipped.counts).toEqual({ 'malformed article_id': 1, 'malformed price': 1, 'wrong field count': 1 });
  });

  it('keeps leading zeros, joins sales, maps types, colours, gender and materials, skips bad rows', () => {
    const articles = [
      ARTICLES_HEADER,
      articleRow({
        id: '0108775015',
        name: 'Strap top',
        type: 'Vest top',
        color: 'Black',
        indexGroup: 'Ladieswear',
        section: 'Womens Everyday Basics',
        garment: 'Jersey Basic',
        desc: 'Jersey top with narrow shoulder straps, in "soft" cotton.',
      }),
      articleRow({
        id: '0200000001',
        name: 'Slim Suit',
        type: 'Blazer',
        color: 'Dark Blue',
        indexGroup: 'Menswear',
        section: 'Men Suits & Tailoring',
        garment: 'Dressed',
        desc: 'Single-breasted jacket in a wool blend.',
      }),
      articleRow({
        id: '0300000001',
        name: 'Kids swim shorts',
        type: 'Swimwear bottom',
        group: 'Swimwear',
        look: 'All over pattern',
        color: 'Other Pink',
        indexGroup: 'Baby/Children',
        section: 'Kids Boy',
        garment: 'Swimwear',
        desc: '',
      }),
      articleRow({
        id: '0400000001',
        name: 'ALLINGTON slim fit tee',
        type: 'Unknown',
        color: 'Unknown',
        indexGroup: 'Divided',
        section: 'Divided Basics',
        garment: 'Unknown',
        desc: 'T-shirt.',
      }),
      articleRow({
        id: '12345',
        name: 'Bad id',
        type: 'Top',
        color: 'Black',
        indexGroup: 'Ladieswear',
        section: 'X',
        garment: 'X',
        desc: 'x',
      }),
      '0500000001,too,few,fields',
    ].join('\n');
    const { sales } = parseHmTransactions(transactions);
    const { items, rows, skipped } = parseHmArticles(articles, sales);
    expect(rows).toBe(6);
    expect(skipped.counts).toEqual({ 'malformed article_id': 1, 'wrong field count': 1 });
    const [top, blazer, swim, tee] = items as [Item, Item, Item, Item];
    expect(top).toMatchObject({
      id: 'hm:0108775015',
      gender: 'women',
      articleType: 'tank-top',
      category: 'top',
      colors: ['black'],
      pattern: 'solid',
      seasons: ['summer'],
      price: sales.get('0108775015')!.price,
      popularity: 4,
      brand: 'H&M',
      description: 'Jersey top with narrow shoulder straps, in "soft" cotton.',
    });
    expect(top.materials).toEqual(expect.arrayContaining(['cotton', 'jersey']));
    expect(blazer).toMatchObject({ gender: 'men', articleType: 'blazer', colors: ['navy'], usage: ['formal'] });
    expect(blazer.seasons).toEqual(['autumn', 'winter']);
    expect(blazer.formality).toBeGreaterThan(top.formality);
    expect(swim).toMatchObject({ gender: 'boys', articleType: 'bikini', colors: ['pink'], pattern: 'printed' });
    expect(swim.price).toBeUndefined();
    expect(swim.popularity).toBe(0);
    expect(swim.description).toBeUndefined();
    expect(tee).toMatchObject({ articleType: 't-shirt', colors: [], gender: 'women' });
  });

  it('files hooded, sweat-fabric and denim pieces of smart sections as hoodies, sweatshirts, joggers and jeans', () => {
    const row = (id: string, name: string, type: string, desc: string) =>
      articleRow({
        id,
        name,
        type,
        color: 'Grey',
        indexGroup: 'Menswear',
        section: 'Contemporary Smart',
        garment: 'Jersey Fancy',
        desc,
      });
    const articles = [
      ARTICLES_HEADER,
      row('0609023002', 'TRUXTON HOOD', 'Sweater', 'Top in sturdy sweatshirt fabric with a drawstring hood.'),
      row('0609023003', 'Crew sweat', 'Sweater', 'Top in sweatshirt fabric with ribbed cuffs.'),
      row('0763988004', 'DOMINIC SWEATPANT', 'Trousers', 'Sweatpants in sweatshirt fabric with an elasticated waist.'),
      row('0700000001', 'Slim trousers', 'Trousers', 'Suit trousers in woven fabric with a concealed hook.'),
      row('0700000002', 'Fine-knit jumper', 'Sweater', 'Jumper in a fine knit with a round neckline.'),
      row('0720504008', 'Skinny 5pkt Lowprice', 'Trousers', '5-pocket jeans in washed stretch denim.'),
    ].join('\n');
    const [hood, sweat, joggers, trousers, jumper, jeans] = parseHmArticles(articles, new Map()).items as Item[];
    expect(hood).toMatchObject({ articleType: 'hoodie', category: 'top', usage: ['casual'] });
    expect(sweat).toMatchObject({ articleType: 'sweatshirt', usage: ['casual'] });
    expect(joggers).toMatchObject({ articleType: 'joggers', category: 'bottom', usage: ['casual'] });
    expect(trousers).toMatchObject({ articleType: 'trousers', usage: ['smart_casual'] });
    expect(jumper).toMatchObject({ articleType: 'sweater', usage: ['smart_casual'] });
    expect(jeans).toMatchObject({ articleType: 'jeans', category: 'bottom' });
    expect(joggers!.formality).toBeLessThan(trousers!.formality);
    expect(jeans!.formality).toBeLessThan(trousers!.formality);
    expect(hood!.formality).toBeLessThan(jumper!.formality);
  });

  it('files bum bags H&M types as a plain "Bag" as waist bags, which a wedding or an interview look avoids', () => {
    const row = (id: string, name: string, desc: string) =>
      articleRow({
        id,
        name,
        type: 'Bag',
        color: 'Black',
        indexGroup: 'Divided',
        section: 'Divided Accessories',
        garment: 'Accessories',
        desc,
      });
    const articles = [
      ARTICLES_HEADER,
      row('0687151001', 'ENZO BUMBAG', 'Oval waist bag with a zip at the top and an adjustable waist strap.'),
      row('0700000003', 'Lola belt bag', 'Small belt bag in imitation leather with a zip.'),
      row('0700000004', 'Mia bag', 'Small bag in imitation leather with a shoulder strap.'),
    ].join('\n');
    const [enzo, belt, plain] = parseHmArticles(articles, new Map()).items as Item[];
    expect(enzo).toMatchObject({ articleType: 'waist-bag', category: 'bag' });
    expect(belt).toMatchObject({ articleType: 'waist-bag' });
    expect(plain).toMatchObject({ articleType: 'bag' });
    for (const occasion of ['wedding', 'interview', 'funeral']) {
      expect(OCCASIONS[occasion]?.avoidTypes).toContain(enzo?.articleType);
      expect(OCCASIONS[occasion]?.avoidTypes).not.toContain(plain?.articleType);
    }
  });

  it('refuses files without the needed columns', () => {
    expect(() => parseHmArticles('article_id,prod_name\n0108775015,x\n', new Map())).toThrow(/missing columns/);
    expect(() => parseHmTransactions('a,b\n1,2\n')).toThrow(CatalogError);
  });
});

/** Every item uses the canonical vocabulary (checked in bulk: one expect per item would be slow at 100k items). */
function expectNormalised(items: readonly Item[]) {
  const bad = items.filter(
    (item) =>
      ARTICLE_TYPES[item.articleType] !== item.category ||
      !item.colors.every(isColor) ||
      !(item.formality >= 0 && item.formality <= 1),
  );
  expect(bad.slice(0, 3)).toEqual([]);
}

describe.skipIf(!existsSync(path.join(DATA, MYNTRA_STYLES)))('Myntra styles.csv (real data)', () => {
  let result: LoadResult;
  let lines: string[];
  beforeAll(() => {
    result = loadMyntraItems(DATA);
    lines = readFileSync(path.join(DATA, MYNTRA_STYLES), 'utf8').split('\n').slice(1).filter(Boolean);
  });

  it('loads all 44,446 ids once, skipping nothing', () => {
    expect(result.items).toHaveLength(44_446);
    expect(new Set(result.items.map((i) => i.id)).size).toBe(44_446);
    expect(result.skipped.total).toBe(0);
    expectNormalised(result.items);
    expect(result.items.filter((i) => i.articleType === 'other')).toEqual([]);
  });

  it('keeps the full names of the 22 lines with unquoted commas', () => {
    const odd = lines.filter((line) => line.split(',').length > 10);
    expect(odd).toHaveLength(22);
    const byId = new Map(result.items.map((i) => [i.id, i]));
    for (const line of odd) {
      const fields = line.split(',');
      const name = fields.slice(9).join(',').trim();
      expect(name).toContain(',');
      expect(byId.get(`myntra:${fields[0]}`)?.name).toBe(name);
    }
  });

  it('maps Fall to autumn and keeps the season and usage of each row', () => {
    const fall = lines.filter((line) => line.split(',')[6] === 'Fall').length;
    expect(result.items.filter((i) => i.seasons[0] === 'autumn')).toHaveLength(fall);
    const formal = lines.filter((line) => line.split(',')[8] === 'Formal').length;
    expect(result.items.filter((i) => i.usage.includes('formal'))).toHaveLength(formal);
  });
});

describe.skipIf(!existsSync(path.join(DATA, HM_ARTICLES)))('H&M articles and transactions (real data)', () => {
  let items: Item[];
  let forPets: number;
  let purchases: string[][];
  beforeAll(() => {
    const loaded = loadHmItems(DATA);
    items = loaded.items;
    forPets = loaded.skipped.counts['made for pets'] ?? 0;
    purchases = gunzipSync(readFileSync(path.join(DATA, HM_TRANSACTIONS)))
      .toString('utf8')
      .split('\n')
      .slice(1)
      .filter(Boolean)
      .map((line) => line.split(','));
  });

  it('loads every article but those made for pets, with its 10-digit id as a string', () => {
    expect(forPets).toBeGreaterThan(0);
    expect(forPets).toBeLessThan(200);
    expect(items).toHaveLength(105_542 - forPets);
    expect(items.every((i) => /^hm:\d{10}$/.test(i.id))).toBe(true);
    expect(items[0]!.id).toBe('hm:0108775015');
    expectNormalised(items);
  });

  it('joins every purchase: popularity sums to the transaction rows, prices only for bought articles', () => {
    const loaded = new Set(items.map((i) => i.id.slice(3)));
    const ofLoaded = purchases.filter((p) => loaded.has(p[2]!));
    expect(purchases.length - ofLoaded.length).toBeLessThan(0.005 * purchases.length);
    expect(items.reduce((sum, i) => sum + i.popularity, 0)).toBe(ofLoaded.length);
    const bought = new Set(ofLoaded.map((p) => p[2]));
    expect(items.filter((i) => i.price !== undefined)).toHaveLength(bought.size);
    expect(items.every((i) => (i.price !== undefined) === bought.has(i.id.slice(3)))).toBe(true);
  });

  it('prices an article at its median purchase price × 590 (EUR)', () => {
    const mostBought = [...items].sort((a, b) => b.popularity - a.popularity).slice(0, 3);
    for (const item of mostBought) {
      const prices = purchases
        .filter((p) => p[2] === item.id.slice(3))
        .map((p) => Number(p[3]))
        .sort((a, b) => a - b);
      const mid = Math.floor(prices.length / 2);
      const median = prices.length % 2 ? prices[mid]! : (prices[mid - 1]! + prices[mid]!) / 2;
      expect(item.popularity).toBe(prices.length);
      expect(item.price).toBeCloseTo(median * 590, 2);
    }
  });
});
