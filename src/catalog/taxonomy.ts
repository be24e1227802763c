/**
 * The canonical catalogue vocabulary, shared by the catalogue loaders, the index, the NLU and the outfit composer:
 * article types and their coarse categories, colours and colour families, patterns, materials, usages and occasions.
 *
 * Conventions: every canonical value is lowercase ASCII, singular, words joined by `-` (`t-shirt`, `light-blue`,
 * `formal-shoes`). Usages keep the `Usage` spelling of `src/types.ts` (`smart_casual`).
 */
import type { Category, Usage } from '../types.ts';

/** The coarse garment families of `src/types.ts`, in outfit-template order. */
export const CATEGORIES: readonly Category[] = [
  'top',
  'bottom',
  'dress',
  'suit',
  'outerwear',
  'footwear',
  'accessory',
  'bag',
  'underwear',
  'nightwear',
  'swimwear',
  'beauty',
  'other',
];

/** What the taxonomy knows about one canonical article type. */
export interface ArticleTypeInfo {
  category: Category;
  /** Typical formality of the type on the 0 (sport, lounge) … 1 (black tie) scale of `Item.formality`. */
  formality: number;
}

const t = (category: Category, formality: number): ArticleTypeInfo => ({ category, formality });

/** Every canonical article type with its category and typical formality. */
export const ARTICLE_TYPE_INFO: Readonly<Record<string, ArticleTypeInfo>> = {
  // tops
  't-shirt': t('top', 0.15),
  shirt: t('top', 0.6),
  blouse: t('top', 0.55),
  top: t('top', 0.3),
  'tank-top': t('top', 0.1),
  camisole: t('top', 0.3),
  polo: t('top', 0.35),
  sweater: t('top', 0.4),
  cardigan: t('top', 0.4),
  hoodie: t('top', 0.1),
  sweatshirt: t('top', 0.15),
  kurta: t('top', 0.5),
  tunic: t('top', 0.35),
  bodysuit: t('top', 0.3),
  shrug: t('top', 0.35),
  // bottoms
  jeans: t('bottom', 0.25),
  trousers: t('bottom', 0.6),
  chinos: t('bottom', 0.45),
  shorts: t('bottom', 0.1),
  skirt: t('bottom', 0.45),
  leggings: t('bottom', 0.1),
  joggers: t('bottom', 0.1),
  'track-pants': t('bottom', 0.05),
  capris: t('bottom', 0.2),
  salwar: t('bottom', 0.5),
  // full body
  dress: t('dress', 0.55),
  jumpsuit: t('dress', 0.45),
  saree: t('dress', 0.75),
  lehenga: t('dress', 0.85),
  'kurta-set': t('dress', 0.55),
  // tailoring
  suit: t('suit', 0.85),
  blazer: t('suit', 0.7),
  waistcoat: t('suit', 0.75),
  // outerwear
  jacket: t('outerwear', 0.35),
  coat: t('outerwear', 0.6),
  gilet: t('outerwear', 0.25),
  'rain-jacket': t('outerwear', 0.15),
  // footwear
  sneakers: t('footwear', 0.2),
  'casual-shoes': t('footwear', 0.3),
  'formal-shoes': t('footwear', 0.85),
  loafers: t('footwear', 0.6),
  heels: t('footwear', 0.75),
  flats: t('footwear', 0.4),
  sandals: t('footwear', 0.25),
  boots: t('footwear', 0.45),
  'flip-flops': t('footwear', 0.0),
  'sports-shoes': t('footwear', 0.05),
  slippers: t('footwear', 0.0),
  // accessories
  watch: t('accessory', 0.55),
  belt: t('accessory', 0.55),
  tie: t('accessory', 0.85),
  'bow-tie': t('accessory', 0.95),
  cufflinks: t('accessory', 0.9),
  'pocket-square': t('accessory', 0.85),
  suspenders: t('accessory', 0.6),
  scarf: t('accessory', 0.45),
  dupatta: t('accessory', 0.55),
  hat: t('accessory', 0.35),
  cap: t('accessory', 0.1),
  beanie: t('accessory', 0.1),
  sunglasses: t('accessory', 0.3),
  jewellery: t('accessory', 0.6),
  earrings: t('accessory', 0.6),
  necklace: t('accessory', 0.65),
  bracelet: t('accessory', 0.55),
  ring: t('accessory', 0.6),
  'hair-accessory': t('accessory', 0.3),
  gloves: t('accessory', 0.4),
  wallet: t('accessory', 0.5),
  umbrella: t('accessory', 0.3),
  accessory: t('accessory', 0.3),
  // bags
  handbag: t('bag', 0.55),
  clutch: t('bag', 0.8),
  tote: t('bag', 0.35),
  backpack: t('bag', 0.1),
  'laptop-bag': t('bag', 0.6),
  'messenger-bag': t('bag', 0.4),
  'duffel-bag': t('bag', 0.1),
  'waist-bag': t('bag', 0.1),
  bag: t('bag', 0.35),
  // underwear and hosiery
  bra: t('underwear', 0.2),
  briefs: t('underwear', 0.2),
  boxers: t('underwear', 0.1),
  undershirt: t('underwear', 0.2),
  shapewear: t('underwear', 0.3),
  'lingerie-set': t('underwear', 0.3),
  socks: t('underwear', 0.3),
  tights: t('underwear', 0.5),
  // nightwear
  nightwear: t('nightwear', 0.0),
  pyjamas: t('nightwear', 0.0),
  robe: t('nightwear', 0.0),
  loungewear: t('nightwear', 0.05),
  // swimwear
  swimwear: t('swimwear', 0.05),
  bikini: t('swimwear', 0.05),
  'swim-shorts': t('swimwear', 0.05),
  sarong: t('swimwear', 0.1),
  // beauty
  fragrance: t('beauty', 0.5),
  makeup: t('beauty', 0.5),
  skincare: t('beauty', 0.3),
  // other
  tracksuit: t('other', 0.05),
  'clothing-set': t('other', 0.2),
  costume: t('other', 0.2),
  'sports-equipment': t('other', 0.0),
  'gift-set': t('other', 0.4),
  home: t('other', 0.0),
  other: t('other', 0.3),
};

