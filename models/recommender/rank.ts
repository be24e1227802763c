/**
 * Serving: scores the candidates that satisfy a query's hard constraints and keeps the top k, with the signals
 * that contributed. One dense pass (a dot product per candidate against one combined user vector) plus sparse
 * scores and cheap preference terms; no TensorFlow per request.
 */
import type {
  Catalog,
  FeedbackEntry,
  ItemQuery,
  Profile,
  RecommendRequest,
  ScoredItem,
  Signal,
} from '../../src/types.ts';
import { normalise } from './content.ts';

/** Item vectors of a whole catalogue (row i = `catalog.items[i]`), L2-normalised, plus a static prior score. */
export interface ItemSpace {
  readonly dim: number;
  readonly vectors: Float32Array;
  /** Static score per item (already weighted), e.g. popularity. */
  readonly prior: Float32Array;
  /** The signal the prior stands for. */
  readonly priorSignal: Signal['name'];
}

/** A user-side term scored by a dot product with item vectors. */
export interface DenseTerm {
  signal: Signal['name'];
  weight: number;
  vector: Float32Array;
  detail: string;
}

/** A user-side term given as scores of some items (e.g. co-purchase neighbours of the history). */
export interface SparseTerm {
  signal: Signal['name'];
  weight: number;
  scores: Map<number, number>;
  detail: string;
}

/** What the ranker knows about the user for one request. */
export interface UserTerms {
  dense: DenseTerm[];
  sparse: SparseTerm[];
}

/** The in-session view of a profile: items liked (👍, wishlist), disliked (👎) and asked to resemble (seeds). */
export interface History {
  liked: number[];
  saved: number[];
  disliked: number[];
  seeds: number[];
}

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

/**
 * The latest 👍/👎 per item wins; returns catalogue positions. Unknown ids are ignored.
 * @example
 * historyOf(catalog, profile, ['hm:0108775015']); // { liked: [12], saved: [], disliked: [40], seeds: [3] }
 */
export function historyOf(catalog: Catalog, profile: Profile, seeds: readonly string[] = []): History {
  const latest = new Map<string, FeedbackEntry>();
  for (const entry of profile.feedback) {
    const previous = latest.get(entry.itemId);
    if (!previous || entry.at >= previous.at) latest.set(entry.itemId, entry);
  }
  const positions = (ids: Iterable<string>) => {
    const out: number[] = [];
    for (const id of ids) {
      const index = catalog.indexOf(id);
      if (index >= 0) out.push(index);
    }
    return out;
  };
  const liked = [...latest.values()].filter((e) => e.value > 0).map((e) => e.itemId);
  const disliked = [...latest.values()].filter((e) => e.value < 0).map((e) => e.itemId);
  return {
    liked: positions(liked),
    saved: positions(profile.wishlist),
    disliked: positions(disliked),
    seeds: positions(seeds),
  };
}

/**
 * The mean of some items' vectors, L2-normalised; undefined when there are none.
 * @example
 * const u = meanVector(space, [3, 17]);
 */
export function meanVector(
  space: ItemSpace,
  indices: readonly number[],
  weights?: readonly number[],
): Float32Array | undefined {
  if (indices.length === 0) return undefined;
  const { dim, vectors } = space;
  const out = new Float32Array(dim);
  indices.forEach((index, n) => {
    const w = weights?.[n] ?? 1;
    const offset = index * dim;
    for (let j = 0; j < dim; j++) out[j] += w * vectors[offset + j];
  });
  return normalise(out);
}

/** Dense terms from an in-session history: 👍 and saves pull similar items up, 👎 pushes them down, seeds pull. */
export function historyTerms(
  space: ItemSpace,
  history: History,
  weights = { liked: 1, saved: 0.6, disliked: 0.8, seeds: 1 },
): DenseTerm[] {
  const terms: DenseTerm[] = [];
  const add = (signal: Signal['name'], weight: number, indices: number[], detail: string) => {
    const vector = meanVector(space, indices);
    if (vector) terms.push({ signal, weight, vector, detail });
  };
  add('feedback', weights.liked, history.liked, `similar to ${history.liked.length} item(s) you liked`);
  add('feedback', weights.saved, history.saved, `similar to ${history.saved.length} saved item(s)`);
  add('feedback', -weights.disliked, history.disliked, `similar to ${history.disliked.length} item(s) you disliked`);
  add('content', weights.seeds, history.seeds, 'similar to the item(s) you asked about');
  return terms;
}

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
const scratches = new WeakMap<Catalog, Float64Array>();

