/**
 * Loader for the Myntra "Fashion Product Images" `styles.csv` (DESIGN §4, data README §1).
 *
 * Rules:
 * - Each line is split on its first 9 commas; the rest is the product name (22 lines hold unquoted commas in
 *   the name, which a strict CSV parser would drop or mangle).
 * - gender Men/Women/Boys/Girls/Unisex → men/women/boys/girls/unisex; `articleType` through `MYNTRA_TYPES`;
 *   `baseColour` through `canonicalColor`; season Summer/Fall/Winter/Spring → summer/autumn/winter/spring (empty →
 *   every season); usage Casual/Smart Casual/Formal/Sports/Ethnic/Party/Travel/Home → the `Usage` values ("NA" or
 *   empty → none).
 * - pattern and materials are read from the product name (`patternIn`, `materialsIn`); denim types are `denim`.
 * - formality = `formalityOf(usage, articleType)`; no prices (undefined); popularity 0 (no interaction data).
 * - Bad rows (too few fields, a non-numeric or repeated id, an unknown gender) are skipped and counted.
 */
import path from 'node:path';
import type { Gender, Item, Season, Usage } from '../types.ts';
import { CatalogError } from './catalog.ts';
import { readTextFile, SkipCounter } from './csv.ts';
import { articleTypeIn, materialsIn, patternIn } from './infer.ts';
import { canonicalColor, categoryOfType, formalityOf } from './taxonomy.ts';

/** The Myntra file, relative to the data directory. */
export const MYNTRA_STYLES = 'myntra-fashion-product-images/styles.csv';

const HEADER = 'id,gender,masterCategory,subCategory,articleType,baseColour,season,year,usage,productDisplayName';

