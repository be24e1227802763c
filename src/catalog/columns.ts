/**
 * A compact columnar JSON form of items for the catalogue cache: each field is a column, and fields that repeat
 * across items (names and descriptions shared by colour variants, colours, types, usages …) are stored once in a
 * table and referenced by index. Parsing it is several times faster than parsing an array of objects.
 */
import type { Item } from '../types.ts';

/** Fields stored as plain values, one per item: they rarely repeat. */
const DIRECT = new Set(['id', 'price', 'formality', 'popularity']);

interface Columns {
  count: number;
  /** field → one value per item (DIRECT fields) or one table index per item (-1: absent). */
  columns: Record<string, unknown[]>;
  /** field → distinct values. */
  tables: Record<string, unknown[]>;
}

/**
 * Encodes items as columnar JSON text.
 * @example
 * decodeItems(encodeItems(items)); // deep-equal to items
 */
export function encodeItems(items: readonly Item[]): string {
  const fields = new Set<string>();
  for (const item of items) for (const key of Object.keys(item)) fields.add(key);
  const columns: Record<string, unknown[]> = {};
  const tables: Record<string, unknown[]> = {};
  for (const field of fields) {
    const values = items.map((item) => (item as unknown as Record<string, unknown>)[field]);
    if (DIRECT.has(field)) {
      columns[field] = values.map((v) => (v === undefined ? null : v));
      continue;
    }
    const table: unknown[] = [];
    const indexOf = new Map<string, number>();
    columns[field] = values.map((value) => {
      if (value === undefined) return -1;
      const key = typeof value === 'string' ? value : JSON.stringify(value);
      let index = indexOf.get(key);
      if (index === undefined) {
        index = table.length;
        table.push(value);
        indexOf.set(key, index);
      }
      return index;
    });
    tables[field] = table;
  }
  const document: Columns = { count: items.length, columns, tables };
  return JSON.stringify(document);
}

/**
 * Decodes the text of `encodeItems` back into items (arrays are fresh copies, never shared between items).
 * Throws on text that is not such a document.
 */
export function decodeItems(text: string): Item[] {
  const { count, columns, tables } = JSON.parse(text) as Columns;
  if (!Number.isInteger(count) || typeof columns !== 'object' || typeof tables !== 'object') {
    throw new Error('not a columnar item document');
  }
  const fields = Object.keys(columns);
  for (const field of fields) {
    if (!Array.isArray(columns[field]) || columns[field]!.length !== count) {
      throw new Error(`column ${field} does not hold ${count} values`);
    }
  }
  const items: Item[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const item: Record<string, unknown> = {};
    for (const field of fields) {
      const raw = columns[field]![i];
      if (DIRECT.has(field)) {
        if (raw !== null) item[field] = raw;
      } else if (raw !== -1) {
        const value = tables[field]![raw as number];
        item[field] = Array.isArray(value) ? value.slice() : value;
      }
    }
    items[i] = item as unknown as Item;
  }
  return items;
}
