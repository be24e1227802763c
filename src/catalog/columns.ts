/**
 * Items as snapshot sections, one column per field: numbers in a `Float64Array`, every other value as an index
 * into a table of its distinct values (names and descriptions shared by colour variants, colour lists, types …),
 * so each is stored — and, decoded, held in memory — once. Decoded items all have the same fields in the same
 * order (absent ones `undefined`), so they share one hidden class; their list values are frozen and shared between
 * the items that have equal lists.
 */
import type { Item } from '../types.ts';
import { arraySection, jsonSection, type Section } from './snapshot.ts';

/** Marks an absent value in a table column. */
const ABSENT = 0xffffffff;

interface FieldInfo {
  name: string;
  /** `number`: a Float64Array column (with a presence column when some are absent); `table`: table indexes. */
  kind: 'number' | 'table';
  optional: boolean;
}

const column = (field: string) => `items.${field}`;
const presence = (field: string) => `items.${field}.present`;

/**
 * One table column: each value's index in the table of distinct values (strings compared as they are, other values
 * by their JSON), `ABSENT` for undefined.
 */
function tableColumn(values: readonly unknown[]): { indexes: Uint32Array; table: unknown[] } {
  const table: unknown[] = [];
  const strings = new Map<string, number>();
  const others = new Map<string, number>();
  const indexes = new Uint32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (value === undefined) {
      indexes[i] = ABSENT;
      continue;
    }
    const known = typeof value === 'string' ? strings : others;
    const key = typeof value === 'string' ? value : JSON.stringify(value);
    let index = known.get(key);
    if (index === undefined) {
      index = table.length;
      table.push(value);
      known.set(key, index);
    }
    indexes[i] = index;
  }
  return { indexes, table };
}

/**
 * The sections of items (under `items.*` names).
 * @example
 * decodeItems(encodeItems(items)); // deep-equal to items
 */
export function encodeItems(items: readonly Item[]): Record<string, Section> {
  const values = (name: string) => items.map((item) => (item as unknown as Record<string, unknown>)[name]);
  const names = new Set<string>();
  for (const item of items) for (const key of Object.keys(item)) names.add(key);
  const fields: FieldInfo[] = [];
  const tables: Record<string, unknown[]> = {};
  const sections: Record<string, Section> = {};
  for (const name of names) {
    const all = values(name);
    const optional = all.some((v) => v === undefined);
    if (all.every((v) => v === undefined || typeof v === 'number')) {
      fields.push({ name, kind: 'number', optional });
      sections[column(name)] = Float64Array.from(all, (v) => (v === undefined ? 0 : (v as number)));
      if (optional) sections[presence(name)] = Uint8Array.from(all, (v) => (v === undefined ? 0 : 1));
      continue;
    }
    fields.push({ name, kind: 'table', optional });
    const { indexes, table } = tableColumn(all);
    sections[column(name)] = indexes;
    tables[name] = table;
  }
  sections['items.fields'] = { json: { count: items.length, fields } };
  sections['items.tables'] = { json: tables };
  return sections;
}

/** Reads one field of the i-th item. */
type Reader = (i: number) => unknown;

const absent: Reader = () => undefined;

function readerOf(sections: ReadonlyMap<string, Section>, field: FieldInfo, table: unknown[] | undefined): Reader {
  if (field.kind === 'number') {
    const numbers = arraySection(sections, column(field.name), 'Float64Array');
    if (!field.optional) return (i) => numbers[i];
    const present = arraySection(sections, presence(field.name), 'Uint8Array');
    return (i) => (present[i] === 1 ? numbers[i] : undefined);
  }
  if (!table) throw new Error(`snapshot lacks the table of item field ${field.name}`);
  for (const value of table) if (typeof value === 'object' && value !== null) Object.freeze(value);
  const indexes = arraySection(sections, column(field.name), 'Uint32Array');
  return (i) => {
    const index = indexes[i];
    return index === undefined || index === ABSENT ? undefined : table[index];
  };
}

/** The fields of `Item`, in the order `itemAt` writes them. */
const ITEM_FIELDS: readonly (keyof Item)[] = [
  'id',
  'source',
  'name',
  'gender',
  'category',
  'articleType',
  'colors',
  'pattern',
  'materials',
  'seasons',
  'usage',
  'formality',
  'price',
  'brand',
  'sizes',
  'description',
  'popularity',
];

/** The i-th item: one object literal with every field, so that all items share one shape and hold their fields. */
function itemAt(r: Record<keyof Item, Reader>, i: number): Record<keyof Item, unknown> {
  return {
    id: r.id(i),
    source: r.source(i),
    name: r.name(i),
    gender: r.gender(i),
    category: r.category(i),
    articleType: r.articleType(i),
    colors: r.colors(i),
    pattern: r.pattern(i),
    materials: r.materials(i),
    seasons: r.seasons(i),
    usage: r.usage(i),
    formality: r.formality(i),
    price: r.price(i),
    brand: r.brand(i),
    sizes: r.sizes(i),
    description: r.description(i),
    popularity: r.popularity(i),
  };
}

/**
 * The items of `encodeItems`' sections. Throws when a section is missing or does not hold one value per item.
 */
export function decodeItems(sections: ReadonlyMap<string, Section>): Item[] {
  const { count, fields } = jsonSection<{ count: number; fields: FieldInfo[] }>(sections, 'items.fields');
  const tables = jsonSection<Record<string, unknown[]>>(sections, 'items.tables');
  const readers: Record<string, Reader> = {};
  for (const field of fields) {
    const values = sections.get(column(field.name));
    if (!ArrayBuffer.isView(values) || (values as Uint32Array).length !== count) {
      throw new Error(`item column ${field.name} does not hold ${count} values`);
    }
    readers[field.name] = readerOf(sections, field, tables[field.name]);
  }
  const r = Object.fromEntries(ITEM_FIELDS.map((name) => [name, readers[name] ?? absent])) as Record<
    keyof Item,
    Reader
  >;
  const items: Item[] = new Array(count);
  for (let i = 0; i < count; i++) items[i] = itemAt(r, i) as unknown as Item;
  return items;
}