/** A zeroed array with a slot per catalogue item, reused across requests (callers zero what they touch). */
function scratchFor(catalog: Catalog): Float64Array {
  let scratch = scratches.get(catalog);
  if (!scratch) {
    scratch = new Float64Array(catalog.size);
    scratches.set(catalog, scratch);
  }
  return scratch;
}
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

interface Preferences {
  /** False when no preference or match term can apply (the per-item work is skipped). */
  active: boolean;
  table: ItemTable;
  likedColor: Uint8Array;
  dislikedColor: Uint8Array;
  queryColor: Uint8Array;
  dislikedMaterial: Uint8Array;
  anyDislikedMaterial: boolean;
  queryType: Set<number>;
  /** Gender ids that earn the gender bonus (the profile's and unisex), or undefined. */
  gender?: Set<number>;
  budgetMax?: number;
}

function flags(ids: Map<string, number>, values: readonly string[]): Uint8Array {
  const out = new Uint8Array(ids.size);
  for (const v of values) {
    const id = ids.get(v);
    if (id !== undefined) out[id] = 1;
  }
  return out;
}

function preferencesOf(catalog: Catalog, profile: Profile, query: ItemQuery): Preferences {
  const table = itemTable(catalog);
  const genderName = query.genders && query.genders.length > 0 ? undefined : profile.gender;
  const gender =
    genderName === undefined
      ? undefined
      : new Set([table.genderIds.get(genderName), table.genderIds.get('unisex')].filter((g) => g !== undefined));
  const p: Preferences = {
    active: true,
    table,
    likedColor: flags(table.colorIds, profile.likedColors),
    dislikedColor: flags(table.colorIds, profile.dislikedColors),
    queryColor: flags(table.colorIds, query.colors ?? []),
    dislikedMaterial: flags(table.materialIds, profile.dislikedMaterials),
    anyDislikedMaterial: profile.dislikedMaterials.some((m) => table.materialIds.has(m)),
    queryType: new Set((query.categories ?? []).map((t) => table.typeIds.get(t)).filter((t) => t !== undefined)),
    gender,
    budgetMax: query.priceMax === undefined ? profile.budgetMax : undefined,
  };
  p.active =
    p.likedColor.includes(1) ||
    p.dislikedColor.includes(1) ||
    p.queryColor.includes(1) ||
    p.anyDislikedMaterial ||
    p.queryType.size > 0 ||
    p.gender !== undefined ||
    p.budgetMax !== undefined;
  return p;
}

/** Preference and match terms of one item; pushes signals when `signals` is given. */
function preferenceScore(index: number, p: Preferences, signals?: Signal[]): number {
  if (!p.active) return 0;
  const w = PREFERENCE_WEIGHTS;
  const t = p.table;
  let preference = 0;
  let match = 0;
  const base = index * SLOTS;
  const main = t.colors[base];
  if (main >= 0) {
    if (p.likedColor[main]) preference += w.likedColor;
    if (p.queryColor[main]) match += w.queryColor;
  }
  for (let j = 0; j < SLOTS; j++) {
    const c = t.colors[base + j];
    if (c >= 0 && p.dislikedColor[c]) {
      preference += w.dislikedColor;
      break;
    }
  }
  if (p.anyDislikedMaterial) {
    for (let j = 0; j < SLOTS; j++) {
      const m = t.materials[base + j];
      if (m >= 0 && p.dislikedMaterial[m]) {
        preference += w.dislikedMaterial;
        break;
      }
    }
  }
  if (p.gender?.has(t.gender[index])) preference += w.gender;
  if (p.budgetMax !== undefined && t.price[index] > p.budgetMax) preference += w.overBudget;
  if (p.queryType.size > 0 && p.queryType.has(t.type[index])) match += w.queryType;
  if (signals) {
    if (preference !== 0) {
      signals.push({ name: 'preference', weight: preference, detail: 'your saved colours, gender, budget, materials' });
    }
    if (match !== 0) signals.push({ name: 'match', weight: match, detail: 'exact colour / type asked for' });
  }
  return preference + match;
}

