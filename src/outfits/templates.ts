/**
 * Outfit templates: which complementary pieces make an outfit, by department and occasion. Each slot lists the
 * canonical article types it accepts (`src/catalog/taxonomy.ts`); optional slots are filled when something fits.
 */
import type { Gender } from '../types.ts';

/** One piece of a template. */
export interface Slot {
  role: 'top' | 'bottom' | 'one-piece' | 'tailoring' | 'footwear' | 'outerwear' | 'accessory' | 'bag' | 'swimwear';
  types: readonly string[];
  optional?: boolean;
}

/** A way to build an outfit. */
export interface Template {
  name: string;
  /** Departments it is for. */
  genders: readonly Gender[];
  /** Occasions it is limited to (canonical names); undefined = any occasion. */
  occasions?: readonly string[];
  /** Occasions it is never used for. */
  notFor?: readonly string[];
  slots: readonly Slot[];
}

const TOPS_MEN = ['t-shirt', 'shirt', 'polo', 'sweater', 'cardigan', 'hoodie', 'sweatshirt', 'tank-top', 'kurta'];
const TOPS_WOMEN = [
  't-shirt',
  'shirt',
  'blouse',
  'top',
  'tank-top',
  'camisole',
  'polo',
  'sweater',
  'cardigan',
  'hoodie',
  'sweatshirt',
  'tunic',
  'bodysuit',
  'kurta',
];
const BOTTOMS_MEN = ['jeans', 'trousers', 'chinos', 'shorts', 'joggers', 'track-pants', 'salwar'];
const BOTTOMS_WOMEN = [
  'jeans',
  'trousers',
  'chinos',
  'shorts',
  'skirt',
  'leggings',
  'joggers',
  'track-pants',
  'capris',
  'salwar',
];
const FOOTWEAR_MEN = [
  'sneakers',
  'casual-shoes',
  'formal-shoes',
  'loafers',
  'sandals',
  'boots',
  'flip-flops',
  'sports-shoes',
];
const FOOTWEAR_WOMEN = [
  'sneakers',
  'casual-shoes',
  'formal-shoes',
  'loafers',
  'heels',
  'flats',
  'sandals',
  'boots',
  'flip-flops',
  'sports-shoes',
];
const OUTERWEAR = ['jacket', 'coat', 'gilet', 'rain-jacket'];
const ACCESSORIES_MEN = [
  'watch',
  'belt',
  'tie',
  'cap',
  'hat',
  'beanie',
  'sunglasses',
  'scarf',
  'bracelet',
  'pocket-square',
];
const ACCESSORIES_WOMEN = [
  'earrings',
  'necklace',
  'bracelet',
  'jewellery',
  'watch',
  'belt',
  'scarf',
  'sunglasses',
  'hat',
  'hair-accessory',
];
const BAGS_MEN = ['backpack', 'messenger-bag', 'laptop-bag', 'duffel-bag', 'bag', 'waist-bag'];
const BAGS_WOMEN = ['handbag', 'clutch', 'tote', 'backpack', 'bag', 'laptop-bag', 'messenger-bag'];
const KIDS = ['kids', 'boys', 'girls'] as const;

const FORMAL_OCCASIONS = ['wedding', 'work', 'interview', 'funeral', 'formal event', 'party', 'date'];

