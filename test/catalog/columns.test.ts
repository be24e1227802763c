import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeItems, encodeItems } from '../../src/catalog/columns.ts';
import { loadDemoItems } from '../../src/catalog/demo.ts';
import { decodeSnapshot, encodeSnapshot, readSnapshotFile, writeSnapshotFile } from '../../src/catalog/snapshot.ts';
import { projectRoot } from '../../src/config.ts';
import type { Item } from '../../src/types.ts';
import { makeItem } from '../support/items.ts';

const roundTrip = (items: Item[]) => decodeItems(decodeSnapshot(encodeSnapshot('k', encodeItems(items)), 'k')!);

describe('columnar item encoding', () => {
  it('round-trips items, absent optional fields included', () => {
    const items = [
      ...loadDemoItems(projectRoot),
      makeItem({ price: undefined, pattern: undefined, description: undefined, sizes: ['S', 'M'] }),
      makeItem({ colors: [], seasons: ['winter'], price: 0.04, brand: 'H&M', popularity: 3.5 }),
    ];
    const decoded = roundTrip(items);
    expect(decoded).toEqual(JSON.parse(JSON.stringify(items)));
    expect(decoded.at(-2)!.price).toBeUndefined();
    expect(decoded.at(-1)!.price).toBe(0.04);
    expect(roundTrip([])).toEqual([]);
  });

  it('stores repeated values once and shares them, frozen, between decoded items', () => {
    const a = makeItem({ colors: ['navy'], description: 'Same text for every colour variant.' });
    const b = makeItem({ colors: ['navy'], description: 'Same text for every colour variant.' });
    const bytes = encodeSnapshot('k', encodeItems([a, b]));
    expect(bytes.toString('latin1').split('Same text').length - 1).toBe(1);
    const [x, y] = decodeItems(decodeSnapshot(bytes, 'k')!);
    expect(x!.colors).toEqual(['navy']);
    expect(x!.colors).toBe(y!.colors);
    expect(Object.isFrozen(x!.colors)).toBe(true);
    expect(() => (x!.colors as string[]).push('red')).toThrow(TypeError);
  });

  it('gives every decoded item the same fields in the same order', () => {
    const decoded = roundTrip([makeItem({ price: 10, pattern: 'striped' }), makeItem({ brand: 'Acme' })]);
    expect(Object.keys(decoded[0]!)).toEqual(Object.keys(decoded[1]!));
  });

  it('refuses sections that do not hold one value per item', () => {
    const sections = encodeItems([makeItem(), makeItem()]);
    sections['items.name'] = Uint32Array.of(0);
    expect(() => decodeItems(decodeSnapshot(encodeSnapshot('k', sections), 'k')!)).toThrow(/column name/);
  });
});

describe('snapshot container', () => {
  it('round-trips typed arrays as aligned views and JSON values', () => {
    const bytes = encodeSnapshot(
      { v: 1 },
      {
        odd: Uint8Array.of(1, 2, 3),
        prices: Float64Array.of(9.99, -1),
        meta: { json: { words: ['linen'] } },
        ids: Uint32Array.of(7, 8),
      },
    );
    const sections = decodeSnapshot(bytes, { v: 1 })!;
    expect(Array.from(sections.get('prices') as Float64Array)).toEqual([9.99, -1]);
    expect(Array.from(sections.get('ids') as Uint32Array)).toEqual([7, 8]);
    expect(Array.from(sections.get('odd') as Uint8Array)).toEqual([1, 2, 3]);
    expect(sections.get('meta')).toEqual({ json: { words: ['linen'] } });
  });

  it('answers undefined under another key, and throws on damaged bytes', () => {
    const bytes = encodeSnapshot({ v: 1 }, { ids: Uint32Array.of(7, 8) });
    expect(decodeSnapshot(bytes, { v: 2 })).toBeUndefined();
    expect(() => decodeSnapshot(bytes.subarray(0, bytes.length - 4), { v: 1 })).toThrow(/truncated/);
    expect(() => decodeSnapshot(Buffer.from('[1,2,3]'), { v: 1 })).toThrow(/not a snapshot/);
  });
});

describe('snapshot file', () => {
  const sections = { ids: Uint32Array.of(7, 8, 9), meta: { json: { words: ['linen'] } }, prices: Float64Array.of(1.5) };
  const written = () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'fa-snap-')), 'x.snap');
    writeSnapshotFile(file, encodeSnapshot({ v: 1 }, sections));
    return file;
  };

  it('reads every section into a buffer of its own', () => {
    const read = readSnapshotFile(written(), { v: 1 })!;
    const ids = read.get('ids') as Uint32Array;
    const prices = read.get('prices') as Float64Array;
    expect(Array.from(ids)).toEqual([7, 8, 9]);
    expect(Array.from(prices)).toEqual([1.5]);
    expect(read.get('meta')).toEqual({ json: { words: ['linen'] } });
    expect(ids.buffer.byteLength).toBe(ids.byteLength);
    expect(prices.buffer).not.toBe(ids.buffer);
  });

  it('answers undefined when missing or under another key, and throws when truncated', () => {
    const file = written();
    expect(readSnapshotFile(`${file}.absent`, { v: 1 })).toBeUndefined();
    expect(readSnapshotFile(file, { v: 2 })).toBeUndefined();
    writeFileSync(file, readFileSync(file).subarray(0, statSync(file).size - 4));
    expect(() => readSnapshotFile(file, { v: 1 })).toThrow(/truncated/);
    writeFileSync(file, 'FASNAP');
    expect(() => readSnapshotFile(file, { v: 1 })).toThrow(/not a snapshot/);
  });
});