/**
 * Canonical article types mapped to their coarse category.
 * @example
 * ARTICLE_TYPES['loafers']; // 'footwear'
 */
export const ARTICLE_TYPES: Readonly<Record<string, Category>> = Object.fromEntries(
  Object.entries(ARTICLE_TYPE_INFO).map(([type, info]) => [type, info.category]),
);

/**
 * Named groups of article types that users ask for as one thing ("jewellery", "knitwear", "pants").
 * A catalogue query may name a group wherever it names an article type.
 */
export const ARTICLE_GROUPS: Readonly<Record<string, readonly string[]>> = {
  jewellery: ['jewellery', 'earrings', 'necklace', 'bracelet', 'ring'],
  knitwear: ['sweater', 'cardigan'],
  pants: ['trousers', 'chinos', 'jeans', 'joggers', 'track-pants'],
  tailoring: ['suit', 'blazer', 'waistcoat'],
  'ethnic-wear': ['kurta', 'kurta-set', 'saree', 'lehenga', 'salwar', 'dupatta'],
  headwear: ['hat', 'cap', 'beanie'],
  'smart-shoes': ['formal-shoes', 'loafers'],
  'sports-wear': ['sports-shoes', 'track-pants', 'joggers', 'tracksuit', 'leggings'],
};

/** Everyday words and spellings for article types (singular, lowercase), mapped to the canonical type. */
export const ARTICLE_SYNONYMS: Readonly<Record<string, string>> = {
  tee: 't-shirt',
  tshirt: 't-shirt',
  't shirt': 't-shirt',
  't-shirts': 't-shirt',
  'vest top': 'tank-top',
  tank: 'tank-top',
  'tank top': 'tank-top',
  singlet: 'tank-top',
  'polo shirt': 'polo',
  jumper: 'sweater',
  pullover: 'sweater',
  sweatshirts: 'sweatshirt',
  hoody: 'hoodie',
  kurti: 'kurta',
  pant: 'trousers',
  pants: 'trousers',
  trouser: 'trousers',
  slacks: 'trousers',
  chino: 'chinos',
  jean: 'jeans',
  denims: 'jeans',
  jeggings: 'leggings',
  legging: 'leggings',
  'track pants': 'track-pants',
  trackpants: 'track-pants',
  sweatpants: 'joggers',
  jogger: 'joggers',
  'jogging bottoms': 'joggers',
  gown: 'dress',
  frock: 'dress',
  'maxi dress': 'dress',
  playsuit: 'jumpsuit',
  romper: 'jumpsuit',
  dungarees: 'jumpsuit',
  overalls: 'jumpsuit',
  sari: 'saree',
  'sport coat': 'blazer',
  'suit jacket': 'blazer',
  vest: 'waistcoat',
  'nehru jacket': 'waistcoat',
  parka: 'coat',
  overcoat: 'coat',
  trench: 'coat',
  'trench coat': 'coat',
  anorak: 'rain-jacket',
  raincoat: 'rain-jacket',
  windbreaker: 'jacket',
  bomber: 'jacket',
  'puffer jacket': 'jacket',
  trainers: 'sneakers',
  trainer: 'sneakers',
  sneaker: 'sneakers',
  'running shoes': 'sports-shoes',
  'sports shoes': 'sports-shoes',
  'gym shoes': 'sports-shoes',
  'dress shoes': 'formal-shoes',
  'formal shoes': 'formal-shoes',
  oxfords: 'formal-shoes',
  brogues: 'formal-shoes',
  derbies: 'formal-shoes',
  'casual shoes': 'casual-shoes',
  loafer: 'loafers',
  moccasins: 'loafers',
  heel: 'heels',
  pumps: 'heels',
  stilettos: 'heels',
  wedges: 'heels',
  ballerinas: 'flats',
  'ballet flats': 'flats',
  sandal: 'sandals',
  boot: 'boots',
  booties: 'boots',
  'ankle boots': 'boots',
  'flip flops': 'flip-flops',
  'flip flop': 'flip-flops',
  slides: 'flip-flops',
  wristwatch: 'watch',
  watches: 'watch',
  necktie: 'tie',
  'bow tie': 'bow-tie',
  braces: 'suspenders',
  muffler: 'scarf',
  stole: 'scarf',
  shawl: 'scarf',
  'baseball cap': 'cap',
  beanies: 'beanie',
  shades: 'sunglasses',
  jewelry: 'jewellery',
  earring: 'earrings',
  pendant: 'necklace',
  chain: 'necklace',
  bangle: 'bracelet',
  purse: 'handbag',
  'shoulder bag': 'handbag',
  'cross-body bag': 'handbag',
  'tote bag': 'tote',
  rucksack: 'backpack',
  'gym bag': 'duffel-bag',
  'laptop bag': 'laptop-bag',
  'bum bag': 'waist-bag',
  bumbag: 'waist-bag',
  bras: 'bra',
  underwear: 'briefs',
  trunks: 'briefs',
  knickers: 'briefs',
  panties: 'briefs',
  stockings: 'tights',
  pyjama: 'pyjamas',
  pajamas: 'pyjamas',
  nightie: 'nightwear',
  nightdress: 'nightwear',
  'bath robe': 'robe',
  bathrobe: 'robe',
  swimsuit: 'swimwear',
  'swimming costume': 'swimwear',
  'bathing suit': 'swimwear',
  'swim trunks': 'swim-shorts',
  perfume: 'fragrance',
  'track suit': 'tracksuit',
};

