import { beforeAll, describe, expect, it } from 'vitest';
import { SpellingCorrector } from '../../src/nlu/matcher.ts';
import { extractSlots } from '../../src/nlu/slots.ts';

let corrector: SpellingCorrector;
beforeAll(() => {
  corrector = new SpellingCorrector();
});
const slots = (text: string) => extractSlots(text, corrector).slots;

describe('several wishes in one message', () => {
  it('keeps every one of them', () => {
    expect(slots('beach wedding in august, budget 150 eur, plus size, hate showing my arms')).toMatchObject({
      occasion: 'wedding',
      budget_max: 150,
      currency: 'EUR',
      fit: 'plus',
      coverage: ['cover_arms'],
    });
  });

  it('tells a budget for the whole look from one per piece', () => {
    expect(slots('black leggings + sports bra, under 50 total')).toMatchObject({
      budget_max: 50,
      budget_scope: 'total',
    });
    expect(slots('总共500块以内')).toMatchObject({ budget_max: 500, budget_scope: 'total' });
    expect(slots('under 30 each')).toMatchObject({ budget_max: 30, budget_scope: 'item' });
    expect(slots('under 30 euros').budget_scope).toBeUndefined();
  });
});

describe('the kind of piece wanted', () => {
  it('takes the piece named after "need" / "looking for" over one named before', () => {
    expect(slots('wait jeans?? its a WEDDING. i need a dress, with sleeves pls')).toMatchObject({
      category: 'dress',
      coverage: ['sleeved'],
    });
    expect(slots('not the coat, im looking for a black jacket').category).toBe('jacket');
    expect(slots('i need jeans and a top').category).toBe('jeans');
  });
});

describe('kinds of piece not wanted', () => {
  it.each([
    ['smth else, he has enough hoodies', ['hoodie']],
    ['skip the hoodies this time', ['hoodie']],
    ['no jeans pls', ['jeans']],
    ['not a dress, something with trousers', ['dress']],
    ['no jeans or dresses please', ['jeans', 'dress']],
    ['我老公有很多卫衣了', ['hoodie']],
    ['不要牛仔裤', ['jeans']],
  ])('%s → %j', (text, excluded) => {
    expect(slots(text).exclude_category).toEqual(excluded);
    expect(slots(text).category === undefined || !excluded.includes(slots(text).category!)).toBe(true);
  });

  it('does not read a distant negation or "why not" as a rejection', () => {
    expect(slots("i'm not sure which dress to pick").exclude_category).toBeUndefined();
    expect(slots('why not jeans?').exclude_category).toBeUndefined();
  });
});

describe('who it is for', () => {
  it('reads a first-person "girl" (even misspelt) as an adult woman', () => {
    expect(slots('wat shud i wer to a frst date at a fancy restrant, im a gril')).toMatchObject({
      gender: 'women',
      age_group: 'adult',
    });
    expect(slots('going to a halloween party as a 90s grunge girl')).toMatchObject({
      gender: 'women',
      age_group: 'adult',
    });
  });

  it('reads recipients and ages', () => {
    expect(slots('gift for my bf, max 50 euros')).toMatchObject({ recipient: 'boyfriend', gender: 'men' });
    expect(slots('给老公买件衬衫')).toMatchObject({ recipient: 'husband', gender: 'men' });
    expect(slots('a gift for him')).toMatchObject({ recipient: 'someone', gift: true });
    expect(slots('my daughter, 6, needs a party dress')).toMatchObject({
      recipient: 'daughter',
      age: 6,
      age_group: 'child',
    });
    expect(slots('my son is 6 and needs clothes for school')).toMatchObject({ recipient: 'son', age_group: 'child' });
    expect(slots('female, 28, going to japan')).toMatchObject({ age: 28, age_group: 'adult' });
    expect(slots('给我妈妈买个生日礼物，她五十多岁')).toMatchObject({
      recipient: 'mother',
      age: 50,
      age_group: 'adult',
    });
  });

  it('reads "kids clothes?? im 24" as an adult, not as a wish for the kids department', () => {
    const s = slots('wtf these are kids clothes?? im 24');
    expect(s).toMatchObject({ age: 24, age_group: 'adult' });
    expect(s.gender).toBeUndefined();
  });

  it('does not take a height or a possessive event for an age or a recipient', () => {
    expect(slots("i'm 6 foot 4").age).toBeUndefined();
    expect(slots("what should I wear to my sister's graduation").recipient).toBeUndefined();
  });
});