/** Every template the composer knows. */
export const TEMPLATES: readonly Template[] = [
  {
    name: 'separates',
    genders: ['men', 'unisex', 'boys', 'kids'],
    // A man's shirt and trousers without a jacket are underdressed at a ceremony: tailoring or a kurta set there.
    notFor: ['wedding', 'funeral', 'formal event'],
    slots: [
      { role: 'top', types: TOPS_MEN },
      { role: 'bottom', types: BOTTOMS_MEN },
      { role: 'footwear', types: FOOTWEAR_MEN },
      { role: 'outerwear', types: OUTERWEAR, optional: true },
      { role: 'accessory', types: ACCESSORIES_MEN, optional: true },
      { role: 'bag', types: BAGS_MEN, optional: true },
    ],
  },
  {
    name: 'separates',
    genders: ['women', 'girls'],
    slots: [
      { role: 'top', types: TOPS_WOMEN },
      { role: 'bottom', types: BOTTOMS_WOMEN },
      { role: 'footwear', types: FOOTWEAR_WOMEN },
      { role: 'outerwear', types: OUTERWEAR, optional: true },
      { role: 'accessory', types: ACCESSORIES_WOMEN, optional: true },
      { role: 'bag', types: BAGS_WOMEN, optional: true },
    ],
  },
  {
    name: 'dress',
    genders: ['women', 'girls'],
    notFor: ['gym', 'outdoors', 'home'],
    slots: [
      { role: 'one-piece', types: ['dress', 'jumpsuit', 'saree', 'lehenga', 'kurta-set'] },
      { role: 'footwear', types: FOOTWEAR_WOMEN },
      { role: 'bag', types: BAGS_WOMEN, optional: true },
      { role: 'outerwear', types: OUTERWEAR, optional: true },
      { role: 'accessory', types: ACCESSORIES_WOMEN, optional: true },
    ],
  },
  {
    name: 'ethnic set',
    genders: ['men', 'boys'],
    occasions: ['wedding', 'festive', 'party', 'casual', 'brunch', 'date'],
    slots: [
      { role: 'one-piece', types: ['kurta-set'] },
      { role: 'footwear', types: FOOTWEAR_MEN },
      { role: 'accessory', types: ACCESSORIES_MEN, optional: true },
    ],
  },
  {
    name: 'suit',
    genders: ['men', 'women', 'unisex'],
    occasions: FORMAL_OCCASIONS,
    slots: [
      { role: 'tailoring', types: ['suit'] },
      { role: 'top', types: ['shirt', 'blouse', 'top'] },
      { role: 'footwear', types: ['formal-shoes', 'loafers', 'heels', 'flats', 'boots'] },
      { role: 'outerwear', types: ['coat'], optional: true },
      {
        role: 'accessory',
        types: ['tie', 'bow-tie', 'pocket-square', 'cufflinks', 'watch', 'belt', 'necklace', 'earrings'],
        optional: true,
      },
      { role: 'bag', types: ['laptop-bag', 'messenger-bag', 'handbag', 'clutch'], optional: true },
    ],
  },
  {
    name: 'blazer and separates',
    genders: ['men', 'women', 'unisex'],
    occasions: FORMAL_OCCASIONS,
    slots: [
      { role: 'tailoring', types: ['blazer', 'waistcoat'] },
      { role: 'top', types: ['shirt', 'blouse', 'top', 't-shirt', 'polo', 'sweater'] },
      { role: 'bottom', types: ['trousers', 'chinos', 'jeans', 'skirt'] },
      { role: 'footwear', types: ['formal-shoes', 'loafers', 'heels', 'flats', 'boots', 'casual-shoes'] },
      { role: 'outerwear', types: ['coat'], optional: true },
      {
        role: 'accessory',
        types: ['tie', 'pocket-square', 'watch', 'belt', 'necklace', 'earrings', 'scarf'],
        optional: true,
      },
      { role: 'bag', types: ['laptop-bag', 'messenger-bag', 'handbag', 'clutch', 'tote'], optional: true },
    ],
  },
  {
    name: 'swimwear',
    genders: ['men', 'women', 'unisex', ...KIDS],
    occasions: ['beach'],
    slots: [
      { role: 'swimwear', types: ['swimwear', 'bikini', 'swim-shorts'] },
      { role: 'footwear', types: ['sandals', 'flip-flops'] },
      { role: 'accessory', types: ['sunglasses', 'hat', 'cap'], optional: true },
      { role: 'bag', types: ['tote', 'bag', 'backpack'], optional: true },
    ],
  },
];

/**
 * The templates for a department and occasion.
 * @example
 * templatesFor('women', 'wedding').map((t) => t.name); // ['separates', 'dress', 'suit', 'blazer and separates']
 */
export function templatesFor(gender: Gender, occasion: string | undefined): Template[] {
  return TEMPLATES.filter(
    (t) =>
      t.genders.includes(gender) &&
      (t.occasions === undefined || (occasion !== undefined && t.occasions.includes(occasion))) &&
      !(occasion !== undefined && t.notFor?.includes(occasion)),
  );
}