/** Canonical colour names. */
export const COLORS: readonly string[] = [
  'black',
  'charcoal',
  'grey',
  'light-grey',
  'white',
  'off-white',
  'cream',
  'beige',
  'khaki',
  'nude',
  'brown',
  'tan',
  'camel',
  'navy',
  'blue',
  'light-blue',
  'teal',
  'turquoise',
  'green',
  'olive',
  'light-green',
  'yellow',
  'mustard',
  'orange',
  'rust',
  'peach',
  'red',
  'maroon',
  'burgundy',
  'pink',
  'light-pink',
  'magenta',
  'purple',
  'lavender',
  'gold',
  'silver',
  'bronze',
  'multi',
];

/** The family each colour belongs to: a query for the family name also matches these shades. */
const FAMILY: Readonly<Record<string, string>> = {
  black: 'black',
  charcoal: 'grey',
  grey: 'grey',
  'light-grey': 'grey',
  white: 'white',
  'off-white': 'white',
  cream: 'white',
  beige: 'beige',
  khaki: 'beige',
  nude: 'beige',
  brown: 'brown',
  tan: 'brown',
  camel: 'brown',
  navy: 'blue',
  blue: 'blue',
  'light-blue': 'blue',
  teal: 'blue',
  turquoise: 'blue',
  green: 'green',
  olive: 'green',
  'light-green': 'green',
  yellow: 'yellow',
  mustard: 'yellow',
  orange: 'orange',
  rust: 'orange',
  peach: 'orange',
  red: 'red',
  maroon: 'red',
  burgundy: 'red',
  pink: 'pink',
  'light-pink': 'pink',
  magenta: 'pink',
  purple: 'purple',
  lavender: 'purple',
  gold: 'metallic',
  silver: 'metallic',
  bronze: 'metallic',
  multi: 'multi',
};

/** Colour families (each is also a query word: "blue" matches navy, teal …). */
export const COLOR_FAMILIES: readonly string[] = [...new Set(Object.values(FAMILY))];

