/**
 * A whole catalogue — items in position order, attribute bitsets, price order, id order and text index — as
 * snapshot sections, and back.
 */
import type { Item } from '../types.ts';
import type { CatalogIndex } from './catalog.ts';
import { decodeItems, encodeItems } from './columns.ts';
import { arraySection, jsonSection, type Section } from './snapshot.ts';

/**
 * The sections of a catalogue whose text index is built.
 * @example
 * encodeSnapshot(key, catalogSections(items, index));
 */
export function catalogSections(items: readonly Item[], index: CatalogIndex): Record<string, Section> {
  if (!index.text) throw new Error('the text index must be built before the catalogue is stored');
  return {
    ...encodeItems(items),
    'index.keys': { json: index.keys },
    'index.bits': index.bits,
    'index.noSeason': index.noSeason,
    'index.byPrice': index.byPrice,
    'index.prices': index.prices,
    'index.byId': index.byId,
    'text.words': { json: index.text.words },
    'text.offsets': index.text.offsets,
    'text.positions': index.text.positions,
  };
}

/** The array itself when it spans its whole buffer (a section read on its own), else a copy of it. */
const own = <T extends Uint32Array | Float64Array>(array: T): T =>
  array.byteLength === array.buffer.byteLength ? array : (array.slice() as T);

/**
 * The items and index of `catalogSections`. Index arrays that are views of a larger buffer (a snapshot decoded from
 * one block of bytes) are copied out of it, so that the buffer (item columns included) is freed once the items are
 * built. Throws when a section is missing.
 */
export function catalogFromSections(sections: ReadonlyMap<string, Section>): { items: Item[]; index: CatalogIndex } {
  const items = decodeItems(sections);
  const u32 = (name: string) => own(arraySection(sections, name, 'Uint32Array'));
  const index: CatalogIndex = {
    keys: jsonSection<string[]>(sections, 'index.keys'),
    bits: u32('index.bits'),
    noSeason: u32('index.noSeason'),
    byPrice: u32('index.byPrice'),
    prices: own(arraySection(sections, 'index.prices', 'Float64Array')),
    byId: u32('index.byId'),
    text: {
      words: jsonSection<string[]>(sections, 'text.words'),
      offsets: u32('text.offsets'),
      positions: u32('text.positions'),
    },
  };
  if (index.byId.length !== items.length) throw new Error('snapshot index does not match its items');
  return { items, index };
}
