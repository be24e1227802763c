import { describe, expect, it } from 'vitest';
import { spreadList } from '../../src/engine/actions/list-variety.ts';
import type { ScoredItem } from '../../src/types.ts';
import { makeItem } from '../support/items.ts';

const scored = (id: string, articleType: string, color: string): ScoredItem => ({
  item: makeItem({ id, articleType, colors: [color] }),
  score: 1,
  signals: [],
});
const dresses = Array.from({ length: 20 }, (_, i) => scored(`d${i}`, 'dress', 'black'));
const ids = (list: readonly ScoredItem[]) => list.map((s) => s.item.id);

describe('spreadList', () => {
  it('is the same list for one shopper and request, and shorter lists are kept whole', () => {
    expect(ids(spreadList(dresses, 5, 42, 'dress|black'))).toEqual(ids(spreadList(dresses, 5, 42, 'dress|black')));
    expect(ids(spreadList(dresses.slice(0, 4), 5, 42, 'x'))).toEqual(['d0', 'd1', 'd2', 'd3']);
  });

  it('shows shoppers who ask alike different pieces, the best ones most often', () => {
    const shown = new Map<string, number>();
    for (let seed = 0; seed < 200; seed++) {
      for (const id of ids(spreadList(dresses, 5, seed, 'dress|black'))) shown.set(id, (shown.get(id) ?? 0) + 1);
    }
    expect(shown.size).toBeGreaterThan(10);
    expect(shown.get('d0') ?? 0).toBeLessThan(200);
    expect(shown.get('d0') ?? 0).toBeGreaterThan(shown.get('d19') ?? 0);
  });

  it('lists other kinds and colours before a second piece of one kind and colour', () => {
    const mixed = [
      scored('t1', 'trousers', 'black'),
      scored('t2', 'trousers', 'black'),
      scored('t3', 'trousers', 'black'),
      scored('s1', 'shirt', 'white'),
      scored('b1', 'blouse', 'beige'),
      scored('k1', 'skirt', 'navy'),
      scored('t4', 'trousers', 'black'),
    ];
    for (let seed = 0; seed < 20; seed++) {
      const types = spreadList(mixed, 4, seed, 'work').map((s) => s.item.articleType);
      expect(types.filter((t) => t === 'trousers').length, `seed ${seed}`).toBeLessThanOrEqual(2);
    }
  });
});
