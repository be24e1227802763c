import { describe, expect, it } from 'vitest';
import { createBaselineRecommender } from '../../models/recommender/index.ts';
import { createCatalog, loadDemoItems } from '../../src/catalog/index.ts';
import { projectRoot } from '../../src/config.ts';
import { createComposer } from '../../src/outfits/index.ts';
import { STYLE_CUES, styleAffinity, styleRerank } from '../../src/ranking/style.ts';
import type { Item, Outfit, OutfitRequest } from '../../src/types.ts';
import { makeProfile } from './fixtures.ts';

const catalog = createCatalog(loadDemoItems(projectRoot));
const recommender = createBaselineRecommender(catalog);
const composer = createComposer(catalog, recommender);
const item = (id: string): Item => catalog.get(id)!;
const request = (fields: Partial<OutfitRequest>): OutfitRequest => ({
  excludeColors: [],
  excludeMaterials: [],
  k: 3,
  ...fields,
});
/** Mean affinity of every piece of some outfits to a style. */
const meanAffinity = (outfits: readonly Outfit[], style: string) => {
  const pieces = outfits.flatMap((o) => o.items.map((s) => styleAffinity(s.item, style).score));
  return pieces.reduce((a, b) => a + b, 0) / Math.max(1, pieces.length);
};

describe('style as a soft signal', () => {
  it('reads a style from item words and attributes', () => {
    const maxi = styleAffinity(item('demo:w-dress-maxi-sun'), 'boho');
    expect(maxi.score).toBeGreaterThan(0.4);
    expect(maxi.cues).toEqual(expect.arrayContaining(['maxi', 'tiered']));
    expect(styleAffinity(item('demo:w-blazer-black'), 'boho').score).toBeLessThan(maxi.score);
    expect(styleAffinity(item('demo:w-tee-white'), 'minimalist').score).toBeGreaterThan(
      styleAffinity(item('demo:w-tee-graphic'), 'minimalist').score,
    );
    expect(styleAffinity(item('demo:w-leather-jacket'), 'edgy').cues).toContain('moto');
    expect(styleAffinity(item('demo:w-leather-jacket'), 'not-a-style')).toEqual({ score: 0, cues: [] });
    // Every style the NLU can extract has cues.
    for (const style of ['minimalist', 'streetwear', 'classic', 'boho', 'preppy', 'sporty', 'elegant', 'edgy']) {
      expect(STYLE_CUES[style]?.words.length).toBeGreaterThan(0);
    }
  });

  it('moves items with the style up a ranked list, names it in their signals, and keeps k', () => {
    const ranked = recommender.rank({
      query: { genders: ['women'], categories: ['dress'] },
      profile: makeProfile(),
      k: 20,
    });
    const boho = styleRerank(ranked, 'boho', 5);
    expect(boho).toHaveLength(5);
    expect(boho[0]!.signals.some((s) => s.name === 'style' && s.detail?.startsWith('boho'))).toBe(true);
    const before = ranked.slice(0, 5).reduce((sum, s) => sum + styleAffinity(s.item, 'boho').score, 0);
    const after = boho.reduce((sum, s) => sum + styleAffinity(s.item, 'boho').score, 0);
    expect(after).toBeGreaterThan(before);
    expect(styleRerank(ranked, 'unknown', 5)).toEqual(ranked.slice(0, 5));
  });

  it.each([
    ['boho', { gender: 'women' as const, occasion: 'beach', season: 'summer' as const }],
    ['minimalist', { gender: 'women' as const, occasion: 'casual' }],
    ['streetwear', { gender: 'men' as const, occasion: 'casual' }],
    ['elegant', { gender: 'women' as const, occasion: 'party' }],
  ])('composes more %s outfits when asked, and says so in the why', (style, fields) => {
    const profile = makeProfile();
    const plain = composer.compose(request(fields), profile);
    const styled = composer.compose(request({ ...fields, style }), profile);
    expect(styled.length).toBeGreaterThan(0);
    expect(meanAffinity(styled, style)).toBeGreaterThanOrEqual(meanAffinity(plain, style));
    const withCues = styled.filter((o) =>
      o.items.some((s) => styleAffinity(s.item, style).score > 0 && styleAffinity(s.item, style).cues.length > 0),
    );
    expect(withCues.length).toBeGreaterThan(0);
    for (const outfit of withCues) {
      expect(outfit.explanation).toMatch(new RegExp(`\\ban? ${style} look \\(`));
      expect(outfit.signals.find((s) => s.name === 'style')?.detail).toMatch(new RegExp(`^${style}: `));
    }
    expect(plain.every((o) => !o.explanation.includes(' look ('))).toBe(true);
  });

  it('changes the choice for at least one request', () => {
    const profile = makeProfile();
    const changed = (['boho', 'edgy', 'sporty', 'classic'] as const).filter((style) => {
      const fields = { gender: 'women' as const, occasion: 'casual' };
      const ids = (outfits: Outfit[]) => outfits.map((o) => o.items.map((s) => s.item.id).join('+')).join('|');
      return (
        ids(composer.compose(request(fields), profile)) !==
        ids(composer.compose(request({ ...fields, style }), profile))
      );
    });
    expect(changed.length).toBeGreaterThan(0);
  });
});