/** Myntra `articleType` → canonical article type. */
export const MYNTRA_TYPES: Readonly<Record<string, string>> = {
  Tshirts: 't-shirt',
  'Lounge Tshirts': 'loungewear',
  Shirts: 'shirt',
  Tops: 'top',
  Tunics: 'tunic',
  Camisoles: 'camisole',
  Shrug: 'shrug',
  Sweaters: 'sweater',
  Sweatshirts: 'sweatshirt',
  Kurtas: 'kurta',
  Kurtis: 'kurta',
  'Kurta Sets': 'kurta-set',
  'Salwar and Dupatta': 'kurta-set',
  'Lehenga Choli': 'lehenga',
  Sarees: 'saree',
  Dupatta: 'dupatta',
  Salwar: 'salwar',
  Churidar: 'salwar',
  Patiala: 'salwar',
  Jeans: 'jeans',
  Jeggings: 'leggings',
  Leggings: 'leggings',
  Tights: 'tights',
  Stockings: 'tights',
  Trousers: 'trousers',
  'Track Pants': 'track-pants',
  'Rain Trousers': 'track-pants',
  Capris: 'capris',
  Shorts: 'shorts',
  Skirts: 'skirt',
  Dresses: 'dress',
  Jumpsuit: 'jumpsuit',
  Rompers: 'jumpsuit',
  Suits: 'suit',
  Blazers: 'blazer',
  Waistcoat: 'waistcoat',
  'Nehru Jackets': 'waistcoat',
  Jackets: 'jacket',
  'Rain Jacket': 'rain-jacket',
  Tracksuits: 'tracksuit',
  'Clothing Set': 'clothing-set',
  'Casual Shoes': 'casual-shoes',
  'Sports Shoes': 'sports-shoes',
  'Formal Shoes': 'formal-shoes',
  Heels: 'heels',
  Flats: 'flats',
  Sandals: 'sandals',
  'Sports Sandals': 'sandals',
  'Flip Flops': 'flip-flops',
  Booties: 'boots',
  'Shoe Accessories': 'accessory',
  'Shoe Laces': 'accessory',
  Watches: 'watch',
  Belts: 'belt',
  Ties: 'tie',
  'Ties and Cufflinks': 'tie',
  Cufflinks: 'cufflinks',
  Suspenders: 'suspenders',
  Scarves: 'scarf',
  Mufflers: 'scarf',
  Stoles: 'scarf',
  Caps: 'cap',
  Hat: 'hat',
  Headband: 'hair-accessory',
  'Hair Accessory': 'hair-accessory',
  Sunglasses: 'sunglasses',
  Earrings: 'earrings',
  Pendant: 'necklace',
  'Necklace and Chains': 'necklace',
  Bracelet: 'bracelet',
  Bangle: 'bracelet',
  Ring: 'ring',
  'Jewellery Set': 'jewellery',
  Gloves: 'gloves',
  Wallets: 'wallet',
  Umbrellas: 'umbrella',
  'Key chain': 'accessory',
  'Accessory Gift Set': 'gift-set',
  'Travel Accessory': 'accessory',
  'Tablet Sleeve': 'accessory',
  Ipad: 'accessory',
  Wristbands: 'sports-equipment',
  Handbags: 'handbag',
  Clutches: 'clutch',
  Backpacks: 'backpack',
  Rucksacks: 'backpack',
  'Laptop Bag': 'laptop-bag',
  'Messenger Bag': 'messenger-bag',
  'Duffel Bag': 'duffel-bag',
  'Trolley Bag': 'duffel-bag',
  'Waist Pouch': 'waist-bag',
  'Mobile Pouch': 'bag',
  Bra: 'bra',
  Briefs: 'briefs',
  Trunk: 'briefs',
  Boxers: 'boxers',
  'Innerwear Vests': 'undershirt',
  Shapewear: 'shapewear',
  Socks: 'socks',
  Nightdress: 'nightwear',
  'Night suits': 'pyjamas',
  'Baby Dolls': 'nightwear',
  'Lounge Pants': 'loungewear',
  'Lounge Shorts': 'loungewear',
  'Bath Robe': 'robe',
  Robe: 'robe',
  Swimwear: 'swimwear',
  'Perfume and Body Mist': 'fragrance',
  'Fragrance Gift Set': 'fragrance',
  Deodorant: 'fragrance',
  'Nail Polish': 'makeup',
  'Nail Essentials': 'makeup',
  Lipstick: 'makeup',
  'Lip Gloss': 'makeup',
  'Lip Liner': 'makeup',
  'Lip Plumper': 'makeup',
  'Kajal and Eyeliner': 'makeup',
  Eyeshadow: 'makeup',
  Mascara: 'makeup',
  'Foundation and Primer': 'makeup',
  'Highlighter and Blush': 'makeup',
  Compact: 'makeup',
  Concealer: 'makeup',
  'Makeup Remover': 'makeup',
  'Beauty Accessory': 'makeup',
  'Lip Care': 'skincare',
  'Face Moisturisers': 'skincare',
  'Face Wash and Cleanser': 'skincare',
  'Face Scrub and Exfoliator': 'skincare',
  'Face Serum and Gel': 'skincare',
  'Mask and Peel': 'skincare',
  'Eye Cream': 'skincare',
  Toner: 'skincare',
  Sunscreen: 'skincare',
  'Body Lotion': 'skincare',
  'Body Wash and Scrub': 'skincare',
  'Hair Colour': 'skincare',
  'Mens Grooming Kit': 'skincare',
  Basketballs: 'sports-equipment',
  Footballs: 'sports-equipment',
  'Water Bottle': 'sports-equipment',
  'Cushion Covers': 'home',
  'Free Gifts': 'gift-set',
};

const GENDERS: Readonly<Record<string, Gender>> = {
  Men: 'men',
  Women: 'women',
  Boys: 'boys',
  Girls: 'girls',
  Unisex: 'unisex',
};

const SEASONS: Readonly<Record<string, Season>> = {
  Summer: 'summer',
  Fall: 'autumn',
  Winter: 'winter',
  Spring: 'spring',
};

const USAGES: Readonly<Record<string, Usage>> = {
  Casual: 'casual',
  'Smart Casual': 'smart_casual',
  Formal: 'formal',
  Sports: 'sports',
  Ethnic: 'ethnic',
  Party: 'party',
  Travel: 'travel',
  Home: 'home',
};

