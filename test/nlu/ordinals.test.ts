import { describe, expect, it } from 'vitest';
import { ordinalsIn } from '../../src/nlu/lexicon.ts';

describe('ordinalsIn', () => {
  it('finds every ordinal in the order named, English and Chinese, the longest form first', () => {
    expect(ordinalsIn('which one is better for a date, the first or the fourth?')).toEqual([0, 3]);
    expect(ordinalsIn('is the 2nd better than the last one?')).toEqual([1, -1]);
    expect(ordinalsIn('第二件和最后一件哪个好')).toEqual([1, -1]);
    expect(ordinalsIn('compare the first two')).toEqual([0]);
    expect(ordinalsIn('firstly, show me dresses')).toEqual([]);
  });

  it('reads a look named by its number, and no other number', () => {
    expect(ordinalsIn('look 1 vs look 3')).toEqual([0, 2]);
    expect(ordinalsIn('is outfit #2 better than the first?')).toEqual([1, 0]);
    expect(ordinalsIn('show me 2 looks under 50')).toEqual([]);
    expect(ordinalsIn('a look for 2020')).toEqual([]);
  });
});