/** Colour words and dataset spellings mapped to canonical colours. */
export const COLOR_SYNONYMS: Readonly<Record<string, string>> = {
  'navy blue': 'navy',
  'dark blue': 'navy',
  'midnight blue': 'navy',
  'light blue': 'light-blue',
  'sky blue': 'light-blue',
  'baby blue': 'light-blue',
  'turquoise blue': 'turquoise',
  'off white': 'off-white',
  ivory: 'cream',
  ecru: 'cream',
  gray: 'grey',
  'grey melange': 'grey',
  'dark grey': 'charcoal',
  'light grey': 'light-grey',
  'light gray': 'light-grey',
  'dark gray': 'charcoal',
  steel: 'silver',
  metallic: 'silver',
  copper: 'bronze',
  'bronze/copper': 'bronze',
  'greenish khaki': 'olive',
  'dark green': 'green',
  'sea green': 'green',
  'lime green': 'light-green',
  'fluorescent green': 'light-green',
  mint: 'light-green',
  'light green': 'light-green',
  'coffee brown': 'brown',
  'mushroom brown': 'brown',
  chocolate: 'brown',
  taupe: 'brown',
  'yellowish brown': 'camel',
  skin: 'nude',
  'light beige': 'beige',
  'dark beige': 'khaki',
  'greyish beige': 'beige',
  'dark red': 'maroon',
  wine: 'burgundy',
  'light red': 'red',
  coral: 'peach',
  'light orange': 'peach',
  'dark orange': 'rust',
  'light pink': 'light-pink',
  'dark pink': 'magenta',
  fuchsia: 'magenta',
  rose: 'pink',
  mauve: 'lavender',
  lilac: 'lavender',
  violet: 'purple',
  'light purple': 'lavender',
  'dark purple': 'purple',
  'light yellow': 'yellow',
  'dark yellow': 'mustard',
  'light turquoise': 'turquoise',
  'dark turquoise': 'teal',
  multicolour: 'multi',
  multicolor: 'multi',
  'multi colour': 'multi',
  colourful: 'multi',
};

/** Canonical pattern names. */
export const PATTERNS: readonly string[] = [
  'solid',
  'striped',
  'checked',
  'floral',
  'printed',
  'graphic',
  'dotted',
  'animal',
  'camouflage',
  'paisley',
  'denim',
  'melange',
  'colour-block',
  'lace',
  'embroidered',
  'embellished',
  'sequin',
  'metallic',
  'jacquard',
  'textured',
  'washed',
  'sheer',
];

/** A query for one of these patterns also matches the listed, more specific ones. */
export const PATTERN_FAMILIES: Readonly<Record<string, readonly string[]>> = {
  printed: ['printed', 'floral', 'graphic', 'dotted', 'animal', 'camouflage', 'paisley'],
  embellished: ['embellished', 'sequin', 'embroidered'],
};

/** Canonical material names. */
export const MATERIALS: readonly string[] = [
  'cotton',
  'linen',
  'wool',
  'merino',
  'cashmere',
  'silk',
  'satin',
  'chiffon',
  'velvet',
  'denim',
  'corduroy',
  'tweed',
  'jersey',
  'fleece',
  'leather',
  'faux-leather',
  'suede',
  'canvas',
  'polyester',
  'nylon',
  'viscose',
  'lyocell',
  'modal',
  'elastane',
  'acrylic',
  'down',
  'rubber',
  'metal',
  'straw',
];

/** Material words found in names and descriptions, mapped to canonical materials. */
export const MATERIAL_SYNONYMS: Readonly<Record<string, string>> = {
  'imitation leather': 'faux-leather',
  'faux leather': 'faux-leather',
  'vegan leather': 'faux-leather',
  'imitation suede': 'suede',
  'faux suede': 'suede',
  'merino wool': 'merino',
  tencel: 'lyocell',
  spandex: 'elastane',
  lycra: 'elastane',
  rayon: 'viscose',
  'sweatshirt fabric': 'jersey',
  'pile fleece': 'fleece',
  'teddy fleece': 'fleece',
  chambray: 'denim',
  poplin: 'cotton',
  'oxford cotton': 'cotton',
  'cotton twill': 'cotton',
  mohair: 'wool',
  alpaca: 'wool',
  stainless: 'metal',
  'stainless steel': 'metal',
  brass: 'metal',
};

/** The usages of `src/types.ts`. */
export const USAGES: readonly Usage[] = [
  'casual',
  'smart_casual',
  'formal',
  'party',
  'sports',
  'ethnic',
  'travel',
  'home',
];

