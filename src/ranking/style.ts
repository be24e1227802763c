/**
 * Style as a soft signal (DESIGN §3 `style` slot: minimalist, streetwear, boho …). The catalogues carry no style
 * label, so an item's affinity to a style is read from what they do carry: words of its name and description, its
 * article type, pattern, materials, colours, usage and formality. Affinity reorders candidates and adds to outfit
 * scores; it never filters (a shopper asking for "boho" still gets an outfit when few pieces look boho).
 */
import type { Item, ScoredItem, Signal, Usage } from '../types.ts';

/** What makes an item look like a style. Words are matched as whole words (or phrases) of the item's text. */
interface StyleCues {
  words: readonly string[];
  types?: readonly string[];
  patterns?: readonly string[];
  materials?: readonly string[];
  colors?: readonly string[];
  usages?: readonly Usage[];
  /** Formality range the style lives in (0 sport … 1 black tie). */
  formality?: readonly [number, number];
  /** Words and patterns that read as the opposite of the style. */
  against?: readonly string[];
}

const NEUTRALS = ['black', 'white', 'grey', 'charcoal', 'beige', 'cream', 'off-white', 'navy', 'camel', 'taupe'];
const BRIGHTS = ['red', 'yellow', 'orange', 'pink', 'fuchsia', 'purple', 'green', 'turquoise', 'magenta', 'gold'];
const PRINTS = ['floral', 'printed', 'graphic', 'paisley', 'animal', 'tie-dye', 'abstract', 'checked', 'striped'];

