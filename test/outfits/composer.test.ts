import { describe, expect, it } from 'vitest';
import { createBaselineRecommender } from '../../models/recommender/index.ts';
import { createCatalog, loadDemoItems } from '../../src/catalog/index.ts';
import { colorsMatching } from '../../src/catalog/taxonomy.ts';
import { projectRoot } from '../../src/config.ts';
import { generateRequest } from '../../src/outfits/cli.ts';
import { hardConstraints, itemViolations, outfitViolations } from '../../src/outfits/constraints.ts';
import { createComposer, findAnchor } from '../../src/outfits/index.ts';
import { isNeutral } from '../../src/outfits/rules.ts';
import type { Item, Outfit, OutfitRequest } from '../../src/types.ts';
import { seededRandom } from '../../src/util/random.ts';
import { makeProfile } from './fixtures.ts';

const catalog = createCatalog(loadDemoItems(projectRoot));
const recommender = createBaselineRecommender(catalog);
const composer = createComposer(catalog, recommender);
const request = (fields: Partial<OutfitRequest>): OutfitRequest => ({
  excludeColors: [],
  excludeMaterials: [],
  k: 3,
  ...fields,
});
const itemsOf = (outfit: Outfit): Item[] => outfit.items.map((s) => s.item);

/** Whether an outfit is made of complementary pieces: separates, a one-piece, a suit, or swimwear, with shoes. */
function isComplete(items: readonly Item[]): boolean {
  const has = (category: Item['category']) => items.some((i) => i.category === category);
  const count = (category: Item['category']) => items.filter((i) => i.category === category).length;
  if (!has('footwear') || count('footwear') > 1 || count('bottom') > 1 || count('dress') > 1) return false;
  return (
    (has('top') && has('bottom')) || (has('dress') && !has('bottom')) || (has('suit') && has('top')) || has('swimwear')
  );
}

describe('hard constraints (property: many random requests on the demo catalogue)', () => {
  const random = seededRandom(2024);
  const requests = Array.from({ length: 150 }, () => generateRequest(random, catalog));
  const profile = makeProfile();
  const results = requests.map((r) => ({ request: r, outfits: composer.compose(r, profile) }));

  it('every outfit meets every hard constraint', () => {
    let outfits = 0;
    for (const { request: r, outfits: composed } of results) {
      const constraints = hardConstraints(r, profile);
      for (const outfit of composed) {
        outfits++;
        expect(outfitViolations(itemsOf(outfit), constraints), JSON.stringify(r)).toEqual([]);
      }
      expect(composed.length).toBeLessThanOrEqual(r.k);
    }
    expect(outfits).toBeGreaterThan(100);
    expect(results.filter((x) => x.outfits.length > 0).length).toBeGreaterThan(50);
  });

  it('every outfit is complementary and carries signals and a one-sentence explanation', () => {
    for (const { outfits } of results) {
      for (const outfit of outfits) {
        expect(
          isComplete(itemsOf(outfit)),
          itemsOf(outfit)
            .map((i) => i.id)
            .join(' '),
        ).toBe(true);
        const names = outfit.signals.map((s) => s.name);
        expect(names).toEqual(expect.arrayContaining(['color_harmony', 'formality', 'diversity']));
        const sum = outfit.signals.filter((s) => s.name !== 'diversity').reduce((a, s) => a + s.weight, 0);
        expect(sum).toBeCloseTo(outfit.score, 2);
        expect(outfit.explanation).toMatch(/^[A-Z].*\.$/);
        expect(outfit.explanation.split('. ')).toHaveLength(1);
      }
    }
  });
});

