/**
 * Scoring over item spaces: scans the candidates that satisfy a query's hard constraints and keeps the top k, with
 * the signals that contributed. One dense pass (a dot product per candidate against one combined user vector,
 * skipped when a bound shows the item cannot enter the top) plus cheap preference terms; no TensorFlow per request.
 * The baseline ranks with it; the hybrid model uses its scan to add content-similar items to the ranker's candidates.
 */

import { latestVotes } from '../../src/ranking/votes.ts';
import type { Catalog, ItemQuery, Profile, RecommendRequest, ScoredItem, Signal } from '../../src/types.ts';
import { normalise } from './content.ts';
import { rotateToPrincipal } from './principal.ts';

/** Item vectors of a whole catalogue (row i = `catalog.items[i]`), L2-normalised, plus a static prior score. */
export interface ItemSpace {
  readonly dim: number;
  readonly vectors: Float32Array;
  /** Static score per item (already weighted), e.g. popularity. */
  readonly prior: Float32Array;
  /** The signal the prior stands for. */
  readonly priorSignal: Signal['name'];
  /**
   * When the vectors are rotated onto their principal axes (`principalSpace`): per item, the norm of its
   * coordinates from `head` on, which bounds the dot product's tail.
   */
  readonly tail?: Float32Array;
  readonly head?: number;
  /** The first `head` coordinates of every vector, packed (count × head), so the scan streams through memory. */
  readonly heads?: Float32Array;
}

/** Coordinates a scan reads before it bounds the rest of a dot product. */
export const SCAN_HEAD = 8;

/**
 * The same space with its vectors rotated onto their principal axes (dot products unchanged), so scans can skip
 * most full dot products.
 * @example
 * const space = principalSpace(contentSpace(catalog));
 */
export function principalSpace(space: ItemSpace, head = SCAN_HEAD): ItemSpace {
  const { vectors, tail } = rotateToPrincipal(space.vectors, space.dim, head);
  const count = tail.length;
  const heads = new Float32Array(count * head);
  for (let i = 0; i < count; i++) heads.set(vectors.subarray(i * space.dim, i * space.dim + head), i * head);
  return { ...space, vectors, tail, head, heads };
}

/** A user-side term scored by a dot product with item vectors. */
export interface DenseTerm {
  signal: Signal['name'];
  weight: number;
  vector: Float32Array;
  detail: string;
}

/** What the ranker knows about the user for one request. */
export interface UserTerms {
  dense: DenseTerm[];
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
  const latest = latestVotes(profile.feedback);
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
    for (let j = 0; j < dim; j++) out[j] = (out[j] ?? 0) + w * (vectors[offset + j] ?? 0);
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

function combinedQuery(dim: number, dense: readonly DenseTerm[]): Float32Array | undefined {
  if (dense.length === 0) return undefined;
  const q = new Float32Array(dim);
  for (const term of dense) for (let j = 0; j < dim; j++) q[j] = (q[j] ?? 0) + term.weight * (term.vector[j] ?? 0);
  return q;
}

/**
 * Dot product of `a` with the row of `vectors` at `offset`, over coordinates `[from, dim)` (four lanes: fewer
 * dependent additions per step).
 * @example
 * dot(q, space.vectors, index * space.dim, space.dim);
 */
export function dot(a: Float32Array, vectors: Float32Array, offset: number, dim: number, from = 0): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let j = from;
  for (; j + 3 < dim; j += 4) {
    s0 += (a[j] ?? 0) * (vectors[offset + j] ?? 0);
    s1 += (a[j + 1] ?? 0) * (vectors[offset + j + 1] ?? 0);
    s2 += (a[j + 2] ?? 0) * (vectors[offset + j + 2] ?? 0);
    s3 += (a[j + 3] ?? 0) * (vectors[offset + j + 3] ?? 0);
  }
  for (; j < dim; j++) s0 += (a[j] ?? 0) * (vectors[offset + j] ?? 0);
  return s0 + s1 + s2 + s3;
}

/**
 * Keeps the k best (score, index) pairs of a stream: a sorted buffer with binary insertion, O(n) for small k.
 */
export class TopK {
  readonly scores: Float64Array;
  readonly indices: Int32Array;
  size = 0;
  constructor(readonly k: number) {
    this.scores = new Float64Array(k);
    this.indices = new Int32Array(k);
  }
  /** The score an item must beat to enter. */
  get threshold(): number {
    return this.size < this.k ? Number.NEGATIVE_INFINITY : (this.scores[this.size - 1] ?? Number.NEGATIVE_INFINITY);
  }
  push(score: number, index: number): void {
    if (this.k === 0 || score <= this.threshold) return;
    let at = this.size < this.k ? this.size++ : this.size - 1;
    while (at > 0) {
      const before = this.scores[at - 1] ?? Number.POSITIVE_INFINITY;
      if (before >= score) break;
      this.scores[at] = before;
      this.indices[at] = this.indices[at - 1] ?? -1;
      at--;
    }
    this.scores[at] = score;
    this.indices[at] = index;
  }
}