/** Typical formality of each usage on the 0 … 1 scale. */
export const USAGE_FORMALITY: Readonly<Record<Usage, number>> = {
  sports: 0.05,
  home: 0.0,
  travel: 0.2,
  casual: 0.25,
  smart_casual: 0.5,
  ethnic: 0.6,
  party: 0.65,
  formal: 0.85,
};

/** What an occasion asks of an outfit. */
export interface Occasion {
  name: string;
  /** Words users say for it (lowercase), besides its name. */
  aliases: readonly string[];
  /** Usages whose items suit it, best first. */
  usages: readonly Usage[];
  /** Acceptable outfit formality, inclusive. */
  formality: { min: number; max: number };
  /** Colours that suit it, when there is a convention. */
  preferColors?: readonly string[];
  /** Colours to avoid (e.g. bright colours at a funeral, white as a wedding guest). */
  avoidColors?: readonly string[];
  /** Kinds of piece that do not belong there whatever their usage tag says (a laptop bag at a wedding). */
  avoidTypes?: readonly string[];
  /** Seasons it usually happens in, when it is seasonal. */
  seasons?: readonly ('spring' | 'summer' | 'autumn' | 'winter')[];
  /** Article types that fit it particularly well, for the composer's anchors. */
  keyPieces?: readonly string[];
}

const occasion = (o: Occasion): Occasion => o;

/** Sportswear, loungewear and everyday carry-alls: out of place at a ceremony. */
const NOT_CEREMONIAL = [
  'laptop-bag',
  'backpack',
  'messenger-bag',
  'duffel-bag',
  'waist-bag',
  'sports-shoes',
  'flip-flops',
  'joggers',
  'track-pants',
  'shorts',
  'cap',
  'beanie',
  'hoodie',
  'sweatshirt',
] as const;

