import { describe, expect, it } from 'vitest';
import { mergeSlots, seasonForWeather, slotsToOutfitRequest, slotsToQuery } from '../../src/engine/query.ts';
import { newProfile } from '../../src/store/state.ts';

const profile = { ...newProfile('u', 0), dislikedColors: ['yellow'], gender: 'women' as const };

describe('slotsToQuery', () => {
  it('always excludes disliked colours and uses the remembered gender', () => {
    const query = slotsToQuery({ category: 'dress', exclude_color: ['black'] }, profile);
    expect(query.excludeColors?.sort()).toEqual(['black', 'yellow']);
    expect(query.genders).toEqual(['women']);
    expect(query.categories).toEqual(['dress']);
  });

  it('falls back to the budget the profile remembers', () => {
    expect(slotsToQuery({}, { ...newProfile('u', 0), budgetMax: 50, currency: 'GBP' }).priceMax).toBeCloseTo(58.5);
    expect(slotsToQuery({ budget_max: 20 }, { ...newProfile('u', 0), budgetMax: 50 }).priceMax).toBe(20);
  });

  it('converts budgets to EUR and maps occasions to usages', () => {
    const query = slotsToQuery({ budget_max: 100, currency: 'USD', occasion: 'interview' }, newProfile('u', 0));
    expect(query.priceMax).toBeCloseTo(92);
    expect(query.usage).toContain('formal');
  });

  it('derives the season from the weather', () => {
    expect(slotsToQuery({ weather: { temperatureC: 5 } }, newProfile('u', 0)).season).toBe('winter');
    expect(seasonForWeather({ temperatureC: 30 })).toBe('summer');
    expect(seasonForWeather({ condition: 'rainy' })).toBe('autumn');
    expect(seasonForWeather(undefined)).toBeUndefined();
  });
});

describe('slotsToOutfitRequest', () => {
  it('carries exclusions from the profile and the total budget', () => {
    const request = slotsToOutfitRequest({ occasion: 'wedding', budget_max: 200 }, profile, 3);
    expect(request).toMatchObject({
      occasion: 'wedding',
      gender: 'women',
      budgetMax: 200,
      excludeColors: ['yellow'],
      k: 3,
    });
  });
});

describe('mergeSlots', () => {
  it('lets new values win and keeps the rest of the request', () => {
    expect(mergeSlots({ category: 'shirt', color: ['white'], gender: 'men' }, { color: ['blue'] })).toEqual({
      category: 'shirt',
      color: ['blue'],
      gender: 'men',
    });
  });

  it('accumulates exclusions, and a wanted colour lifts its exclusion', () => {
    expect(mergeSlots({ exclude_color: ['red'] }, { exclude_color: ['green'] }).exclude_color).toEqual([
      'red',
      'green',
    ]);
    expect(mergeSlots({ exclude_color: ['blue'] }, { color: ['blue'] }).exclude_color).toBeUndefined();
  });

  it('drops item slots (budget too) on a new search but keeps context slots', () => {
    expect(
      mergeSlots({ category: 'shirt', color: ['red'], occasion: 'work', budget_max: 40 }, { category: 'shoes' }, true),
    ).toEqual({
      category: 'shoes',
      occasion: 'work',
    });
  });

  it('replaces the season when the weather changes and drops turn-only slots', () => {
    const merged = mergeSlots({ season: 'summer' }, { weather: { temperatureC: 2 }, reference: { kind: 'anaphora' } });
    expect(merged.season).toBeUndefined();
    expect(merged.reference).toBeUndefined();
    expect(merged.weather).toEqual({ temperatureC: 2 });
  });
});