/** What a loader read: the items, the data rows seen, and the rows it skipped by reason. */
export interface LoadResult {
  items: Item[];
  rows: number;
  skipped: SkipCounter;
  /** Rows whose type their own description contradicts, and the type they took (`hygiene.ts`). */
  retyped?: Retyped[];
}

/** A row re-typed from its description. */
export interface Retyped {
  id: string;
  name: string;
  from: string;
  to: string;
}

/** Splits a line on its first `count` commas; the rest of the line is the last field. */
function splitFirst(line: string, count: number): string[] | undefined {
  const fields: string[] = [];
  let from = 0;
  for (let i = 0; i < count; i++) {
    const comma = line.indexOf(',', from);
    if (comma === -1) return undefined;
    fields.push(line.slice(from, comma));
    from = comma + 1;
  }
  fields.push(line.slice(from));
  return fields;
}

/**
 * Parses the text of `styles.csv` into items. Throws `CatalogError` when the header is not Myntra's.
 * @example
 * const { items, skipped } = parseMyntraStyles(readFileSync(file, 'utf8'));
 */
export function parseMyntraStyles(text: string): LoadResult {
  const lines = text.split('\n');
  const header = lines[0]?.trim();
  if (header !== HEADER) {
    throw new CatalogError(`unexpected Myntra styles.csv header "${header?.slice(0, 120)}", expected "${HEADER}"`);
  }
  const skipped = new SkipCounter();
  const items: Item[] = [];
  const seen = new Set<string>();
  let rows = 0;
  for (let n = 1; n < lines.length; n++) {
    const raw = lines[n] ?? '';
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') continue;
    rows++;
    const fields = splitFirst(line, 9);
    if (!fields) {
      skipped.skip('fewer than 10 fields', `line ${n + 1}`);
      continue;
    }
    const [id, genderRaw, , , typeRaw, colorRaw, seasonRaw, , usageRaw, nameRaw] = fields as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    if (!/^\d+$/.test(id)) {
      skipped.skip('non-numeric id', `line ${n + 1}`);
      continue;
    }
    if (seen.has(id)) {
      skipped.skip('repeated id', `line ${n + 1}: ${id}`);
      continue;
    }
    const gender = GENDERS[genderRaw];
    if (!gender) {
      skipped.skip('unknown gender', `line ${n + 1}: ${genderRaw}`);
      continue;
    }
    seen.add(id);
    const name = nameRaw.trim() || `${typeRaw} ${id}`;
    let articleType = MYNTRA_TYPES[typeRaw] ?? 'other';
    // A suit is a jacket with trousers: a product labelled Suits whose name does not say suit is what its name says
    // (the one such row is a formal shirt, which became the only men's suit of the catalogue).
    if (articleType === 'suit' && !/\bsuits?\b/i.test(name)) articleType = articleTypeIn(name) ?? articleType;
    const usage = USAGES[usageRaw] ? [USAGES[usageRaw]] : [];
    const color = canonicalColor(colorRaw);
    const season = SEASONS[seasonRaw];
    const denim = articleType === 'jeans' || /\bdenim\b/i.test(name);
    items.push({
      id: `myntra:${id}`,
      source: 'myntra',
      name,
      gender,
      category: categoryOfType(articleType),
      articleType,
      colors: color ? [color] : [],
      pattern: patternIn(name) ?? (denim ? 'denim' : undefined),
      materials: materialsIn(name),
      seasons: season ? [season] : [],
      usage,
      formality: formalityOf(usage, articleType),
      popularity: 0,
    });
  }
  return { items, rows, skipped };
}

/**
 * Reads `styles.csv` from the data directory.
 * @example
 * const { items } = loadMyntraItems('/work/shared/data'); // 44,446 items, ids `myntra:<id>`
 */
export function loadMyntraItems(dataDir: string): LoadResult {
  return parseMyntraStyles(readTextFile(path.join(dataDir, MYNTRA_STYLES)));
}
