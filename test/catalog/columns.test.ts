import { describe, expect, it } from 'vitest';
import { decodeItems, encodeItems } from '../../src/catalog/columns.ts';
import { loadDemoItems } from '../../src/catalog/demo.ts';
import { projectRoot } from '../../src/config.ts';
import { makeItem } from '../support/items.ts';

describe('columnar item encoding', () => {
  it('round-trips items, absent optional fields included', () => {
    const items = [
      ...loadDemoItems(projectRoot),
      makeItem({ price: undefined, pattern: undefined, description: undefined, sizes: ['S', 'M'] }),
      makeItem({ colors: [], seasons: ['winter'], price: 0.04, brand: 'H&M' }),
    ];
    const decoded = decodeItems(encodeItems(items));
    expect(decoded).toEqual(JSON.parse(JSON.stringify(items)));
    expect(Object.hasOwn(decoded.at(-2)!, 'price')).toBe(false);
    expect(decodeItems(encodeItems([]))).toEqual([]);
  });

  it('stores repeated values once and never shares arrays between decoded items', () => {
    const a = makeItem({ colors: ['navy'], description: 'Same text for every colour variant.' });
    const b = makeItem({ colors: ['navy'], description: 'Same text for every colour variant.' });
    const text = encodeItems([a, b]);
    expect(text.split('Same text').length - 1).toBe(1);
    const [x, y] = decodeItems(text);
    expect(x!.colors).toEqual(y!.colors);
    expect(x!.colors).not.toBe(y!.colors);
  });

  it('refuses text that is not a columnar document', () => {
    expect(() => decodeItems('[1,2,3]')).toThrow();
    expect(() => decodeItems('{"count":2,"columns":{"id":["a"]},"tables":{}}')).toThrow(/column id/);
  });
});
