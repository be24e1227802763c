import { describe, expect, it } from 'vitest';
import { createCatalog } from '../../src/catalog/catalog.ts';
import { toEur } from '../../src/engine/money.ts';
import { decide } from '../../src/engine/policy.ts';
import { newUserState } from '../../src/store/state.ts';
import type { Item, Parse } from '../../src/types.ts';

const item = (id: string, price: number | undefined): Item => ({
  id: `demo:${id}`,
  source: 'demo',
  name: id,
  gender: 'men',
  category: 'top',
  articleType: 'shirt',
  colors: ['navy'],
  materials: [],
  seasons: [],
  usage: ['formal'],
  formality: 0.8,
  popularity: 0,
  price,
});

const catalog = createCatalog([item('a', 10), item('b', 20), item('c', 5), item('d', undefined)]);
const cheaper: Parse = {
  text: 'cheaper',
  intent: 'refine',
  confidence: 1,
  slots: { price_direction: 'lower' },
  spans: [],
  alternatives: [],
  language: 'en',
  source: 'test',
};

describe('"cheaper" after outfits', () => {
  it('is judged by the looks whose every piece has a price, not by totals missing unpriced pieces', () => {
    const state = newUserState('cli:u', 0);
    state.session.request = { intent: 'outfit_request', slots: { occasion: 'wedding', gender: 'men' } };
    state.session.lastOutfits = [
      ['demo:a', 'demo:b'], // €30, fully priced
      ['demo:c', 'demo:d'], // €5 + a piece without a price
    ];
    const decision = decide(cheaper, { user: state, catalog, threshold: 0.5 });
    expect(decision.intent).toBe('outfit_request');
    expect(decision.slots).toMatchObject({ occasion: 'wedding', budget_max: 29.99, currency: 'EUR' });
  });

  it('counts a piece without a price at the typical price of its kind when no look is fully priced', () => {
    const state = newUserState('cli:u', 0);
    state.session.request = { intent: 'outfit_request', slots: { occasion: 'wedding' } };
    state.session.lastOutfits = [['demo:c', 'demo:d']];
    // €5 + the median priced shirt (€10 of €5, €10, €20).
    expect(decide(cheaper, { user: state, catalog, threshold: 0.5 }).slots).toMatchObject({ budget_max: 14.99 });
  });
});

describe('"cheaper" in the shopper\'s own currency', () => {
  it('keeps a CNY budget in CNY, in whole yuan below the price of what was shown', () => {
    const state = newUserState('cli:u', 0);
    state.session.request = {
      intent: 'outfit_request',
      slots: { occasion: 'wedding', budget_max: 800, currency: 'CNY' },
    };
    state.session.lastOutfits = [['demo:a', 'demo:b']]; // €30
    const decision = decide(cheaper, { user: state, catalog, threshold: 0.5 });
    expect(decision.slots.currency).toBe('CNY');
    expect(Number.isInteger(decision.slots.budget_max)).toBe(true);
    expect(toEur(decision.slots.budget_max!, 'CNY')).toBeLessThan(30);
    expect(toEur(decision.slots.budget_max! + 1, 'CNY')).toBeGreaterThan(29.8);
  });
});
