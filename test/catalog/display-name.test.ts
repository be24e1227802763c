import { describe, expect, it } from 'vitest';
import { displayName } from '../../src/catalog/display-name.ts';

describe('displayName', () => {
  it.each([
    ['ALAN OVERSHIRT PRICE ITEM', 'Alan Overshirt'],
    ['Jamie Skinny Cropped Trs Pid', 'Jamie Skinny Cropped Trousers'],
    ['Pluto RW slacks (1)', 'Pluto Slacks'],
    ['Hudson PU wide leg trousers', 'Hudson PU Wide Leg Trousers'],
    ['DKNY Women Beige Dial Watch NY8308', 'DKNY Women Beige Dial Watch NY8308'],
    ['Murcia Women Brown With Stitch Bag', 'Murcia Women Brown with Stitch Bag'],
    ['Lucy blouse', 'Lucy Blouse'],
    ['T-shirt slim fit', 'T-Shirt Slim Fit'],
    ['Mikita mule (window)', 'Mikita Mule (Window)'],
    ['Wing dress.', 'Wing Dress'],
    ['Printed CF Hood 24.99 B2', 'Printed Cf Hood'],
    ['Wow hood 19.99', 'Wow Hood'],
  ])('%s → %s', (raw, shown) => {
    expect(displayName(raw)).toBe(shown);
  });

  it('keeps a name that is nothing but noise rather than showing nothing', () => {
    expect(displayName('PRICE ITEM')).toBe('PRICE ITEM');
    expect(displayName('  ')).toBe('');
  });
});
