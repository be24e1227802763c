/**
 * Serving: scores the candidates that satisfy a query's hard constraints and keeps the top k, with the signals
 * that contributed. One dense pass (a dot product per candidate against one combined user vector) plus sparse
 * scores and cheap preference terms; no TensorFlow per request.
 */
import type {
  Catalog,
  FeedbackEntry,
  Item,
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

interface Preferences {
  /** False when no preference or match term can apply (the per-item work is skipped). */
  active: boolean;
  likedColors: Set<string>;
  dislikedColors: Set<string>;
  dislikedMaterials: Set<string>;
  gender?: Item['gender'];
  budgetMax?: number;
  queryColors: Set<string>;
  queryTypes: Set<string>;
}

function preferencesOf(profile: Profile, query: ItemQuery): Preferences {
  const p = {
    active: true,
    likedColors: new Set(profile.likedColors),
    dislikedColors: new Set(profile.dislikedColors),
    dislikedMaterials: new Set(profile.dislikedMaterials),
    gender: query.genders && query.genders.length > 0 ? undefined : profile.gender,
    budgetMax: query.priceMax === undefined ? profile.budgetMax : undefined,
    queryColors: new Set(query.colors ?? []),
    queryTypes: new Set(query.categories ?? []),
  };
  p.active =
    p.likedColors.size + p.dislikedColors.size + p.dislikedMaterials.size + p.queryColors.size + p.queryTypes.size >
      0 ||
    p.gender !== undefined ||
    p.budgetMax !== undefined;
  return p;
}

/** Preference and match terms of one item; pushes signals when `signals` is given. */
function preferenceScore(item: Item, p: Preferences, signals?: Signal[]): number {
  if (!p.active) return 0;
  const w = PREFERENCE_WEIGHTS;
  let preference = 0;
  let match = 0;
  const main = item.colors[0];
  if (main !== undefined) {
    if (p.likedColors.has(main)) preference += w.likedColor;
    if (p.queryColors.has(main)) match += w.queryColor;
  }
  for (const color of item.colors) {
    if (p.dislikedColors.has(color)) {
      preference += w.dislikedColor;
      break;
    }
  }
  if (p.dislikedMaterials.size > 0 && item.materials.some((m) => p.dislikedMaterials.has(m))) {
    preference += w.dislikedMaterial;
  }
  if (p.gender !== undefined && (item.gender === p.gender || item.gender === 'unisex')) preference += w.gender;
  if (p.budgetMax !== undefined && item.price !== undefined && item.price > p.budgetMax) preference += w.overBudget;
  if (p.queryTypes.has(item.articleType)) match += w.queryType;
  if (signals) {
    if (preference !== 0)
      signals.push({ name: 'preference', weight: preference, detail: 'your saved colours, gender, budget, materials' });
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
  const preferences = preferencesOf(request.profile, request.query);
  const q = combinedQuery(space.dim, terms.dense);
  const { dim, vectors, prior } = space;
  const items = catalog.items;
  const top = new TopK(k);
  for (let c = 0; c < candidates.length; c++) {
    const index = candidates[c];
    if (excluded.has(index)) continue;
    let score = prior[index] + preferenceScore(items[index], preferences);
    if (q) score += dot(q, vectors, index * dim, dim);
    for (const term of terms.sparse) score += term.weight * (term.scores.get(index) ?? 0);
    top.push(score, index);
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
    preferenceScore(items[index], preferences, signals);
    signals.sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight));
    out.push({ item: items[index], score: top.scores[r], signals });
  }
  return out;
}