/** The occasions the bot knows (DESIGN §3), keyed by canonical name. */
export const OCCASIONS: Readonly<Record<string, Occasion>> = {
  wedding: occasion({
    name: 'wedding',
    avoidTypes: NOT_CEREMONIAL,
    aliases: ['wedding guest', 'marriage', 'engagement', 'reception', 'nikah', 'sangeet'],
    usages: ['formal', 'party', 'ethnic', 'smart_casual'],
    formality: { min: 0.55, max: 1 },
    avoidColors: ['white', 'off-white', 'cream'],
    keyPieces: ['suit', 'blazer', 'dress', 'saree', 'kurta-set', 'formal-shoes', 'heels', 'clutch'],
  }),
  work: occasion({
    name: 'work',
    aliases: ['office', 'business', 'meeting', 'business casual', 'conference', 'workplace'],
    usages: ['smart_casual', 'formal', 'casual'],
    formality: { min: 0.4, max: 0.85 },
    keyPieces: ['shirt', 'blouse', 'trousers', 'chinos', 'blazer', 'loafers', 'formal-shoes', 'handbag', 'laptop-bag'],
  }),
  interview: occasion({
    name: 'interview',
    avoidTypes: NOT_CEREMONIAL.filter((type) => type !== 'laptop-bag' && type !== 'messenger-bag'),
    aliases: ['job interview', 'assessment day'],
    usages: ['formal', 'smart_casual'],
    formality: { min: 0.6, max: 1 },
    preferColors: ['navy', 'charcoal', 'grey', 'black', 'white', 'light-blue'],
    keyPieces: ['suit', 'blazer', 'shirt', 'blouse', 'trousers', 'formal-shoes', 'tie'],
  }),
  date: occasion({
    name: 'date',
    avoidTypes: ['laptop-bag', 'duffel-bag', 'sports-shoes', 'track-pants', 'joggers'],
    aliases: ['date night', 'dinner date', 'romantic dinner', 'first date'],
    usages: ['smart_casual', 'party', 'casual'],
    formality: { min: 0.3, max: 0.75 },
    keyPieces: ['shirt', 'dress', 'blouse', 'jeans', 'chinos', 'loafers', 'heels', 'boots'],
  }),
  party: occasion({
    name: 'party',
    avoidTypes: ['laptop-bag', 'duffel-bag', 'sports-shoes', 'track-pants'],
    aliases: ['night out', 'club', 'clubbing', 'birthday', 'birthday party', 'new year', 'drinks'],
    usages: ['party', 'smart_casual', 'casual'],
    formality: { min: 0.3, max: 0.9 },
    keyPieces: ['dress', 'shirt', 'top', 'heels', 'clutch', 'jacket'],
  }),
  funeral: occasion({
    name: 'funeral',
    avoidTypes: NOT_CEREMONIAL,
    aliases: ['memorial', 'memorial service', 'wake'],
    usages: ['formal', 'smart_casual'],
    formality: { min: 0.6, max: 1 },
    preferColors: ['black', 'charcoal', 'navy', 'grey'],
    avoidColors: [
      'red',
      'pink',
      'light-pink',
      'magenta',
      'yellow',
      'orange',
      'light-green',
      'turquoise',
      'multi',
      'gold',
      'peach',
    ],
    keyPieces: ['suit', 'blazer', 'dress', 'formal-shoes', 'coat'],
  }),
  gym: occasion({
    name: 'gym',
    aliases: ['workout', 'training', 'fitness', 'running', 'yoga', 'sport', 'sports', 'exercise', 'jogging'],
    usages: ['sports'],
    formality: { min: 0, max: 0.25 },
    keyPieces: ['t-shirt', 'tank-top', 'leggings', 'joggers', 'track-pants', 'shorts', 'sports-shoes'],
  }),
  beach: occasion({
    name: 'beach',
    avoidTypes: [
      'formal-shoes',
      'laptop-bag',
      'boots',
      'coat',
      'jeans',
      'leggings',
      'joggers',
      'track-pants',
      'hoodie',
      'sweatshirt',
      'sweater',
    ],
    aliases: ['pool', 'pool party', 'seaside', 'holiday by the sea', 'resort'],
    usages: ['casual', 'travel'],
    formality: { min: 0, max: 0.4 },
    seasons: ['summer'],
    keyPieces: ['swimwear', 'bikini', 'swim-shorts', 'shorts', 't-shirt', 'sandals', 'flip-flops', 'sunglasses', 'hat'],
  }),
  travel: occasion({
    name: 'travel',
    aliases: ['trip', 'flight', 'holiday', 'vacation', 'road trip', 'weekend away', 'airport'],
    usages: ['travel', 'casual', 'sports', 'smart_casual'],
    formality: { min: 0, max: 0.55 },
    keyPieces: ['t-shirt', 'jeans', 'joggers', 'sneakers', 'jacket', 'backpack', 'duffel-bag'],
  }),
  casual: occasion({
    name: 'casual',
    aliases: ['everyday', 'weekend', 'day out', 'errands', 'hanging out', 'school', 'college', 'university'],
    usages: ['casual', 'smart_casual', 'travel'],
    formality: { min: 0.05, max: 0.55 },
    keyPieces: ['t-shirt', 'jeans', 'sneakers', 'sweatshirt', 'shorts', 'casual-shoes'],
  }),
  brunch: occasion({
    name: 'brunch',
    aliases: ['lunch', 'garden party', 'picnic', 'day party'],
    usages: ['smart_casual', 'casual'],
    formality: { min: 0.25, max: 0.65 },
    keyPieces: ['dress', 'shirt', 'blouse', 'chinos', 'skirt', 'loafers', 'sandals', 'flats'],
  }),
  'formal event': occasion({
    name: 'formal event',
    avoidTypes: NOT_CEREMONIAL,
    aliases: ['formal', 'black tie', 'gala', 'ball', 'prom', 'opera', 'award ceremony', 'graduation', 'cocktail party'],
    usages: ['formal', 'party'],
    formality: { min: 0.75, max: 1 },
    preferColors: ['black', 'navy', 'charcoal', 'burgundy', 'silver', 'gold'],
    keyPieces: ['suit', 'bow-tie', 'dress', 'heels', 'formal-shoes', 'clutch', 'cufflinks'],
  }),
  festive: occasion({
    name: 'festive',
    aliases: ['festival', 'diwali', 'eid', 'puja', 'holi', 'chinese new year', 'religious ceremony', 'temple'],
    usages: ['ethnic', 'party', 'smart_casual'],
    formality: { min: 0.4, max: 0.95 },
    keyPieces: ['kurta', 'kurta-set', 'saree', 'lehenga', 'dupatta'],
  }),
  outdoors: occasion({
    name: 'outdoors',
    aliases: ['hiking', 'hike', 'camping', 'trekking', 'walk', 'countryside'],
    usages: ['sports', 'travel', 'casual'],
    formality: { min: 0, max: 0.35 },
    keyPieces: ['jacket', 'rain-jacket', 'boots', 'sports-shoes', 'backpack', 'joggers'],
  }),
  home: occasion({
    name: 'home',
    aliases: ['lounging', 'sleep', 'bedtime', 'staying in', 'work from home'],
    usages: ['home', 'casual'],
    formality: { min: 0, max: 0.3 },
    keyPieces: ['loungewear', 'pyjamas', 'hoodie', 'joggers', 'slippers'],
  }),
};