/** Cues of every style the NLU extracts (keys are its canonical style values). */
export const STYLE_CUES: Readonly<Record<string, StyleCues>> = {
  minimalist: {
    words: ['minimal', 'minimalist', 'clean', 'simple', 'plain', 'basic', 'essential', 'sleek', 'slim sole'],
    patterns: ['solid'],
    colors: NEUTRALS,
    against: ['sequin', 'embroidered', 'ruffle', 'fringe', 'graphic', 'logo', ...PRINTS],
  },
  streetwear: {
    words: ['oversized', 'graphic', 'logo', 'hoodie', 'cargo', 'jogger', 'joggers', 'baggy', 'boxy', 'bomber', 'cap'],
    types: ['sneakers', 'hoodie', 'sweatshirt', 't-shirt', 'joggers', 'track-pants', 'caps', 'jacket'],
    patterns: ['graphic', 'printed'],
    usages: ['casual', 'sports'],
    formality: [0, 0.4],
  },
  classic: {
    words: ['classic', 'tailored', 'oxford', 'trench', 'cashmere', 'timeless', 'button-down', 'pleated', 'crisp'],
    types: ['blazer', 'shirt', 'trousers', 'loafers', 'coat', 'chinos', 'formal-shoes', 'pumps', 'heels'],
    patterns: ['solid'],
    colors: NEUTRALS,
    formality: [0.45, 0.9],
  },
  boho: {
    words: [
      'boho',
      'bohemian',
      'paisley',
      'fringe',
      'crochet',
      'embroidered',
      'peasant',
      'maxi',
      'tiered',
      'flowing',
      'tassel',
      'kaftan',
      'block print',
      'espadrille',
      'suede',
      'flutter',
      'palazzo',
    ],
    types: ['sandals', 'kurta', 'maxi-dress', 'skirt'],
    patterns: ['floral', 'paisley', 'printed', 'embroidered', 'ethnic'],
    materials: ['linen', 'suede', 'chiffon', 'straw', 'crochet'],
    colors: ['brown', 'rust', 'mustard', 'olive', 'cream', 'beige', 'tan', 'khaki', 'burgundy'],
    formality: [0.1, 0.55],
  },
  preppy: {
    words: ['preppy', 'polo', 'chino', 'chinos', 'cardigan', 'cable', 'oxford', 'pleated', 'blazer', 'loafer'],
    types: ['polo', 'chinos', 'cardigan', 'blazer', 'loafers', 'shirt', 'skirt'],
    patterns: ['striped', 'checked'],
    colors: ['navy', 'white', 'green', 'red', 'camel'],
    formality: [0.35, 0.7],
  },
  sporty: {
    words: ['sport', 'sports', 'running', 'training', 'gym', 'dry', 'active', 'seamless', 'track', 'performance'],
    types: ['sports-shoes', 'track-pants', 'leggings', 'shorts', 'sweatshirt', 'tank-top', 'joggers', 'sneakers'],
    usages: ['sports'],
    materials: ['polyester', 'elastane', 'nylon'],
    formality: [0, 0.3],
  },
  elegant: {
    words: ['elegant', 'satin', 'silk', 'lace', 'evening', 'pleated', 'wrap', 'velvet', 'pearl', 'tailored'],
    types: ['dress', 'heels', 'pumps', 'blazer', 'clutches', 'blouse', 'gown'],
    materials: ['silk', 'satin', 'velvet', 'cashmere', 'wool'],
    formality: [0.6, 1],
    against: ['graphic', 'jogger', 'hoodie', 'distressed'],
  },
  edgy: {
    words: ['leather', 'biker', 'moto', 'ripped', 'distressed', 'studded', 'chain', 'combat', 'zip', 'zips', 'grunge'],
    types: ['boots', 'jacket', 'jeans'],
    materials: ['leather', 'faux-leather', 'denim'],
    colors: ['black', 'charcoal'],
  },
  vintage: {
    words: ['vintage', 'retro', 'corduroy', 'flared', 'polka', 'tweed', 'high-rise', 'mom', 'pleated'],
    patterns: ['dotted', 'checked', 'floral'],
    materials: ['corduroy', 'tweed', 'denim', 'wool'],
  },
  romantic: {
    words: ['lace', 'floral', 'ruffle', 'ruffled', 'frill', 'bow', 'puff', 'puffed', 'flutter', 'pearl', 'scalloped'],
    patterns: ['floral', 'lace'],
    colors: ['pink', 'blush', 'lilac', 'cream', 'white', 'peach'],
    materials: ['chiffon', 'lace', 'silk', 'satin'],
  },
  bold: {
    words: ['statement', 'sequin', 'metallic', 'bright', 'neon', 'bold'],
    patterns: ['sequin', 'metallic', ...PRINTS],
    colors: BRIGHTS,
  },
  'smart-casual': {
    words: ['chino', 'chinos', 'blazer', 'loafer', 'loafers', 'oxford', 'polo', 'knit'],
    types: ['chinos', 'blazer', 'loafers', 'shirt', 'polo', 'sweater'],
    usages: ['smart_casual'],
    formality: [0.35, 0.65],
  },
  'slim-fit': {
    words: ['slim', 'skinny', 'fitted', 'tailored', 'sculpt', 'stretch'],
    against: ['oversized', 'baggy', 'loose', 'relaxed', 'wide-leg', 'boxy'],
  },
  'regular-fit': {
    words: ['regular', 'straight', 'classic fit'],
    against: ['skinny', 'oversized', 'baggy'],
  },
  oversized: {
    words: ['oversized', 'oversize', 'baggy', 'loose', 'relaxed', 'boxy', 'wide-leg', 'wide', 'palazzo'],
    against: ['skinny', 'slim', 'fitted', 'bodycon'],
  },
  cosy: {
    words: ['knit', 'knitted', 'fleece', 'soft', 'brushed', 'cosy', 'cozy', 'chunky', 'roll-neck', 'wool', 'teddy'],
    types: ['sweater', 'cardigan', 'hoodie', 'sweatshirt', 'joggers'],
    materials: ['wool', 'cashmere', 'merino', 'fleece', 'mohair'],
  },
};

/** An item's affinity to a style: a score in [-0.5, 1] and the cues it showed. */
export interface StyleAffinity {
  score: number;
  cues: string[];
}

