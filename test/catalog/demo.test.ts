import { describe, expect, it } from 'vitest';
import { CatalogError, createCatalog } from '../../src/catalog/catalog.ts';
import { loadDemoItems, parseDemoItems } from '../../src/catalog/demo.ts';
import { CATEGORIES, OCCASIONS } from '../../src/catalog/taxonomy.ts';
import { projectRoot } from '../../src/config.ts';
import { type Gender, type ItemQuery, SEASONS, type Season } from '../../src/types.ts';

const items = loadDemoItems(projectRoot);
const catalog = createCatalog(items);

/** What an outfit slot needs: at least one item for the gender, occasion and season. */
function available(gender: Gender, occasion: string, season: Season | undefined, categories: string[]) {
  const query: ItemQuery = { genders: [gender], usage: [...OCCASIONS[occasion]!.usages], categories };
  if (season) query.season = season;
  return catalog.search(query, 50);
}

describe('demo catalogue', () => {
  it('is large and varied: both genders, unisex, every clothing category, every season, priced in EUR', () => {
    expect(items.length).toBeGreaterThanOrEqual(120);
    for (const gender of ['men', 'women', 'unisex'] as const) {
      expect(items.filter((i) => i.gender === gender).length, gender).toBeGreaterThan(gender === 'unisex' ? 5 : 50);
    }
    for (const category of ['top', 'bottom', 'dress', 'suit', 'outerwear', 'footwear', 'accessory', 'bag']) {
      expect(
        items.some((i) => i.category === category),
        category,
      ).toBe(true);
    }
    for (const season of SEASONS)
      expect(
        items.some((i) => i.seasons.includes(season)),
        season,
      ).toBe(true);
    expect(items.every((i) => i.price !== undefined && i.price > 0 && i.price < 1000)).toBe(true);
    expect(items.every((i) => i.id.startsWith('demo:') && i.source === 'demo')).toBe(true);
    expect(new Set(items.map((i) => i.name)).size).toBe(items.length);
    expect(CATEGORIES).toEqual(expect.arrayContaining([...new Set(items.map((i) => i.category))]));
  });

  it('dresses a man for a summer wedding: shirt, trousers or a suit, smart shoes, belt', () => {
    expect(available('men', 'wedding', 'summer', ['shirt']).length).toBeGreaterThan(0);
    expect(available('men', 'wedding', 'summer', ['suit', 'trousers']).length).toBeGreaterThan(1);
    expect(available('men', 'wedding', 'summer', ['loafers', 'formal-shoes']).length).toBeGreaterThan(1);
    expect(available('men', 'wedding', 'summer', ['belt']).length).toBeGreaterThan(0);
    expect(available('men', 'wedding', 'summer', ['suit']).some((i) => i.materials.includes('linen'))).toBe(true);
  });

  it('dresses a woman for a summer wedding: dress, heels, clutch, none of them white', () => {
    const white = { excludeColors: [...(OCCASIONS.wedding!.avoidColors ?? [])] };
    for (const categories of [['dress'], ['heels'], ['clutch']]) {
      const query: ItemQuery = {
        genders: ['women'],
        season: 'summer',
        usage: [...OCCASIONS.wedding!.usages],
        categories,
        ...white,
      };
      expect(catalog.search(query, 10).length, categories[0]).toBeGreaterThan(0);
    }
  });

  it('covers winter, gym, work, interview, funeral, beach and travel for both genders', () => {
    for (const gender of ['men', 'women'] as const) {
      expect(available(gender, 'casual', 'winter', ['outerwear']).length, `${gender} winter coat`).toBeGreaterThan(0);
      expect(available(gender, 'casual', 'winter', ['sweater', 'cardigan', 'hoodie']).length).toBeGreaterThan(0);
      expect(available(gender, 'gym', undefined, ['top']).length, `${gender} gym top`).toBeGreaterThan(0);
      expect(available(gender, 'gym', undefined, ['bottom']).length, `${gender} gym bottom`).toBeGreaterThan(0);
      expect(available(gender, 'gym', undefined, ['sports-shoes']).length).toBeGreaterThan(0);
      expect(available(gender, 'work', undefined, ['shirt', 'blouse']).length, `${gender} work top`).toBeGreaterThan(0);
      expect(available(gender, 'work', undefined, ['trousers', 'skirt']).length).toBeGreaterThan(0);
      expect(available(gender, 'work', undefined, ['bag', 'laptop-bag', 'handbag', 'tote']).length).toBeGreaterThan(0);
      expect(available(gender, 'interview', undefined, ['suit', 'dress', 'blazer']).length).toBeGreaterThan(0);
      expect(available(gender, 'beach', 'summer', ['swimwear', 'swim-shorts', 'bikini']).length).toBeGreaterThan(0);
      expect(available(gender, 'travel', undefined, ['footwear']).length).toBeGreaterThan(0);
      const funeral = catalog.search(
        {
          genders: [gender],
          usage: [...OCCASIONS.funeral!.usages],
          colors: ['black', 'charcoal', 'navy'],
          categories: ['suit', 'dress'],
        },
        5,
      );
      expect(funeral.length, `${gender} funeral`).toBeGreaterThan(0);
    }
  });

  it('has formality consistent with usage: formal pieces above sportswear', () => {
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const formal = items.filter((i) => i.usage[0] === 'formal').map((i) => i.formality);
    const sports = items.filter((i) => i.usage[0] === 'sports').map((i) => i.formality);
    expect(mean(formal)).toBeGreaterThan(mean(sports) + 0.4);
  });
});

describe('parseDemoItems', () => {
  const good = {
    id: 'demo:test-tee',
    name: 'Test Tee',
    gender: 'unisex',
    articleType: 't-shirt',
    colors: ['white'],
    usage: ['casual'],
    price: 10,
    description: 'A plain white tee.',
  };

  it('fills defaults: category from the type, formality from usage and type, empty seasons', () => {
    const [item] = parseDemoItems([good]);
    expect(item).toMatchObject({ category: 'top', source: 'demo', seasons: [], materials: [], popularity: 0 });
    expect(item!.formality).toBeGreaterThan(0);
    expect(item!.formality).toBeLessThan(0.3);
  });

  it('names the bad entry and field', () => {
    expect(() => parseDemoItems([good, { ...good, id: 'demo:x', colors: ['sparkly'] }])).toThrow(
      /entry 1 \(demo:x\), field colors\.0/,
    );
    expect(() => parseDemoItems([{ ...good, articleType: 'spacesuit' }])).toThrow(/articleType/);
    expect(() => parseDemoItems([{ ...good, id: 'x' }])).toThrow(/demo:<slug>/);
    expect(() => parseDemoItems([{ ...good, price: -3 }])).toThrow(/price/);
    expect(() => parseDemoItems([{ ...good, extra: 1 }])).toThrow(CatalogError);
    expect(() => parseDemoItems([good, good])).toThrow(/duplicate id demo:test-tee/);
    expect(() => parseDemoItems({ not: 'an array' })).toThrow(CatalogError);
  });
});