describe('compose', () => {
  const profile = makeProfile();

  it('honours exclusions, budget and cold weather', () => {
    const r = request({
      gender: 'women',
      occasion: 'work',
      weather: { temperatureC: 3 },
      budgetMax: 450,
      excludeColors: ['black'],
    });
    const outfits = composer.compose(r, profile);
    expect(outfits.length).toBeGreaterThan(0);
    for (const outfit of outfits) {
      const items = itemsOf(outfit);
      expect(items.some((i) => i.category === 'outerwear')).toBe(true);
      expect(items.flatMap((i) => i.colors)).not.toContain('black');
      expect(items.reduce((s, i) => s + i.price!, 0)).toBeLessThanOrEqual(450);
      expect(items.every((i) => i.gender === 'women' || i.gender === 'unisex')).toBe(true);
    }
  });

  it('never adds an outer layer in the heat and keeps gym outfits sporty', () => {
    const outfits = composer.compose(
      request({ gender: 'men', occasion: 'gym', weather: { temperatureC: 30 } }),
      profile,
    );
    expect(outfits.length).toBeGreaterThan(0);
    for (const outfit of outfits) {
      for (const item of itemsOf(outfit)) {
        expect(item.category).not.toBe('outerwear');
        expect(item.usage).toContain('sports');
      }
    }
  });

  it('returns nothing rather than break a constraint', () => {
    expect(composer.compose(request({ gender: 'men', budgetMax: 5 }), profile)).toEqual([]);
    expect(composer.compose(request({ gender: 'men', anchorItemId: 'demo:no-such-item' }), profile)).toEqual([]);
    expect(composer.compose(request({ gender: 'women', k: 0 }), profile)).toEqual([]);
  });

  it('suggests outfits that differ from each other (MMR)', () => {
    const outfits = composer.compose(request({ gender: 'women', occasion: 'casual' }), profile);
    expect(outfits).toHaveLength(3);
    const sets = outfits.map((o) => new Set(o.items.map((s) => s.item.id)));
    for (let a = 0; a < sets.length; a++) {
      for (let b = a + 1; b < sets.length; b++) {
        const shared = [...sets[a]!].filter((id) => sets[b]!.has(id)).length;
        expect(shared).toBeLessThan(Math.min(sets[a]!.size, sets[b]!.size) * 0.75);
      }
    }
    expect(outfits[0]!.signals.find((s) => s.name === 'diversity')!.weight).toBe(1);
  });

  it('puts the colour asked for in every look, and keeps the profile’s dislikes out', () => {
    const picky = makeProfile({ dislikedColors: ['white'], likedColors: [] });
    for (const [gender, occasion, color] of [
      ['men', 'casual', 'navy'],
      ['women', 'wedding', 'blue'],
      ['women', 'work', 'red'],
    ] as const) {
      const outfits = composer.compose(request({ gender, occasion, colors: [color] }), picky);
      expect(outfits.length, `${gender} ${occasion} ${color}`).toBeGreaterThan(1);
      const family = new Set(colorsMatching(color));
      for (const outfit of outfits) {
        const colors = itemsOf(outfit).flatMap((i) => i.colors);
        expect(colors).not.toContain('white');
        expect(
          colors.some((c) => family.has(c)),
          `${gender} ${occasion} ${color}: ${colors}`,
        ).toBe(true);
        expect(outfit.signals.find((s) => s.name === 'preference')?.detail).toBe('in the colour you asked for');
      }
    }
  });
});

describe('complete the look', () => {
  const profile = makeProfile();

  it('finds a stand-in for "my white sneakers" and builds every outfit around it', () => {
    const anchor = findAnchor(catalog, { category: 'trainers', colors: ['white'], gender: 'women' });
    expect(anchor?.articleType).toBe('sneakers');
    expect(anchor?.colors).toContain('white');
    const outfits = composer.compose(request({ occasion: 'casual', anchorItemId: anchor!.id }), profile);
    expect(outfits.length).toBeGreaterThan(0);
    for (const outfit of outfits) {
      const items = itemsOf(outfit);
      expect(items.map((i) => i.id)).toContain(anchor!.id);
      expect(items.filter((i) => i.category === 'footwear')).toHaveLength(1);
      expect(outfit.explanation).toContain('white sneakers');
      expect(items.every((i) => i.gender === 'women' || i.gender === 'unisex')).toBe(true);
    }
  });

  it('never substitutes another colour for the user’s piece', () => {
    expect(findAnchor(catalog, { category: 'sneakers', colors: ['purple'] })).toBeUndefined();
    expect(findAnchor(catalog, { category: 'spaceship' })).toBeUndefined();
  });

  it('leaves the anchor out of the budget but prices every other piece', () => {
    const anchor = catalog.get('demo:w-sneakers-white')!;
    const r = request({ occasion: 'casual', anchorItemId: anchor.id, budgetMax: 150 });
    for (const outfit of composer.compose(r, profile)) {
      const others = itemsOf(outfit).filter((i) => i.id !== anchor.id);
      expect(others.reduce((s, i) => s + i.price!, 0)).toBeLessThanOrEqual(150);
    }
  });
});

describe('constraint checks can fail', () => {
  const profile = makeProfile();
  const yellowTop = { ...catalog.items.find((i) => i.category === 'top' && i.gender === 'men')!, colors: ['yellow'] };

  it('flags excluded colours, wrong departments, missing prices and missing outer layers', () => {
    const c = hardConstraints(
      request({ gender: 'women', excludeColors: ['yellow'], budgetMax: 100, weather: { temperatureC: 0 } }),
      profile,
    );
    const problems = itemViolations({ ...yellowTop, price: undefined }, c).join(' | ');
    expect(problems).toMatch(/colour excluded: yellow/);
    expect(problems).toMatch(/department men/);
    expect(problems).toMatch(/no price/);
    expect(outfitViolations([yellowTop], c).join(' | ')).toMatch(/no outer layer/);
  });

  it('maps occasions to formality and usage, and flags what does not fit', () => {
    const c = hardConstraints(request({ occasion: 'job interview' }), profile);
    expect(c.occasion?.name).toBe('interview');
    const tee = catalog.items.find((i) => i.articleType === 't-shirt')!;
    expect(itemViolations(tee, c).join(' ')).toMatch(/interview/);
    // Each piece within the per-piece tolerance, but the outfit as a whole too casual.
    const piece = (id: string, formality: number): Item => ({ ...tee, id, usage: ['formal'], formality });
    const casualMix = [piece('a', 0.5), piece('b', 0.5), piece('c', 0.55)];
    expect(casualMix.flatMap((i) => itemViolations(i, c))).toEqual([]);
    expect(outfitViolations(casualMix, c).join(' ')).toMatch(/outfit formality 0.52/);
    expect(outfitViolations([piece('a', 0.7), piece('b', 0.8)], c)).toEqual([]);
  });
});

