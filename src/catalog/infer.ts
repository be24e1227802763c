/** Attribute inference from product text, shared by the dataset loaders. */
import type { Season } from '../types.ts';
import { canonicalArticleType, MATERIAL_SYNONYMS, MATERIALS } from './taxonomy.ts';

const MATERIAL_WORDS = new Map<string, string>([
  // "down" is mostly a direction ("button-down", "turn-down collar"): see DOWN_FILL.
  ...MATERIALS.filter((m) => !m.includes('-') && m !== 'down').map((m) => [m, m] as [string, string]),
  ...Object.entries(MATERIAL_SYNONYMS),
]);
/** Every material phrase, longest first so that `imitation leather` wins over `leather`. */
const MATERIAL_RE = new RegExp(
  `\\b(${[...MATERIAL_WORDS.keys()]
    .sort((a, b) => b.length - a.length)
    .map((phrase) => phrase.replace(/ /g, '\\s+'))
    .join('|')})\\b`,
  'gi',
);
const DOWN_FILL = /\bdown(-filled| fill| filling| and feather| padding)|\b(filled|padded) with (recycled )?down\b/i;

/**
 * Canonical materials named in a text, in order of first mention. Longer phrases win (`imitation leather` gives
 * `faux-leather`, not `leather`).
 * @example
 * materialsIn('Jacket in imitation leather with a cotton lining'); // ['faux-leather', 'cotton']
 */
export function materialsIn(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(MATERIAL_RE)) {
    const material = MATERIAL_WORDS.get((match[1] ?? '').toLowerCase().replace(/\s+/g, ' '));
    if (material && !found.includes(material)) found.push(material);
  }
  if (DOWN_FILL.test(text)) found.push('down');
  return found;
}

/**
 * The first article type a product name names (two-word phrases first: `polo shirt` → polo), or undefined.
 * For rows whose own type is unknown.
 * @example
 * articleTypeIn('ALLINGTON slim fit tee'); // 't-shirt'
 */
export function articleTypeIn(text: string): string | undefined {
  const words = text
    .toLowerCase()
    .split(/[^a-z-]+/)
    .filter(Boolean);
  for (const [i, word] of words.entries()) {
    const next = words[i + 1];
    const type = (next !== undefined && canonicalArticleType(`${word} ${next}`)) || canonicalArticleType(word);
    if (type) return type;
  }
  return undefined;
}

const PATTERN_WORDS: readonly [RegExp, string][] = [
  [/\b(stripes?|striped|pinstripe[sd]?|breton)\b/, 'striped'],
  [/\b(checks?|checked|checkered|chequered|plaid|tartan|gingham|houndstooth|argyle)\b/, 'checked'],
  [/\b(floral|flowers?|flowery)\b/, 'floral'],
  [/\b(polka|dots?|dotted|spots?|spotted)\b/, 'dotted'],
  [/\b(leopard|zebra|snake|animal)\b/, 'animal'],
  [/\b(camo|camouflage)\b/, 'camouflage'],
  [/\bpaisley\b/, 'paisley'],
  [/\b(sequins?|sequinned|sequined)\b/, 'sequin'],
  [/\b(embroidered|embroidery)\b/, 'embroidered'],
  [/\blace\b/, 'lace'],
  [/\b(colou?r ?block(ed|ing)?)\b/, 'colour-block'],
  [/\b(graphic|typography|logo)\b/, 'graphic'],
  [/\b(printed|print)\b/, 'printed'],
  [/\b(melange|marl|heathered)\b/, 'melange'],
  [/\b(solid|plain)\b/, 'solid'],
];

/**
 * The pattern a product name or description names, most specific first, or undefined.
 * @example
 * patternIn('Men Navy Blue Striped Polo'); // 'striped'
 */
export function patternIn(text: string): string | undefined {
  const lower = text.toLowerCase();
  return PATTERN_WORDS.find(([re]) => re.test(lower))?.[1];
}

const SUMMER_TYPES = new Set([
  'swimwear',
  'bikini',
  'swim-shorts',
  'sarong',
  'flip-flops',
  'sandals',
  'shorts',
  'tank-top',
]);
const COLD_TYPES = new Set(['coat', 'gloves', 'beanie', 'boots', 'gilet']);
const WARM_MATERIALS = new Set(['wool', 'merino', 'cashmere', 'fleece', 'down', 'corduroy', 'tweed', 'velvet']);

/**
 * Seasons inferred for an item without a season attribute (H&M) from its type, materials and text (name and
 * description): winter for Christmas pieces (a reindeer headband is no summer-wedding accessory); summer for
 * swimwear, sandals, shorts and tank tops; spring and summer for linen; autumn and winter for coats, gloves, beanies,
 * boots, gilets, padded or quilted pieces and warm materials (wool, cashmere, fleece, down, corduroy, tweed, velvet);
 * otherwise every season (empty).
 * @example
 * inferSeasons('coat', ['wool'], 'Coat in a wool blend'); // ['autumn', 'winter']
 * inferSeasons('hair-accessory', [], 'XMAS Deer aliceband'); // ['winter']
 */
export function inferSeasons(articleType: string, materials: readonly string[], text: string): Season[] {
  if (/\b(xmas|x-mas|christmas)\b/i.test(text)) return ['winter'];
  if (SUMMER_TYPES.has(articleType)) return ['summer'];
  if (materials.includes('linen')) return ['spring', 'summer'];
  if (COLD_TYPES.has(articleType) || materials.some((m) => WARM_MATERIALS.has(m))) return ['autumn', 'winter'];
  if (/\b(padded|quilted|lined hood|thermal|faux fur|pile-lined|teddy)\b/i.test(text)) return ['autumn', 'winter'];
  return [];
}
