/**
 * Canonical bot vocabulary (article types, colours, materials of `src/catalog/taxonomy.ts`) mapped to the
 * keywords of the trend datasets. A term maps to one dataset and one or more keywords (averaged); terms with no
 * mapping are not covered, so the bot can say so instead of guessing.
 */
import { colorFamily } from '../../src/catalog/taxonomy.ts';

/** Where a canonical term's trend comes from. */
export interface TermSource {
  dataset: 'google-trends' | 'visuelle2' | 'conversations';
  /** Dataset keywords whose series are averaged. */
  keywords: string[];
  /** How the answer names it, e.g. `coat`, `jeans (denim)`. */
  label: string;
}

const gt = (keyword: string, label = keyword): TermSource => ({ dataset: 'google-trends', keywords: [keyword], label });
const vis = (keywords: string[], label: string): TermSource => ({ dataset: 'visuelle2', keywords, label });

/** Article types and their Google Trends category keyword. */
const ARTICLE_TERMS: Readonly<Record<string, TermSource>> = {
  't-shirt': gt('t-shirt'),
  shirt: gt('shirt'),
  blouse: gt('blouse'),
  top: gt('top'),
  'tank-top': gt('top'),
  sweater: gt('sweater'),
  knitwear: gt('sweater'),
  cardigan: gt('cardigan'),
  sweatshirt: gt('sweatshirt'),
  hoodie: gt('sweatshirt'),
  trousers: gt('pants'),
  pants: gt('pants'),
  chinos: gt('pants'),
  shorts: gt('shorts'),
  skirt: gt('skirt'),
  dress: gt('dress'),
  jumpsuit: gt('jumpsuit'),
  jacket: gt('jacket'),
  coat: gt('coat'),
  gilet: gt('vest'),
  waistcoat: gt('vest'),
  tights: gt('tights'),
  socks: gt('sock'),
  scarf: gt('scarf'),
  hat: gt('hat'),
  cap: gt('hat'),
  beanie: gt('hat'),
  belt: gt('belt'),
  watch: gt('watch'),
  tie: gt('tie'),
  wallet: gt('wallet'),
  umbrella: gt('umbrella'),
  gloves: gt('glove'),
  sunglasses: gt('glasses'),
  'hair-accessory': gt('hair accessory'),
  bag: gt('bag'),
  handbag: gt('bag'),
  tote: gt('bag'),
  clutch: gt('bag'),
  shoes: gt('shoe'),
  sneakers: gt('shoe'),
  'casual-shoes': gt('shoe'),
  'formal-shoes': gt('shoe'),
  'sports-shoes': gt('shoe'),
  boots: gt('shoe'),
  heels: gt('shoe'),
  loafers: gt('shoe'),
  flats: gt('shoe'),
  jeans: vis(['light jeans', 'dark jeans', 'heavy jeans'], 'jeans (denim)'),
  capris: vis(['capris'], 'capris'),
};

/** Materials and their VISUELLE fabric keywords. */
const MATERIAL_TERMS: Readonly<Record<string, TermSource>> = {
  cotton: vis(['cotton'], 'cotton'),
  linen: vis(['linen'], 'linen'),
  velvet: vis(['velvet'], 'velvet'),
  satin: vis(['silky satin', 'satin cotton'], 'satin'),
  jersey: vis(['matte jersey', 'shiny jersey'], 'jersey'),
  denim: vis(['light jeans', 'dark jeans', 'heavy jeans'], 'denim'),
  'faux-leather': vis(['faux leather'], 'faux leather'),
  acrylic: vis(['acrylic'], 'acrylic'),
  nylon: vis(['nylon'], 'nylon'),
  lace: vis(['lace'], 'lace'),
  tulle: vis(['tulle'], 'tulle'),
  fur: vis(['fur'], 'fur'),
  mohair: vis(['mohair'], 'mohair'),
  angora: vis(['angora'], 'angora'),
  chiffon: vis(['georgette'], 'georgette (chiffon-like)'),
  lyocell: vis(['tencel'], 'tencel (lyocell)'),
};

/** VISUELLE's colour keywords by colour family of the taxonomy. */
const COLOR_FAMILY_KEYWORD: Readonly<Record<string, string>> = {
  yellow: 'yellow',
  brown: 'brown',
  blue: 'blue',
  grey: 'grey',
  green: 'green',
  black: 'black',
  red: 'red',
  white: 'white',
  orange: 'orange',
  purple: 'violet',
};

/**
 * The dataset series behind a canonical term, or undefined when the data does not cover it. Plain dataset
 * keywords (e.g. `long cardigan`, `violet`) are accepted as they are when `keywords` lists them.
 * @example
 * termSource('coat'); // { dataset: 'google-trends', keywords: ['coat'], label: 'coat' }
 * termSource('navy'); // { dataset: 'visuelle2', keywords: ['blue'], label: 'blue' }
 * termSource('saree'); // undefined
 */
export function termSource(term: string, visuelleKeywords: ReadonlySet<string> = new Set()): TermSource | undefined {
  const key = term.trim().toLowerCase();
  const mapped = ARTICLE_TERMS[key] ?? MATERIAL_TERMS[key];
  if (mapped) return mapped;
  const family = colorFamily(key);
  const color = family ? COLOR_FAMILY_KEYWORD[family] : undefined;
  if (color) return vis([color], color);
  if (visuelleKeywords.has(key)) return vis([key], key);
  return undefined;
}

/** Google Trends keywords that have a canonical term (the candidates of "what's trending?"). */
export const GOOGLE_TRENDS_TERMS: readonly string[] = [
  ...new Set(Object.values(ARTICLE_TERMS).flatMap((s) => (s.dataset === 'google-trends' ? s.keywords : []))),
];
