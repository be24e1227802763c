import { describe, expect, it } from 'vitest';
import { describedType, isNotForShoppers, retypedByDescription } from '../../src/catalog/hygiene.ts';

describe('catalogue hygiene: a row type checked against its own description', () => {
  it('reads the garment a description names first, as the head of its first noun phrase', () => {
    expect(describedType('Soft, non-wired bra in lace with padded cups.')).toBe('bra');
    expect(describedType('Short, padded jacket with a jersey-lined hood.')).toBe('jacket');
    expect(describedType('Patterned shirt jacket in a cotton weave.')).toBe('jacket');
    expect(describedType('Fine-knit liner socks designed to be hidden inside your shoes.')).toBe('socks');
    expect(describedType('Sturdy, fast-drying functional fabric.')).toBeUndefined();
  });

  it('re-types a row whose description names a garment of another category', () => {
    expect(retypedByDescription('slippers', 'Soft, non-wired bra in lace with padded cups.')).toBe('bra');
    expect(retypedByDescription('top', 'Knee-length dress in a soft jersey with long sleeves.')).toBe('dress');
    expect(retypedByDescription('hoodie', 'Short, padded jacket with a jersey-lined hood.')).toBe('jacket');
    expect(retypedByDescription('socks', 'Faux fur slippers with anti-slip soles.')).toBe('slippers');
  });

  it('keeps the type when the description agrees or may cross categories', () => {
    expect(retypedByDescription('dress', 'Short dress in a cotton weave.')).toBeUndefined();
    expect(retypedByDescription('leggings', 'Running tights in a breathable fabric.')).toBeUndefined();
    expect(retypedByDescription('briefs', 'Shaping shorts with longer legs.')).toBeUndefined();
    expect(retypedByDescription('blazer', 'Single-breasted jacket with notch lapels.')).toBeUndefined();
    expect(retypedByDescription('pyjamas', 'Pyjama top and shorts in cotton jersey.')).toBeUndefined();
    expect(retypedByDescription('bikini', 'Swim shorts with a drawstring waist.')).toBeUndefined();
  });

  it('is not misled by garment words that mean something else', () => {
    expect(retypedByDescription('accessory', 'Fancy dress mask with sequins.')).toBeUndefined();
    expect(retypedByDescription('robe', 'Dressing gown in soft fleece.')).toBeUndefined();
    expect(retypedByDescription('jumpsuit', 'Romper suit in ribbed jersey.')).toBeUndefined();
    expect(retypedByDescription('sneakers', 'Hi tops in imitation leather.')).toBeUndefined();
    expect(retypedByDescription('bra', 'Pyjama jacket in soft viscose with piping.')).toBeUndefined();
    expect(retypedByDescription('joggers', 'Top in sweatshirt fabric and a pair of joggers in twill.')).toBeUndefined();
  });

  it('leaves out clothes made for pets, not pieces with a dog print', () => {
    expect(isNotForShoppers('Fido dog sweater', 'Jacquard-knit dog jumper in a cotton blend.')).toBe(true);
    expect(isNotForShoppers('Tove coat', 'Rain jacket designed to fit a small dog.')).toBe(true);
    expect(isNotForShoppers('Printed tee', 'T-shirt in cotton jersey with a dog print.')).toBe(false);
    expect(isNotForShoppers('Kattis cat sunglasses', 'Sunglasses with plastic frames.')).toBe(false);
  });
});

describe('a zip hoodie stays a hoodie', () => {
  it('keeps "a jacket in sweatshirt fabric with a hood" a hoodie, and a padded jacket with a hood a jacket', () => {
    expect(retypedByDescription('hoodie', 'Jacket in sweatshirt fabric with a lined drawstring hood.')).toBeUndefined();
    expect(retypedByDescription('hoodie', 'Short, padded jacket with a hood and stand-up collar.')).toBe('jacket');
  });
});
