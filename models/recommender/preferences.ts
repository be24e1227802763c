/**
 * Preference and match terms of a request (profile colours, materials, gender, budget; query colours and types),
 * read over small-integer item attributes built once per catalogue, with a bound a scan can skip items by.
 */
import type { Catalog, ItemQuery, Profile, Signal } from '../../src/types.ts';

/** Weights of the preference terms (profile colours, gender, budget, materials) and query matches. */
export const PREFERENCE_WEIGHTS = {
  likedColor: 0.25,
  dislikedColor: -0.6,
  dislikedMaterial: -0.4,
  gender: 0.15,
  overBudget: -0.4,
  queryColor: 0.2,
  queryType: 0.15,
} as const;

/** Item attributes the preference terms read, as small integers (built once per catalogue). */
interface ItemTable {
  colorIds: Map<string, number>;
  materialIds: Map<string, number>;
  typeIds: Map<string, number>;
  genderIds: Map<string, number>;
  /** Up to 3 colour ids per item (-1 = none), main colour first. */
  colors: Int16Array;
  /** Up to 3 material ids per item (-1 = none). */
  materials: Int16Array;
  type: Int32Array;
  gender: Uint8Array;
  /** NaN when the item has no price. */
  price: Float32Array;
}

const tables = new WeakMap<Catalog, ItemTable>();
const SLOTS = 3;

function idOf(ids: Map<string, number>, value: string): number {
  let id = ids.get(value);
  if (id === undefined) {
    id = ids.size;
    ids.set(value, id);
  }
  return id;
}

function itemTable(catalog: Catalog): ItemTable {
  const cached = tables.get(catalog);
  if (cached) return cached;
  const n = catalog.size;
  const table: ItemTable = {
    colorIds: new Map(),
    materialIds: new Map(),
    typeIds: new Map(),
    genderIds: new Map(),
    colors: new Int16Array(n * SLOTS).fill(-1),
    materials: new Int16Array(n * SLOTS).fill(-1),
    type: new Int32Array(n),
    gender: new Uint8Array(n),
    price: new Float32Array(n),
  };
  catalog.items.forEach((item, i) => {
    item.colors.slice(0, SLOTS).forEach((c, j) => {
      table.colors[i * SLOTS + j] = idOf(table.colorIds, c);
    });
    item.materials.slice(0, SLOTS).forEach((m, j) => {
      table.materials[i * SLOTS + j] = idOf(table.materialIds, m);
    });
    table.type[i] = idOf(table.typeIds, item.articleType);
    table.gender[i] = idOf(table.genderIds, item.gender);
    table.price[i] = item.price ?? Number.NaN;
  });
  tables.set(catalog, table);
  return table;
}

/** Preference and match terms of one request (profile colours, materials, gender, budget; query colours and types). */
export interface Preferences {
  /** False when no preference or match term can apply (the per-item work is skipped). */
  active: boolean;
  table: ItemTable;
  likedColor: Uint8Array;
  dislikedColor: Uint8Array;
  queryColor: Uint8Array;
  dislikedMaterial: Uint8Array;
  anyDislikedMaterial: boolean;
  /** Type ids the query asks for (flags), and whether it asks for any. */
  queryType: Uint8Array;
  anyQueryType: boolean;
  /** Gender ids that earn the gender bonus (the profile's and unisex), as flags, or undefined. */
  gender?: Uint8Array;
  budgetMax?: number;
  /** The most the terms can add to one item (they may also subtract). */
  bound: number;
}

function flags(ids: Map<string, number>, values: readonly string[]): Uint8Array {
  const out = new Uint8Array(ids.size);
  for (const v of values) {
    const id = ids.get(v);
    if (id !== undefined) out[id] = 1;
  }
  return out;
}

/**
 * The preference and match terms of a request, over integer item attributes built once per catalogue.
 * @example
 * const preferences = preferencesOf(catalog, profile, query); preferenceScore(3, preferences);
 */
export function preferencesOf(catalog: Catalog, profile: Profile, query: ItemQuery): Preferences {
  const table = itemTable(catalog);
  const genderName = query.genders && query.genders.length > 0 ? undefined : profile.gender;
  const gender = genderName === undefined ? undefined : flags(table.genderIds, [genderName, 'unisex']);
  const queryType = flags(table.typeIds, query.categories ?? []);
  const p: Preferences = {
    active: true,
    table,
    likedColor: flags(table.colorIds, profile.likedColors),
    dislikedColor: flags(table.colorIds, profile.dislikedColors),
    queryColor: flags(table.colorIds, query.colors ?? []),
    dislikedMaterial: flags(table.materialIds, profile.dislikedMaterials),
    anyDislikedMaterial: profile.dislikedMaterials.some((m) => table.materialIds.has(m)),
    queryType,
    anyQueryType: queryType.includes(1),
    gender,
    budgetMax: query.priceMax === undefined ? profile.budgetMax : undefined,
    bound: 0,
  };
  const w = PREFERENCE_WEIGHTS;
  p.bound =
    (p.likedColor.includes(1) ? w.likedColor : 0) +
    (p.queryColor.includes(1) ? w.queryColor : 0) +
    (p.gender ? w.gender : 0) +
    (p.anyQueryType ? w.queryType : 0);
  p.active =
    p.likedColor.includes(1) ||
    p.dislikedColor.includes(1) ||
    p.queryColor.includes(1) ||
    p.anyDislikedMaterial ||
    p.anyQueryType ||
    p.gender !== undefined ||
    p.budgetMax !== undefined;
  return p;
}

/** Preference and match terms of one item; pushes signals when `signals` is given. */
export function preferenceScore(index: number, p: Preferences, signals?: Signal[]): number {
  if (!p.active) return 0;
  const w = PREFERENCE_WEIGHTS;
  const t = p.table;
  let preference = 0;
  let match = 0;
  const base = index * SLOTS;
  const main = t.colors[base] ?? -1;
  if (main >= 0) {
    if (p.likedColor[main]) preference += w.likedColor;
    if (p.queryColor[main]) match += w.queryColor;
  }
  for (let j = 0; j < SLOTS; j++) {
    const c = t.colors[base + j] ?? -1;
    if (c >= 0 && p.dislikedColor[c]) {
      preference += w.dislikedColor;
      break;
    }
  }
  if (p.anyDislikedMaterial) {
    for (let j = 0; j < SLOTS; j++) {
      const m = t.materials[base + j] ?? -1;
      if (m >= 0 && p.dislikedMaterial[m]) {
        preference += w.dislikedMaterial;
        break;
      }
    }
  }
  if (p.gender?.[t.gender[index] ?? -1]) preference += w.gender;
  if (p.budgetMax !== undefined && (t.price[index] ?? 0) > p.budgetMax) preference += w.overBudget;
  if (p.anyQueryType && p.queryType[t.type[index] ?? -1]) match += w.queryType;
  if (signals) {
    if (preference !== 0) {
      signals.push({ name: 'preference', weight: preference, detail: 'your saved colours, gender, budget, materials' });
    }
    if (match !== 0) signals.push({ name: 'match', weight: match, detail: 'exact colour / type asked for' });
  }
  return preference + match;
}
