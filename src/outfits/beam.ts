/**
 * Beam search over a template's slots: each step adds one slot's candidates to the best partial looks kept so far,
 * taking the kept looks in turns by their main piece so that one dress does not fill the beam in every variation.
 * Complete looks are re-checked against every hard constraint before they are returned.
 */
import type { Item } from '../types.ts';
import { type HardConstraints, outfitViolations } from './constraints.ts';
import { type Candidate, EMPTY_LOOK, type LookScorer, type LookState } from './look-score.ts';
import { outfitHarmony } from './rules.ts';
import type { Slot, Template } from './templates.ts';

/** A slot of a template with the candidates that may fill it. */
export interface SlotCandidates {
  slot: Slot;
  candidates: Candidate[];
  /** Cheapest price among the candidates (budget pruning). */
  cheapest: number;
}

/** A complete look with the parts of its score and what its explanation needs. */
export interface Composed {
  template: string;
  picks: Candidate[];
  score: number;
  parts: Record<string, number>;
  harmony: ReturnType<typeof outfitHarmony>;
  compatibility?: number;
  formalitySpread: number;
}

/** The pieces of a look. */
export function itemsOf(look: { picks: readonly Candidate[] }): Item[] {
  return look.picks.map((p) => p.item);
}

/**
 * Keeps the best partial looks, taking them in turns by their main piece (the first one) so that the beam does not
 * fill up with one dress or one top in every variation.
 */
function diverseBeam(states: LookState[], width: number): LookState[] {
  states.sort((a, b) => b.score - a.score);
  const groups = new Map<string, LookState[]>();
  for (const state of states) {
    const key = state.picks[0]?.item.id ?? '';
    const group = groups.get(key);
    if (group) group.push(state);
    else groups.set(key, [state]);
  }
  const out: LookState[] = [];
  for (let round = 0; out.length < width; round++) {
    let added = false;
    for (const group of groups.values()) {
      const state = group[round];
      if (state && out.length < width) {
        out.push(state);
        added = true;
      }
    }
    if (!added) break;
  }
  return out;
}

/** A finished look with the parts of its score and what the explanation needs. */
function finish(scorer: LookScorer, template: Template, state: LookState): Composed {
  return {
    template: template.name,
    picks: state.picks,
    score: state.score,
    parts: scorer.parts(state),
    harmony: outfitHarmony(state.picks.map((p) => p.item.colors)),
    compatibility: scorer.compatibility(state),
    formalitySpread: state.maxFormality - state.minFormality,
  };
}

/**
 * Beam search over the template's slots (required ones first); returns complete looks that meet every constraint.
 * @example
 * searchLooks(scorer, constraints, template, slots, 10).length; // ≤ 20
 */
export function searchLooks(
  scorer: LookScorer,
  constraints: HardConstraints,
  template: Template,
  slots: readonly SlotCandidates[],
  beamWidth: number,
): Composed[] {
  const budget = constraints.budgetMax;
  // What the required slots after each step cost at least: a look that cannot afford them is dropped early.
  const requiredAfter = slots.map((_, s) =>
    slots.slice(s + 1).reduce((sum, next) => sum + (next.slot.optional ? 0 : next.cheapest), 0),
  );
  let beam: LookState[] = [EMPTY_LOOK];
  slots.forEach(({ slot, candidates }, s) => {
    const next: LookState[] = slot.optional ? [...beam] : [];
    const floor = requiredAfter[s] ?? 0;
    for (const state of beam) {
      for (const candidate of candidates) {
        if (state.picks.some((p) => p.item.id === candidate.item.id)) continue;
        const price = state.price + scorer.priceOf(candidate.item);
        if (budget !== undefined && price + floor > budget + 1e-9) continue;
        next.push(scorer.extend(state, candidate));
      }
    }
    beam = diverseBeam(next, s === slots.length - 1 ? beamWidth * 2 : beamWidth);
  });
  return beam
    .filter((state) => state.picks.length > 0 && outfitViolations(itemsOf(state), constraints).length === 0)
    .map((state) => finish(scorer, template, state));
}