describe('complete the look with an outer layer', () => {
  it('builds around the user’s jacket even when the weather would not call for one', () => {
    const jacket = catalog.items.find((i) => i.category === 'outerwear' && i.gender === 'women')!;
    const outfits = composer.compose(
      request({ occasion: 'casual', anchorItemId: jacket.id, weather: { temperatureC: 26 } }),
      makeProfile(),
    );
    expect(outfits.length).toBeGreaterThan(0);
    for (const outfit of outfits) {
      expect(itemsOf(outfit).map((i) => i.id)).toContain(jacket.id);
      expect(itemsOf(outfit).filter((i) => i.category === 'outerwear')).toHaveLength(1);
    }
  });
});

describe('"more colourful"', () => {
  it('puts an accent colour on a main piece of every look', () => {
    const outfits = composer.compose(request({ gender: 'men', occasion: 'work', colors: ['multi'] }), makeProfile());
    expect(outfits.length).toBeGreaterThan(1);
    for (const outfit of outfits) {
      const main = itemsOf(outfit).filter((i) => i.category !== 'accessory' && i.category !== 'bag');
      expect(
        main.some((i) => i.colors.some((c) => !isNeutral(c))),
        main.map((i) => i.colors).join(' '),
      ).toBe(true);
    }
  });
});

describe('what an occasion does not take', () => {
  const profile = makeProfile();

  it('dresses men in tailoring for a wedding or a funeral, with no sportswear or everyday bags', () => {
    for (const occasion of ['wedding', 'funeral']) {
      const outfits = composer.compose(request({ gender: 'men', occasion }), profile);
      expect(outfits.length, occasion).toBeGreaterThan(0);
      for (const outfit of outfits) {
        const types = itemsOf(outfit).map((i) => i.articleType);
        expect(
          types.some((t) => ['suit', 'blazer', 'waistcoat', 'kurta-set'].includes(t)),
          `${occasion}: ${types}`,
        ).toBe(true);
        for (const avoided of ['laptop-bag', 'backpack', 'sneakers', 'sports-shoes', 'hoodie', 'joggers', 'shorts']) {
          expect(types, occasion).not.toContain(avoided);
        }
      }
    }
  });

  it('keeps jeans, coats and formal shoes off the beach', () => {
    for (const gender of ['men', 'women'] as const) {
      const outfits = composer.compose(request({ gender, occasion: 'beach' }), profile);
      expect(outfits.length, gender).toBeGreaterThan(0);
      for (const outfit of outfits) {
        const types = itemsOf(outfit).map((i) => i.articleType);
        for (const avoided of ['jeans', 'coat', 'formal-shoes']) expect(types, gender).not.toContain(avoided);
      }
    }
  });
});

describe('variety', () => {
  it('gives shoppers who ask alike different looks', () => {
    const ask = request({ gender: 'women', occasion: 'work', k: 3 });
    const pieces = new Set<string>();
    for (let i = 0; i < 12; i++) {
      for (const look of composer.compose(ask, makeProfile())) for (const s of look.items) pieces.add(s.item.id);
    }
    const once = new Set(composer.compose(ask, makeProfile()).flatMap((look) => look.items.map((s) => s.item.id)));
    expect(pieces.size).toBeGreaterThan(once.size);
  });
});

describe('optional pieces with a tiny pool', () => {
  const profile = makeProfile();
  const bagsOf = (outfits: readonly Outfit[]) => outfits.flatMap((o) => itemsOf(o)).filter((i) => i.category === 'bag');
  const looksWith = (items: readonly Item[]) =>
    createComposer(createCatalog(items), createBaselineRecommender(createCatalog(items))).compose(
      request({ gender: 'women', occasion: 'party', k: 5 }),
      profile,
    );

  it('leaves a bag out rather than finish every look with the only bag there is', () => {
    const items = loadDemoItems(projectRoot);
    expect(bagsOf(looksWith(items)).length, 'the demo catalogue finishes some party looks with a bag').toBeGreaterThan(
      0,
    );
    const oneBag = items.find((i) => i.category === 'bag' && i.gender !== 'men');
    const fewer = items.filter((i) => i.category !== 'bag' || i === oneBag);
    const outfits = looksWith(fewer);
    expect(outfits.length).toBeGreaterThan(0);
    expect(bagsOf(outfits)).toEqual([]);
  });
});
