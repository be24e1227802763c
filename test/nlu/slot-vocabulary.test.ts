import { describe, expect, it } from 'vitest';
import { slotValueIssues } from '../../src/nlu/slot-vocabulary.ts';

describe('slot vocabularies', () => {
  it('accepts values the parser produces', () => {
    expect(
      slotValueIssues({
        category: 'dress',
        color: ['navy', 'light-blue'],
        exclude_material: ['polyester'],
        occasion: 'formal event',
        season: 'summer',
        weather: { condition: 'rainy', temperatureC: 12 },
        budget_max: 80,
        currency: 'GBP',
        size: 'EU 38',
        gender: 'women',
        style: 'minimalist',
        brand: "Levi's",
        reference: { kind: 'attribute', color: 'red', category: 'skirt' },
        request_slots: ['price', 'material'],
        region: 'GB',
        language: 'zh',
      }),
    ).toEqual([]);
  });

  it('names each slot whose value is free text, a typo, markup or the wrong shape', () => {
    const issues = slotValueIssues({
      color: 'navy',
      exclude_color: ['navvy'],
      occasion: '<script>alert(1)</script>',
      season: 'monsoon',
      brand: '<b>Zara</b>',
      budget_max: -5,
      reference: { kind: 'ordinal', index: 'two' },
      region: 'Britain',
      weather: { condition: 'balmy' },
    });
    const slots = issues.map((issue) => issue.split(/[.:]/)[0]);
    expect(new Set(slots)).toEqual(
      new Set([
        'color',
        'exclude_color',
        'occasion',
        'season',
        'brand',
        'budget_max',
        'reference',
        'region',
        'weather',
      ]),
    );
    expect(issues.find((i) => i.startsWith('exclude_color'))).toMatch(/not a known color; expected one of: .*navy/);
  });
});
