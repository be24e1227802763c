import { describe, expect, it } from 'vitest';
import { createParser } from '../../src/nlu/index.ts';
import { asksWhichOne, simmcAct, simmcContext, simmcRequestSlots, simmcSlots } from '../../src/nlu/simmc-mapping.ts';

const parser = createParser();
const map = (text: string, previousSystem: string | null = null) => {
  const context = simmcContext(previousSystem);
  const parse = parser.parse(text, context);
  const act = simmcAct(parse, context);
  return { act, slots: simmcSlots(parse, act), requests: simmcRequestSlots(parse, act) };
};

describe('SIMMC mapping', () => {
  it('detects the assistant asking which item', () => {
    expect(asksWhichOne('Which jacket do you mean?')).toBe(true);
    expect(asksWhichOne('Sorry, which one?')).toBe(true);
    expect(asksWhichOne('Could you be more specific?')).toBe(true);
    expect(asksWhichOne('Here is a black jacket.')).toBe(false);
    expect(asksWhichOne(null)).toBe(false);
  });

  it('maps intents onto acts', () => {
    expect(map('show me some cheap dark blue jeans').act).toBe('REQUEST:GET');
    expect(map("I'll take the blue one").act).toBe('REQUEST:ADD_TO_CART');
    expect(map('compare the first two').act).toBe('REQUEST:COMPARE');
    expect(map('how much is it?').act).toBe('ASK:GET');
    expect(map('anything similar to the second one but cheaper?').act).toBe('INFORM:GET');
    expect(map('what else can you show me').act).toBe('INFORM:REFINE');
    expect(map('the red one on the left', 'Which one do you mean?').act).toBe('INFORM:DISAMBIGUATE');
  });

  it('writes slot values as SIMMC strings, only for search acts', () => {
    expect(map('show me some cheap dark blue jeans').slots).toEqual({
      type: 'jeans',
      color: 'dark blue',
      price: 'cheap',
    });
    expect(map('any well-rated tees in XL?').slots).toMatchObject({
      type: 'tshirt',
      size: 'XL',
      customerReview: 'good',
    });
    expect(map('do you have trainers with long sleeves').slots).toMatchObject({ type: 'shoes', sleeveLength: 'long' });
    expect(map('how much is the red dress?').slots).toEqual({});
  });

  it('maps request slots for questions', () => {
    expect(map('what sizes does it come in and who makes it?').requests.sort()).toEqual(['availableSizes', 'brand']);
  });
});
