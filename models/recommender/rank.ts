/**
 * Scoring over item spaces: scans the candidates that satisfy a query's hard constraints and keeps the top k, with
 * the signals that contributed. One dense pass (a dot product per candidate against one combined user vector,
 * skipped when a bound shows the item cannot enter the top) plus cheap preference terms; no TensorFlow per request.
 * The baseline ranks with it; the hybrid model uses its scan to add content-similar items to the ranker's candidates.
 */

import type { Catalog, RecommendRequest, ScoredItem, Signal } from '../../src/types.ts';
import { dot, type ItemSpace } from './item-space.ts';
import { type Preferences, preferenceScore, preferencesOf } from './preferences.ts';
import { type DenseTerm, type History, historyOf, type UserTerms } from './session-history.ts';

function combinedQuery(dim: number, dense: readonly DenseTerm[]): Float32Array | undefined {
  if (dense.length === 0) return undefined;
  const q = new Float32Array(dim);
  for (const term of dense) for (let j = 0; j < dim; j++) q[j] = (q[j] ?? 0) + term.weight * (term.vector[j] ?? 0);
  return q;
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
