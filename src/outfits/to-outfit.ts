/**
 * The public form of a composed look: its pieces with their own signals, the signals of the look's score parts in
 * words a shopper reads, and a one-sentence explanation.
 */
import { styleSignal } from '../ranking/style.ts';
import type { Item, Outfit, Signal } from '../types.ts';
import type { Composed } from './beam.ts';
import { type HardConstraints, outfitPrice } from './constraints.ts';
import { explainOutfit, HARMONY_WORDS, occasionPhrase } from './explain.ts';
import { type LookWishes, STYLE_WEIGHT } from './look-score.ts';
import { round } from './select.ts';

/** What the public form of a look needs from its request. */
export interface OutfitContext {
  constraints: HardConstraints;
  wishes: LookWishes;
  anchor?: Item;
}

/** The style cues the look's pieces show. */
function styleCuesOf(composed: Composed): string[] {
  return [...new Set(composed.picks.flatMap((pick) => (pick.style && pick.style.score > 0 ? pick.style.cues : [])))];
}

/** The look's signals: one per part of its score, in words, then its difference from the looks before it. */
function lookSignals(composed: Composed, diversity: number, context: OutfitContext, total: number): Signal[] {
  const { constraints, wishes, anchor } = context;
  const signals: Signal[] = [];
  const add = (name: Signal['name'], weight: number | undefined, detail: string) => {
    if (weight !== undefined) signals.push({ name, weight: round(weight), detail });
  };
  const p = composed.parts;
  add('match', p.match, 'each piece ranks high for your request');
  if (composed.compatibility !== undefined) {
    const words = composed.compatibility >= 0.5 ? 'pieces shoppers buy together' : 'pieces that combine well';
    add('compatibility', p.compatibility, words);
  }
  add('color_harmony', p.color_harmony, HARMONY_WORDS[composed.harmony.kind]);
  const formality = constraints.occasion
    ? `the right level of formality for ${occasionPhrase(constraints.occasion.name)}`
    : 'pieces at one level of formality';
  add('formality', p.formality, formality);
  const seasons = constraints.climate.seasons;
  if (p.season !== undefined && seasons) add('season', p.season, `made for ${seasons.join('/')}`);
  if (p.preference !== undefined) {
    add('preference', p.preference, wishes.asked ? 'in the colour you asked for' : 'in a colour you like');
  }
  add('match', p.completeness, 'a finishing piece (outer layer, accessory or bag)');
  add('budget', p.budget, `€${total.toFixed(2)} in total, within €${constraints.budgetMax}`);
  add('trend', p.trend, 'trending pieces');
  if (wishes.style && p.style !== undefined) {
    add('style', p.style, `${wishes.style}: ${styleCuesOf(composed).slice(0, 4).join(', ') || 'no clear cues'}`);
  }
  if (anchor) add('anchor', 0, `built around ${anchor.id}`);
  add('diversity', diversity, 'difference from the outfits listed before it (not part of the score)');
  return signals;
}

/**
 * The public outfit: pieces, score, signals and explanation.
 * @example
 * toOutfit(composed, 0.8, { constraints, wishes, anchor }).explanation; // 'A navy blazer …'
 */
export function toOutfit(composed: Composed, diversity: number, context: OutfitContext): Outfit {
  const { constraints, wishes, anchor } = context;
  const items = composed.picks.map((p) => p.item);
  const total = outfitPrice(items, anchor?.id);
  const style = wishes.style;
  const styleCues = styleCuesOf(composed);
  const priced = items.every((i) => i.price !== undefined || i.id === anchor?.id);
  return {
    items: composed.picks.map((pick) => ({
      item: pick.item,
      score: round(pick.preference),
      signals: [
        ...pick.scored.signals,
        ...(pick.trend ? [pick.trend] : []),
        ...(style && pick.style && pick.style.score > 0
          ? [styleSignal(style, round(STYLE_WEIGHT * pick.style.score), pick.style.cues)]
          : []),
      ],
    })),
    score: round(composed.score),
    signals: lookSignals(composed, diversity, context, total),
    explanation: explainOutfit({
      items,
      occasion: constraints.occasion?.name,
      climate: constraints.climate.label,
      harmony: composed.harmony,
      compatibility: composed.compatibility,
      formalitySpread: composed.formalitySpread,
      total: priced ? total : undefined,
      budgetMax: constraints.budgetMax,
      anchor,
      trend: composed.picks.find((pick) => (pick.trend?.weight ?? 0) > 0)?.trend,
      style: style && styleCues.length > 0 ? { name: style, cues: styleCues } : undefined,
    }),
  };
}