/** The item's words (name, description, type, pattern, materials) as ` word word … ` for whole-word matching. */
function textOf(item: Item): string {
  const raw = [item.name, item.description ?? '', item.articleType, item.pattern ?? '', ...item.materials].join(' ');
  return ` ${raw.toLowerCase().replace(/[^\p{L}\p{N}-]+/gu, ' ')} `;
}

/** Whether a canonical style value has cues (unknown styles are ignored rather than guessed). */
export function isKnownStyle(style: string | undefined): style is string {
  return style !== undefined && Object.hasOwn(STYLE_CUES, style);
}

/**
 * How much an item looks like a style (0 when it shows no cue; negative when it reads as the opposite).
 * @example
 * styleAffinity(paisleyMaxiDress, 'boho'); // { score: 1, cues: ['paisley', 'maxi', 'floral'] }
 */
export function styleAffinity(item: Item, style: string): StyleAffinity {
  const cues = STYLE_CUES[style];
  if (!cues) return { score: 0, cues: [] };
  const text = textOf(item);
  const found: string[] = [];
  let points = 0;
  for (const word of cues.words) {
    if (text.includes(` ${word} `)) {
      found.push(word);
      points += 1;
    }
  }
  if (cues.types?.includes(item.articleType)) {
    const type = item.articleType.replace(/-/g, ' ');
    if (!found.includes(type)) found.push(type);
    points += 0.5;
  }
  if (item.pattern && cues.patterns?.includes(item.pattern)) {
    if (!found.includes(item.pattern)) found.push(item.pattern);
    points += 0.75;
  }
  const material = item.materials.find((m) => cues.materials?.includes(m));
  if (material) {
    if (!found.includes(material)) found.push(material);
    points += 0.5;
  }
  if (item.colors[0] && cues.colors?.includes(item.colors[0])) points += 0.25;
  const { usages } = cues;
  if (usages && item.usage.some((u) => usages.includes(u))) points += 0.25;
  if (cues.formality) {
    const [min, max] = cues.formality;
    if (item.formality >= min && item.formality <= max) points += 0.25;
  }
  for (const word of cues.against ?? []) {
    if (text.includes(` ${word} `) || item.pattern === word) points -= 1;
  }
  return { score: Math.max(-0.5, Math.min(1, points / 2.5)), cues: found.slice(0, 3) };
}

/** The signal naming a style and the cues an item (or outfit) showed for it. */
export function styleSignal(style: string, weight: number, cues: readonly string[]): Signal {
  return { name: 'style', weight, detail: cues.length > 0 ? `${style}: ${cues.join(', ')}` : style };
}

/** How far style may move an item up a ranked list: affinity 1 is worth this share of the list's length. */
export const STYLE_RERANK_WEIGHT = 0.3;

/**
 * Reorders a ranked list by style (rank-based, whatever the scale of the recommender's scores): an item moves up by
 * up to `STYLE_RERANK_WEIGHT` of the list for full affinity, and gains a `style` signal naming the cues it shows;
 * the best `k` are kept. Items without cues keep their order relative to each other.
 * @example
 * styleRerank(recommender.rank({ query, profile, k: 15 }), 'boho', 5);
 */
export function styleRerank(ranked: readonly ScoredItem[], style: string, k: number): ScoredItem[] {
  if (!isKnownStyle(style)) return ranked.slice(0, k);
  const n = Math.max(1, ranked.length);
  return ranked
    .map((scored, rank) => {
      const affinity = styleAffinity(scored.item, style);
      const boost = STYLE_RERANK_WEIGHT * affinity.score;
      const entry: ScoredItem =
        affinity.score > 0
          ? { ...scored, signals: [...scored.signals, styleSignal(style, boost, affinity.cues)] }
          : scored;
      return { entry, rank, order: 1 - rank / n + boost };
    })
    .sort((a, b) => b.order - a.order || a.rank - b.rank)
    .slice(0, k)
    .map(({ entry }) => entry);
}
