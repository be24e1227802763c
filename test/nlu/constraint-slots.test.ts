import { describe, expect, it } from 'vitest';
import { ageIn, constraintSlots } from '../../src/nlu/constraint-slots.ts';

describe('constraint slots', () => {
  it('reads an adult from "girl" with a typo or an age, and a child from a son of 6', () => {
    expect(constraintSlots('wat shud i wer to a frst date, im a gril', { gender: 'girls' })).toMatchObject({
      gender: 'women',
      age_group: 'adult',
    });
    expect(constraintSlots('going to a halloween party as a 90s grunge girl', {})).toMatchObject({
      gender: 'women',
      age_group: 'adult',
    });
    expect(constraintSlots('wtf these are kids clothes?? im 24', { gender: 'kids' })).toEqual({
      age: 24,
      age_group: 'adult',
    });
    expect(constraintSlots('my son is 6 and needs clothes for school', { gender: 'boys' })).toMatchObject({
      age: 6,
      age_group: 'child',
      gender: 'boys',
    });
    expect(ageIn('她五十多岁')).toBe(50);
    expect(ageIn('im 180cm 75kg')).toBeUndefined();
  });

  it('keeps who the pieces are for apart from the shopper', () => {
    expect(constraintSlots("gift for my bf, he's into gym", {})).toMatchObject({ recipient: 'partner', gender: 'men' });
  });

  it('reads kinds of piece ruled out, and drops them as the wanted kind', () => {
    expect(constraintSlots('smth else, he has enough hoodies', { category: 'hoodie' })).toEqual({
      exclude_category: ['hoodie'],
    });
    expect(constraintSlots('no jeans pls, and nothing see-through', {})).toMatchObject({
      exclude_category: ['jeans'],
      coverage: ['not_see_through'],
    });
    expect(constraintSlots('no polyester', {}).exclude_category).toBeUndefined();
  });

  it('reads several wishes of one message', () => {
    const slots = constraintSlots(
      "need smth for my sister's beach wedding, budget 150 eur, i'm plus size and hate showing my arms",
      { budget_max: 150, currency: 'EUR' },
    );
    expect(slots).toMatchObject({ fit: 'plus', coverage: ['cover_arms'] });
    expect(constraintSlots('leggings + sports bra, under 50 total', { budget_max: 50 }).budget_scope).toBe('total');
    expect(constraintSlots("need a winter coat under $100, men's XXL", {}).size).toBe('XXL');
    expect(constraintSlots('女生，零下二十度的长款羽绒服', {}).length).toBe('long');
  });

  it('reads pieces the shopper owns, which are then not what is searched for', () => {
    expect(
      constraintSlots('what goes with my burgundy chinos? im a guy', { category: 'chinos', color: ['burgundy'] }),
    ).toMatchObject({ owned: [{ category: 'chinos', color: 'burgundy' }], gender: 'men' });
    const suit = constraintSlots('i already have a black suit. just need a shirt and tie', {
      category: 'suit',
      color: ['black'],
    });
    expect(suit.owned).toEqual([{ category: 'suit', color: 'black' }]);
    expect(suit.category).toBe('shirt');
    expect(suit.color).toBeUndefined();
  });

  it('takes the piece named after "need" as the one wanted', () => {
    expect(
      constraintSlots('wait jeans?? its a WEDDING. i need a dress, with sleeves pls', { category: 'jeans' }),
    ).toMatchObject({ category: 'dress', coverage: ['long_sleeves'] });
  });
});