/**
 * The coarse category of a canonical article type (or of a category name itself), or undefined.
 * @example
 * categoryOf('sneakers'); // 'footwear'
 * categoryOf('top'); // 'top' (a type and a category at once)
 */
export function categoryOf(articleType: string): Category | undefined {
  return ARTICLE_TYPES[articleType] ?? (isCategory(articleType) ? articleType : undefined);
}

/**
 * The category of an article type a loader chose; throws for one outside the taxonomy (a bug in its type mapping).
 * @example
 * categoryOfType('jeans'); // 'bottom'
 */
export function categoryOfType(articleType: string): Category {
  const category = ARTICLE_TYPES[articleType];
  if (!category) throw new Error(`article type "${articleType}" is not in the taxonomy`);
  return category;
}

/**
 * Whether a string is one of the coarse categories.
 * @example
 * isCategory('footwear'); // true
 * isCategory('sneakers'); // false
 */
export function isCategory(value: unknown): value is Category {
  return typeof value === 'string' && (CATEGORIES as readonly string[]).includes(value);
}

/** Whether a string is a canonical article type. */
export function isArticleType(value: unknown): value is string {
  return typeof value === 'string' && Object.hasOwn(ARTICLE_TYPE_INFO, value);
}

/** Whether a string is a canonical colour. */
export function isColor(value: unknown): value is string {
  return typeof value === 'string' && Object.hasOwn(FAMILY, value);
}

/**
 * The family of a canonical colour (`navy` → `blue`, `maroon` → `red`, `cream` → `white`), or undefined.
 * A family name is itself a colour of its own family, except `metallic`.
 * @example
 * colorFamily('navy'); // 'blue'
 * colorFamily('blue'); // 'blue'
 */
export function colorFamily(color: string): string | undefined {
  return FAMILY[color] ?? (color === 'metallic' ? 'metallic' : undefined);
}

/**
 * The canonical colours a query colour accepts: the whole family for a family name ("blue" → navy, teal …),
 * otherwise the colour itself. Unknown colours accept nothing.
 * @example
 * colorsMatching('blue'); // ['navy', 'blue', 'light-blue', 'teal', 'turquoise']
 * colorsMatching('navy'); // ['navy']
 */
export function colorsMatching(color: string): string[] {
  const canonical = canonicalColor(color) ?? color;
  if ((COLOR_FAMILIES as readonly string[]).includes(canonical)) {
    return Object.keys(FAMILY).filter((c) => FAMILY[c] === canonical);
  }
  return isColor(canonical) ? [canonical] : [];
}

/**
 * Names that are both a category and an article type but mean the type when asked for: "a suit" is a suit, not a
 * blazer or a waistcoat (ask for the `tailoring` group for all three); "dresses" are dresses, not dungarees or sarees. `top`, `bag` and `accessory` mean their category.
 */
const TYPE_BEFORE_CATEGORY: ReadonlySet<string> = new Set(['suit', 'dress']);

/**
 * The article types a query category accepts: every type of a coarse category, the members of a group,
 * or the type itself (synonyms allowed). Unknown names accept nothing.
 * @example
 * articleTypesMatching('footwear').includes('loafers'); // true
 * articleTypesMatching('trainers'); // ['sneakers']
 * articleTypesMatching('suit'); // ['suit']
 */
export function articleTypesMatching(name: string): string[] {
  if (isCategory(name) && !TYPE_BEFORE_CATEGORY.has(name)) {
    return Object.keys(ARTICLE_TYPES).filter((type) => ARTICLE_TYPES[type] === name);
  }
  const group = ARTICLE_GROUPS[name];
  if (group) return [...group];
  const type = canonicalArticleType(name);
  return type ? [type] : [];
}

/**
 * The patterns a query pattern accepts (`printed` also accepts floral, graphic, dotted …).
 * @example
 * patternsMatching('printed').includes('floral'); // true
 */
export function patternsMatching(pattern: string): string[] {
  return [...(PATTERN_FAMILIES[pattern] ?? [pattern])];
}

const normalizeWords = (text: string) =>
  text
    .toLowerCase()
    .replace(/[_\s]+/g, ' ')
    .trim();

/**
 * The canonical article type for a word or phrase (`trainers` → `sneakers`, `T-Shirts` → `t-shirt`), or undefined.
 * @example
 * canonicalArticleType('Jumper'); // 'sweater'
 */