function combinedQuery(dim: number, dense: readonly DenseTerm[]): Float32Array | undefined {
  if (dense.length === 0) return undefined;
  const q = new Float32Array(dim);
  for (const term of dense) for (let j = 0; j < dim; j++) q[j] += term.weight * term.vector[j];
  return q;
}

function dot(a: Float32Array, vectors: Float32Array, offset: number, dim: number): number {
  let s = 0;
  for (let j = 0; j < dim; j++) s += a[j] * vectors[offset + j];
  return s;
}

/**
 * Keeps the k best (score, index) pairs of a stream: a sorted buffer with binary insertion, O(n) for small k.
 */
class TopK {
  readonly scores: Float64Array;
  readonly indices: Int32Array;
  size = 0;
  constructor(readonly k: number) {
    this.scores = new Float64Array(k);
    this.indices = new Int32Array(k);
  }
  /** The score an item must beat to enter. */
  get threshold(): number {
    return this.size < this.k ? Number.NEGATIVE_INFINITY : this.scores[this.size - 1];
  }
  push(score: number, index: number): void {
    if (this.k === 0 || score <= this.threshold) return;
    let at = this.size < this.k ? this.size++ : this.size - 1;
    while (at > 0 && this.scores[at - 1] < score) {
      this.scores[at] = this.scores[at - 1];
      this.indices[at] = this.indices[at - 1];
      at--;
    }
    this.scores[at] = score;
    this.indices[at] = index;
  }
}

/**
 * Ranks the catalogue items that satisfy `request.query` (hard constraints always hold) for one user.
 * Items the user 👎'd are left out. Each result names the signals that contributed, with their weights.
 * @example
 * const top = rankWithSpace(catalog, space, request, historyTerms(space, historyOf(catalog, profile)));
 */
export function rankWithSpace(
  catalog: Catalog,
  space: ItemSpace,
  request: RecommendRequest,
  terms: UserTerms,
  history: History = historyOf(catalog, request.profile, request.seeds),
): ScoredItem[] {
  const k = Math.max(0, Math.floor(request.k));
  const candidates = catalog.match(request.query);
  const excluded = new Set(history.disliked);
  const preferences = preferencesOf(catalog, request.profile, request.query);
  const q = combinedQuery(space.dim, terms.dense);
  const { dim, vectors, prior } = space;
  const items = catalog.items;
  const top = new TopK(k);
  // sparse terms are spread into a reusable per-catalogue array, so the loop reads one number per candidate
  const extra = scratchFor(catalog);
  const touched: number[] = [];
  for (const term of terms.sparse) {
    for (const [index, value] of term.scores) {
      if (extra[index] === 0) touched.push(index);
      extra[index] += term.weight * value;
    }
  }
  const checkExcluded = excluded.size > 0;
  try {
    for (let c = 0; c < candidates.length; c++) {
      const index = candidates[c];
      if (checkExcluded && excluded.has(index)) continue;
      let score = prior[index] + extra[index] + preferenceScore(index, preferences);
      if (q) score += dot(q, vectors, index * dim, dim);
      top.push(score, index);
    }
  } finally {
    for (const index of touched) extra[index] = 0;
  }
  const out: ScoredItem[] = [];
  for (let r = 0; r < top.size; r++) {
    const index = top.indices[r];
    const signals: Signal[] = [];
    if (prior[index] !== 0) signals.push({ name: space.priorSignal, weight: prior[index] });
    for (const term of terms.dense) {
      const weight = term.weight * dot(term.vector, vectors, index * dim, dim);
      if (Math.abs(weight) > 1e-4) signals.push({ name: term.signal, weight, detail: term.detail });
    }
    for (const term of terms.sparse) {
      const value = term.scores.get(index);
      if (value) signals.push({ name: term.signal, weight: term.weight * value, detail: term.detail });
    }
    preferenceScore(index, preferences, signals);
    signals.sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight));
    out.push({ item: items[index], score: top.scores[r], signals });
  }
  return out;
}
