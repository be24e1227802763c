import { describe, expect, it } from 'vitest';
import { conditionFor, findNumbers, readNumber } from '../../src/nlu/numbers.ts';
import { normalizeText } from '../../src/nlu/text.ts';

const slots = (text: string) => Object.assign({}, ...findNumbers(normalizeText(text)).map((c) => c.slots));

describe('budgets', () => {
  it.each([
    ['under 50', { budget_max: 50 }],
    ['less than 100 dollars', { budget_max: 100, currency: 'USD' }],
    ['nothing over 50 please', { budget_max: 50 }],
    ['€30–60', { budget_min: 30, budget_max: 60, currency: 'EUR' }],
    ['between 20 and 40 euros', { budget_min: 20, budget_max: 40, currency: 'EUR' }],
    ['around 100 euros', { budget_min: 80, budget_max: 120, currency: 'EUR' }],
    ['£30 or less', { budget_max: 30, currency: 'GBP' }],
    ['at least 200 kr', { budget_min: 200, currency: 'SEK' }],
    ['max ₹1,500', { budget_max: 1500, currency: 'INR' }],
    ['500元以内', { budget_max: 500, currency: 'CNY' }],
    ['300到500块', { budget_min: 300, budget_max: 500, currency: 'CNY' }],
    ['预算五百元', { budget_max: 500, currency: 'CNY' }],
    ['200块左右', { budget_min: 160, budget_max: 240, currency: 'CNY' }],
    ['100 euros', { budget_max: 100, currency: 'EUR' }],
  ])('%s', (text, expected) => {
    expect(slots(text)).toMatchObject(expected);
  });

  it('ignores numbers that are not money', () => {
    expect(slots('the first two')).toEqual({});
    expect(slots('I have 2 kids')).toEqual({});
    expect(slots('30 to 60')).toEqual({}); // no currency, no "between": not a budget
    expect(slots('最多一件')).toEqual({});
  });
});

describe('sizes', () => {
  it.each([
    ['size M', 'M'],
    ["I'm a medium", 'M'],
    ['do you have it in XL', 'XL'],
    ['extra large please', undefined],
    ['in extra large please', 'XL'],
    ['size 10', '10'],
    ['EU 42', 'EU 42'],
    ['uk 9 shoes', 'UK 9'],
    ['我穿M码', 'M'],
    ['42码的鞋', '42'],
    ['有大码吗', 'XL'],
    ['xxl', 'XXL'],
  ])('%s → %s', (text, size) => {
    expect(slots(text).size).toBe(size);
  });

  it('does not read "sizes" as size S; claims only the size word of "a men\'s medium"', () => {
    expect(slots('what sizes do you have').size).toBeUndefined();
    expect(slots("i'm a men's medium").size).toBe('M');
    const claim = findNumbers("i'm a men's medium").find((c) => c.slots.size);
    expect("i'm a men's medium".slice(claim!.start, claim!.end)).toBe('medium');
  });

  it('does not read "a small bag" as a size', () => {
    expect(slots('I want a small bag').size).toBeUndefined();
  });

  it('keeps sizes and budgets apart', () => {
    expect(slots('size 40 under €60')).toMatchObject({ size: '40', budget_max: 60, currency: 'EUR' });
  });
});

describe('temperatures', () => {
  it.each([
    ["it's 5°C", 5],
    ['minus 3 degrees', -3],
    ['-10 c today', -10],
    ['80F', 27],
    ['零下五度', -5],
    ['今天三十度', 30],
  ])('%s → %d °C', (text, celsius) => {
    expect(slots(text).temperatureC).toBe(celsius);
  });

  it('reads "im 28 f" as an age and a sex, and "28 f outside" as a temperature', () => {
    expect(slots('hii im 28 f, need smth for an interview').temperatureC).toBeUndefined();
    expect(slots("it's 28 f outside").temperatureC).toBe(-2);
  });

  it('maps temperatures to conditions', () => {
    expect(conditionFor(30)).toBe('hot');
    expect(conditionFor(5)).toBe('cold');
    expect(conditionFor(-5)).toBe('freezing');
    expect(conditionFor(15)).toBe('mild');
  });
});

describe('numbered references', () => {
  it('reads "option 3" and "#2" as 0-based ordinals', () => {
    expect(slots('save option 3').ordinal).toBe(2);
    expect(slots('what about #2').ordinal).toBe(1);
  });
});

describe('readNumber', () => {
  it('reads Arabic and Chinese numerals', () => {
    expect(readNumber('1,200')).toBe(1200);
    expect(readNumber('49.99')).toBe(49.99);
    expect(readNumber('2k')).toBe(2000);
    expect(readNumber('五百')).toBe(500);
    expect(readNumber('三十五')).toBe(35);
    expect(readNumber('两千')).toBe(2000);
    expect(readNumber('abc')).toBeUndefined();
  });
});