export function canonicalArticleType(text: string): string | undefined {
  const words = normalizeWords(text);
  const hyphenated = words.replace(/ /g, '-');
  if (isArticleType(hyphenated)) return hyphenated;
  const synonym = ARTICLE_SYNONYMS[words] ?? ARTICLE_SYNONYMS[hyphenated];
  if (synonym) return synonym;
  const singular = words.endsWith('s') ? words.slice(0, -1) : undefined;
  if (singular) {
    const hyphenatedSingular = singular.replace(/ /g, '-');
    if (isArticleType(hyphenatedSingular)) return hyphenatedSingular;
    if (ARTICLE_SYNONYMS[singular]) return ARTICLE_SYNONYMS[singular];
  }
  return undefined;
}

/**
 * The canonical colour for a word or phrase (`Navy Blue` → `navy`, `gray` → `grey`), or undefined.
 * @example
 * canonicalColor('Off White'); // 'off-white'
 */
export function canonicalColor(text: string): string | undefined {
  const words = normalizeWords(text);
  const hyphenated = words.replace(/ /g, '-');
  if (isColor(hyphenated)) return hyphenated;
  return COLOR_SYNONYMS[words];
}

/**
 * The canonical material for a word or phrase (`imitation leather` → `faux-leather`), or undefined.
 * @example
 * canonicalMaterial('Tencel'); // 'lyocell'
 */
export function canonicalMaterial(text: string): string | undefined {
  const words = normalizeWords(text);
  const hyphenated = words.replace(/ /g, '-');
  if ((MATERIALS as readonly string[]).includes(hyphenated)) return hyphenated;
  return MATERIAL_SYNONYMS[words];
}

/**
 * The canonical occasion for a word or phrase, by name or alias (`office` → `work`), or undefined.
 * @example
 * canonicalOccasion('black tie'); // 'formal event'
 */
export function canonicalOccasion(text: string): string | undefined {
  const words = normalizeWords(text);
  if (Object.hasOwn(OCCASIONS, words)) return words;
  return Object.values(OCCASIONS).find((o) => o.aliases.includes(words))?.name;
}

/**
 * An item's formality from its usages and article type: the mean of the usage's typical formality (the most formal
 * usage when several) and the type's typical formality, rounded to 0.01.
 * @example
 * formalityOf(['formal'], 'suit'); // 0.85
 * formalityOf(['sports'], 't-shirt'); // 0.1
 */
export function formalityOf(usages: readonly Usage[], articleType: string): number {
  const typeFormality = ARTICLE_TYPE_INFO[articleType]?.formality ?? 0.3;
  if (usages.length === 0) return typeFormality;
  const usageFormality = Math.max(...usages.map((u) => USAGE_FORMALITY[u]));
  return Math.round(((usageFormality + typeFormality) / 2) * 100) / 100;
}

const NON_ASCII_WORD_CHAR = /[\p{L}\p{N}]/u;

/**
 * Calls `onWord` with every lowercase word of a text (runs of letters and digits), unstemmed.
 * @example
 * forEachRawWord('Slim-Fit Shirts', (w) => console.log(w)); // 'slim', 'fit', 'shirts'
 */
export function forEachRawWord(text: string, onWord: (word: string) => void): void {
  const lower = text.toLowerCase();
  let start = -1;
  for (let i = 0; i <= lower.length; i++) {
    const c = i < lower.length ? lower.charCodeAt(i) : 32;
    const wordChar =
      (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c > 127 && NON_ASCII_WORD_CHAR.test(lower.charAt(i)));
    if (wordChar) {
      if (start === -1) start = i;
    } else if (start !== -1) {
      onWord(lower.slice(start, i));
      start = -1;
    }
  }
}

/**
 * Text split into lowercase index words with a light plural stemmer, shared by the index and its queries
 * (`Dresses` → `dress`, `Shoes` → `shoe`, `T-Shirt` → `t`, `shirt`).
 * @example
 * textWords('Slim Fit Shirts, blue'); // ['slim', 'fit', 'shirt', 'blue']
 */
export function textWords(text: string): string[] {
  const words: string[] = [];
  forEachRawWord(text, (word) => words.push(stemWord(word)));
  return words;
}

/**
 * The index form of one lowercase word: plurals reduced (`dresses` → `dress`, `berries` → `berry`, `shoes` → `shoe`).
 * @example
 * stemWord('dresses'); // 'dress'
 */
export function stemWord(word: string): string {
  const n = word.length;
  if (n <= 3 || word.charCodeAt(n - 1) !== 115 /* s */) return word;
  if (n > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.endsWith('es') && /(ss|x|z|ch|sh)es$/.test(word)) return word.slice(0, -2);
  if (/(ss|us|is)$/.test(word)) return word;
  return word.slice(0, -1);
}