/**
 * The `n` best items among `candidates` by prior + preference terms + the dense user vector, skipping
 * `excluded`. Visits every candidate, but computes the dot product only when the item could still enter the top:
 * item vectors are unit length, so the dense part is at most the user vector's norm; in a principal space the head
 * of the product plus |q tail| · |v tail| bounds it more tightly.
 * @example
 * const top = scanTop(space, catalog.match(query), terms, new Set(), preferences, 24);
 */
export function scanTop(
  space: ItemSpace,
  candidates: ArrayLike<number>,
  terms: UserTerms,
  excluded: ReadonlySet<number>,
  preferences: Preferences,
  n: number,
): TopK {
  const q = combinedQuery(space.dim, terms.dense);
  const { dim, vectors, prior } = space;
  const top = new TopK(n);
  let bound = 0;
  let qTail = 0;
  const { tail, heads } = space;
  const head = tail && heads ? (space.head ?? 0) : 0;
  if (q) {
    for (let j = 0; j < dim; j++) bound += (q[j] ?? 0) ** 2;
    for (let j = head; j < dim; j++) qTail += (q[j] ?? 0) ** 2;
    bound = Math.sqrt(bound) * (1 + 1e-4) + 1e-6;
    qTail = Math.sqrt(qTail) * (1 + 1e-4) + 1e-6;
  }
  const checkExcluded = excluded.size > 0;
  const checkPreferences = preferences.active;
  const preferenceBound = checkPreferences ? preferences.bound : 0;
  // the user vector's head in locals (the common 8-coordinate head is unrolled)
  const [q0 = 0, q1 = 0, q2 = 0, q3 = 0, q4 = 0, q5 = 0, q6 = 0, q7 = 0] = q ?? [];
  let threshold = top.threshold;
  const visit = (index: number) => {
    let score = prior[index] ?? 0;
    if (q && tail && heads) {
      // the head of the dot product, then the exact preferences, with a bound on the rest, decide whether to go on
      const at = index * head;
      if (head === 8)
        score +=
          q0 * (heads[at] ?? 0) +
          q1 * (heads[at + 1] ?? 0) +
          q2 * (heads[at + 2] ?? 0) +
          q3 * (heads[at + 3] ?? 0) +
          q4 * (heads[at + 4] ?? 0) +
          q5 * (heads[at + 5] ?? 0) +
          q6 * (heads[at + 6] ?? 0) +
          q7 * (heads[at + 7] ?? 0);
      else for (let j = 0; j < head; j++) score += (q[j] ?? 0) * (heads[at + j] ?? 0);
      const rest = qTail * (tail[index] ?? 0);
      if (score + rest + preferenceBound <= threshold) return;
      if (checkPreferences) {
        score += preferenceScore(index, preferences);
        if (score + rest <= threshold) return;
      }
      score += dot(q, vectors, index * dim, dim, head);
    } else {
      if (checkPreferences) score += preferenceScore(index, preferences);
      if (q) {
        if (score + bound <= threshold) return;
        score += dot(q, vectors, index * dim, dim);
      }
    }
    if (score <= threshold || (checkExcluded && excluded.has(index))) return;
    top.push(score, index);
    threshold = top.threshold;
  };
  for (let c = 0; c < candidates.length; c++) {
    const index = candidates[c];
    if (index !== undefined) visit(index);
  }
  return top;
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
  const preferences = preferencesOf(catalog, request.profile, request.query);
  const top = scanTop(space, catalog.match(request.query), terms, new Set(history.disliked), preferences, k);
  const { dim, vectors, prior } = space;
  const items = catalog.items;
  const out: ScoredItem[] = [];
  for (let r = 0; r < top.size; r++) {
    const index = top.indices[r] ?? -1;
    const item = items[index];
    if (!item) continue;
    const signals: Signal[] = [];
    const itemPrior = prior[index] ?? 0;
    if (itemPrior !== 0) signals.push({ name: space.priorSignal, weight: itemPrior });
    for (const term of terms.dense) {
      const weight = term.weight * dot(term.vector, vectors, index * dim, dim);
      if (Math.abs(weight) > 1e-4) signals.push({ name: term.signal, weight, detail: term.detail });
    }
    preferenceScore(index, preferences, signals);
    signals.sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight));
    out.push({ item, score: top.scores[r] ?? 0, signals });
  }
  return out;
}
