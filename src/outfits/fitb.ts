/**
 * Basket fill-in-the-blank (FITB): from real baskets (same customer, same day) hide one item and ask a scorer to pick
 * it among itself and distractors of the same product group, drawn in proportion to their purchase counts (so that a
 * popularity picker gains nothing from the draw). Pure functions over integer article ids; seeded.
 */
import type { Random } from '../types.ts';

/** One FITB question: the rest of the basket and the candidates, `answer` is the index of the hidden item. */
export interface FitbQuestion {
  context: number[];
  candidates: number[];
  answer: number;
}

/** Scores each candidate against the context; the highest wins (ties broken at random). */
export type FitbScorer = (candidates: readonly number[], context: readonly number[]) => ArrayLike<number>;

/** Options of `makeFitbQuestions`. */
export interface FitbOptions {
  /** Candidates per question including the answer (default 4). */
  choices?: number;
  /** Minimum number of distinct groups in a basket (default 2). */
  minGroups?: number;
  /** Stop after this many questions (default: one per eligible basket). */
  limit?: number;
}

/** Weighted sampler over the entities of one group (cumulative weights + binary search). */
interface GroupSampler {
  ids: number[];
  cumulative: Float64Array;
}

function buildSamplers(weights: ArrayLike<number>, groupOf: ArrayLike<number>): Map<number, GroupSampler> {
  const members = new Map<number, number[]>();
  for (let i = 0; i < weights.length; i++) {
    if (!((weights[i] ?? 0) > 0)) continue;
    const g = groupOf[i];
    if (g === undefined) throw new RangeError(`entity ${i} has a weight but no group`);
    const list = members.get(g);
    if (list) list.push(i);
    else members.set(g, [i]);
  }
  const samplers = new Map<number, GroupSampler>();
  for (const [g, ids] of members) {
    const cumulative = new Float64Array(ids.length);
    let sum = 0;
    // ids are entities with a positive weight: `?? 0` never applies
    ids.forEach((id, k) => {
      sum += weights[id] ?? 0;
      cumulative[k] = sum;
    });
    samplers.set(g, { ids, cumulative });
  }
  return samplers;
}

function draw(sampler: GroupSampler, random: Random): number {
  // samplers hold at least one id and `lo`, `mid` stay in range: the defaults never apply
  const total = sampler.cumulative.at(-1) ?? 0;
  const target = random.next() * total;
  let lo = 0;
  let hi = sampler.cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sampler.cumulative[mid] ?? 0) > target) hi = mid;
    else lo = mid + 1;
  }
  const id = sampler.ids[lo];
  if (id === undefined) throw new RangeError('draw from an empty sampler');
  return id;
}

function swap(values: number[], i: number, j: number): void {
  const a = values[i];
  const b = values[j];
  if (a === undefined || b === undefined) throw new RangeError(`swap out of range: ${i}, ${j}`);
  values[i] = b;
  values[j] = a;
}

/**
 * Builds FITB questions from baskets. A basket qualifies when its items span at least `minGroups` groups; one random
 * item is hidden; distractors come from the hidden item's group, drawn without replacement with probability
 * proportional to `weights` (purchase counts), never an item of the basket.
 * @example
 * const questions = makeFitbQuestions(baskets, counts, productGroup, seededRandom(7));
 */
export function makeFitbQuestions(
  baskets: readonly (readonly number[])[],
  weights: ArrayLike<number>,
  groupOf: ArrayLike<number>,
  random: Random,
  options: FitbOptions = {},
): FitbQuestion[] {
  const choices = options.choices ?? 4;
  const minGroups = options.minGroups ?? 2;
  const samplers = buildSamplers(weights, groupOf);
  const questions: FitbQuestion[] = [];
  for (const basket of baskets) {
    if (options.limit !== undefined && questions.length >= options.limit) break;
    if (new Set(basket.map((a) => groupOf[a])).size < minGroups) continue;
    const hiddenAt = Math.floor(random.next() * basket.length);
    const hidden = basket[hiddenAt];
    const group = hidden === undefined ? undefined : groupOf[hidden];
    const sampler = group === undefined ? undefined : samplers.get(group);
    if (hidden === undefined || !sampler) continue;
    const inBasket = new Set(basket);
    const eligible = sampler.ids.filter((id) => !inBasket.has(id)).length;
    if (eligible < choices - 1) continue;
    const distractors = new Set<number>();
    for (let tries = 0; distractors.size < choices - 1 && tries < 10_000; tries++) {
      const id = draw(sampler, random);
      if (!inBasket.has(id)) distractors.add(id);
    }
    if (distractors.size < choices - 1) continue;
    const candidates = [hidden, ...distractors];
    // Shuffle so that the answer's position carries no information.
    for (let i = candidates.length - 1; i > 0; i--) {
      const j = Math.floor(random.next() * (i + 1));
      swap(candidates, i, j);
    }
    questions.push({
      context: basket.filter((_, k) => k !== hiddenAt),
      candidates,
      answer: candidates.indexOf(hidden),
    });
  }
  return questions;
}

/**
 * Share of questions where the scorer's best candidate is the hidden item; ties are broken at random.
 * @example
 * fitbAccuracy(questions, (c) => c.map(() => 0), seededRandom(1)); // ≈ 1 / choices
 */
export function fitbAccuracy(questions: readonly FitbQuestion[], scorer: FitbScorer, random: Random): number {
  if (questions.length === 0) return 0;
  let correct = 0;
  for (const q of questions) {
    const scores = scorer(q.candidates, q.context);
    let best = -Infinity;
    let tied: number[] = [];
    for (let k = 0; k < q.candidates.length; k++) {
      const score = scores[k] ?? -Infinity;
      const s = Number.isFinite(score) ? score : -Infinity;
      if (s > best + 1e-12) {
        best = s;
        tied = [k];
      } else if (Math.abs(s - best) <= 1e-12) tied.push(k);
    }
    // no candidates, no pick: the question counts as missed
    const pick = tied[Math.floor(random.next() * tied.length)];
    if (pick === q.answer) correct++;
  }
  return correct / questions.length;
}

/** A scorer that knows nothing: every candidate ties. */
export const randomScorer: FitbScorer = (candidates) => new Float64Array(candidates.length);

/** A scorer that prefers the most purchased candidate (`counts` from the training days). */
export function popularityScorer(counts: ArrayLike<number>): FitbScorer {
  return (candidates) => Float64Array.from(candidates, (c) => counts[c] ?? 0);
}
