import { describe, expect, it } from 'vitest';
import { primaryUsage, typicalFirst } from '../../src/ranking/occasion.ts';
import type { Item, ScoredItem, Usage } from '../../src/types.ts';

const piece = (id: string, usage: Usage[]): ScoredItem => ({
  item: {
    id: `demo:${id}`,
    source: 'demo',
    name: id,
    gender: 'women',
    category: 'dress',
    articleType: 'dress',
    colors: ['black'],
    materials: [],
    seasons: [],
    usage,
    formality: 0.5,
    popularity: 0,
  } satisfies Item,
  score: 1,
  signals: [],
});

describe('occasion fit', () => {
  it("names an occasion's typical use only when it accepts several", () => {
    expect(primaryUsage('party')).toBe('party');
    expect(primaryUsage('gym')).toBeUndefined(); // sports only: every candidate has it already
    expect(primaryUsage(undefined)).toBeUndefined();
    expect(primaryUsage('moon landing')).toBeUndefined();
  });

  it('puts the pieces made for that use first, then the rest of the general ranking, without repeats', () => {
    const sweater = piece('sweater-dress', ['casual']);
    const knit = piece('knit-dress', ['casual']);
    const lace = piece('lace-dress', ['casual', 'party']);
    const sequin = piece('sequin-dress', ['party']);
    const out = typicalFirst([sequin, lace], [sweater, lace, knit, sequin], 'party', 4);
    expect(out.map((s) => s.item.name)).toEqual(['sequin-dress', 'lace-dress', 'sweater-dress', 'knit-dress']);
    expect(out[0]!.signals).toEqual([expect.objectContaining({ name: 'match', detail: 'made for party wear' })]);
    expect(out[2]!.signals).toEqual([]);
    expect(typicalFirst([sequin, lace], [sweater], 'party', 1).map((s) => s.item.name)).toEqual(['sequin-dress']);
  });

  it('falls back to the general ranking when nothing is made for that use', () => {
    const ranked = [piece('a', ['casual']), piece('b', ['casual'])];
    expect(typicalFirst([], ranked, 'party', 5).map((s) => s.item.name)).toEqual(['a', 'b']);
  });
});