describe('coverage, fit, length and size', () => {
  it.each([
    ['i hate showing my arms', 'cover_arms'],
    ['a dress, with sleeves', 'sleeved'],
    ['no see-through pls', 'not_see_through'],
    ['nothing see through', 'not_see_through'],
    ['not to revealing pls', 'modest'],
    ['i wear hijab', 'modest'],
    ['要防晒的', 'sun_protection'],
  ])('%s → %s', (text, coverage) => {
    expect(slots(text).coverage).toContain(coverage);
  });

  it('reads 不想晒黑 as sun protection, not as "no black"', () => {
    const s = slots('要防晒的，不想晒黑');
    expect(s.exclude_color).toBeUndefined();
    expect(s.coverage).toEqual(['sun_protection']);
  });

  it('reads fit, length and sizes', () => {
    expect(slots('有大码的吗？XL')).toMatchObject({ fit: 'plus', size: 'XL' });
    expect(slots('女生，零下二十度的长款羽绒服')).toMatchObject({ length: 'long', gender: 'women' });
    expect(slots('a long down jacket')).toMatchObject({ length: 'long', category: 'jacket' });
    expect(slots('how long is the dress').length).toBeUndefined();
    expect(slots('回答简短一点').length).toBeUndefined();
    expect(slots('im usually a M in shirts').size).toBe('M');
    expect(slots("need a winter coat under $100, men's XXL").size).toBe('XXL');
    expect(slots('ugh. dresses for a wedding guest, women, long sleeves').sleeve_length).toBe('long');
  });
});

describe('pieces the shopper owns', () => {
  it('keeps the owned piece apart from the pieces asked for', () => {
    const s = slots('i already have a black suit. just need a shirt and tie');
    expect(s.owned).toEqual([{ category: 'suit', color: 'black' }]);
    expect(s.category).toBe('shirt');
  });

  it('keeps an owned piece that is the only piece named as the anchor, not as the kind searched for', () => {
    const s = slots('what goes with my burgundy chinos? im a guy');
    expect(s).toMatchObject({ owned: [{ category: 'chinos', color: 'burgundy' }], gender: 'men' });
    expect(s.category).toBeUndefined();
    expect(s.color).toBeUndefined();
    expect(slots('put an outfit together, wedding guest, autumn, around my black boots').owned).toEqual([
      { category: 'boots', color: 'black' },
    ]);
  });

  it('does not take a basket or a shoe size for a piece owned', () => {
    expect(slots('put the white sneakers in my bag').owned).toBeUndefined();
    expect(slots('我的鞋码是42').owned).toBeUndefined();
  });
});

describe('conversation flags', () => {
  it.each([
    ['surprise me', { surprise: true }],
    ['随便', { surprise: true }],
    ['forget my sizes', { forget: 'sizes' }],
    ['forget the yellow thing', { forget: 'named' }],
    ['the cheapest one?', { price_sort: 'ascending' }],
    ['最贵的', { price_sort: 'descending' }],
    ['gift ideas for my husband', { gift: true, recipient: 'husband' }],
    ['save the second look', { reference_unit: 'look' }],
    ['第二套的衬衫', { reference_unit: 'look' }],
    ['what have i saved', { wishlist: 'view' }],
    ['add it to my wishlist', { wishlist: 'add' }],
    ['what do you know about me', { asks_what_is_kept: true }],
    ['stop using my data for trends', { trend_consent: 'opt_out' }],
    ['you can share my requests in trend stats', { trend_consent: 'opt_in' }],
  ])('%s → %j', (text, expected) => {
    expect(slots(text)).toMatchObject(expected);
  });

  it('leaves them out where they do not apply', () => {
    expect(slots('anything but black').surprise).toBeUndefined();
    expect(slots('delete my data').forget).toBeUndefined();
    expect(slots("what's trending").trend_consent).toBeUndefined();
    expect(slots('save the second one').reference_unit).toBeUndefined();
  });
});
