import { describe, expect, it } from 'vitest';
import { NearestWord } from '../../src/nlu/fuzzy.ts';

const vocabulary = ['what', 'wear', 'should', 'recommend', 'clothes', 'please', 'jacket', 'good', 'bit', 'bat'];

describe('NearestWord', () => {
  it('reads a typo within the edit budget as the nearest known word', () => {
    const near = new NearestWord(vocabulary);
    expect(near.nearest('waer')).toBe('wear');
    expect(near.nearest('shuold')).toBe('should');
  });

  it('reads words typed without their vowels, however many edits away', () => {
    const near = new NearestWord(vocabulary);
    expect(near.nearest('shld')).toBe('should');
    expect(near.nearest('rcmmnd')).toBe('recommend');
    expect(near.nearest('clths')).toBe('clothes');
    expect(near.nearest('jckt')).toBe('jacket');
  });

  it('reads letters stretched for emphasis', () => {
    const near = new NearestWord(vocabulary);
    expect(near.nearest('pleeeease')).toBe('please');
    expect(near.nearest('gooood')).toBe('good');
  });

  it('reads a slip on the first key of a longer word, not of a short one', () => {
    const near = new NearestWord(vocabulary);
    expect(near.nearest('xlothes')).toBe('clothes');
    expect(near.nearest('hood')).toBeUndefined();
  });

  it('does not invent a word when the consonants do not match in order', () => {
    const near = new NearestWord(vocabulary);
    expect(near.nearest('rcmmndx')).toBeUndefined();
    expect(near.nearest('xyzzy')).toBeUndefined();
    expect(near.nearest('tlcb')).toBeUndefined();
  });
});
