/**
 * The score of a look, built piece by piece: a partial look carries running sums (preference, pairwise compatibility,
 * colour pairs, formality range, season hits …) so that adding a piece costs O(pieces), and its score is the sum of
 * named parts that the explanation and the signals reuse.
 */
import { COLORS, colorFamily, colorsMatching } from '../catalog/taxonomy.ts';
import { isKnownStyle, type StyleAffinity } from '../ranking/style.ts';
import type { Item, OutfitRequest, Profile, ScoredItem, Signal } from '../types.ts';
import type { CompatibilityModel } from './compatibility.ts';
import type { HardConstraints } from './constraints.ts';
import { colorPairHarmony, formalityCoherence, isNeutral } from './rules.ts';

/** A piece a slot may take, with what scoring it needs. */
export interface Candidate {
  /** A number unique within one request (keys the pair cache). */
  key: number;
  item: Item;
  /** Preference in [0, 1] from the recommender's rank (plus trend). */
  preference: number;
  scored: ScoredItem;
  trend?: Signal;
  /** Affinity to the requested style, when one is requested. */
  style?: StyleAffinity;
}

/** A partial look in the beam, with the running sums its score is made of. */
export interface LookState {
  picks: Candidate[];
  price: number;
  preferenceSum: number;
  /** Sum of pairwise compatibilities (sigmoid of the model's log-odds). */
  compatSum: number;
  colorSum: number;
  colorPairs: number;
  /** Accent color families (non-neutral main colors). */
  accents: string[];
  minFormality: number;
  maxFormality: number;
  formalitySum: number;
  seasonHits: number;
  liked: boolean;
  optional: number;
  trendSum: number;
  styleSum: number;
  score: number;
}

/** The look with no piece yet. */
export const EMPTY_LOOK: Readonly<LookState> = {
  picks: [],
  price: 0,
  preferenceSum: 0,
  compatSum: 0,
  colorSum: 0,
  colorPairs: 0,
  accents: [],
  minFormality: Number.POSITIVE_INFINITY,
  maxFormality: Number.NEGATIVE_INFINITY,
  formalitySum: 0,
  seasonHits: 0,
  liked: false,
  optional: 0,
  trendSum: 0,
  styleSum: 0,
  score: 0,
};

/** Weights of the look score's parts (with and without a compatibility model). */
const WEIGHTS = {
  learned: { match: 0.25, compatibility: 0.3, color_harmony: 0.2, formality: 0.15, season: 0.05, preference: 0.05 },
  rules: { match: 0.3, compatibility: 0, color_harmony: 0.35, formality: 0.25, season: 0.05, preference: 0.05 },
} as const;
/** Bonus per optional piece (outer layer, accessory, bag) that makes the look more complete. */
const OPTIONAL_BONUS = 0.02;
/** Bonus for being under budget, scaled by the share of the budget left. */
const BUDGET_BONUS = 0.03;
/** Weight of the style part (mean affinity of the pieces to the style asked for), when a style is asked for. */
export const STYLE_WEIGHT = 0.1;
/**
 * Weight of a piece in the color the shopper asked for ("in blue"): far above a color the profile merely likes, so
 * that looks with one win the beam; looks without one are shown only when none can be made.
 */
const ASKED_COLOR_WEIGHT = 0.25;
/** Every color but the neutrals (and multicolor): what makes a look colorful. */
const ACCENT_COLORS: readonly string[] = COLORS.filter((color) => !isNeutral(color));

/** The soft wishes of one request: colors asked for or liked, and a style. */
export interface LookWishes {
  /** Colors the shopper asked for or likes (a soft preference). */
  liked: Set<string>;
  /** Whether `liked` holds colors asked for in this request (not only the profile's). */
  asked: boolean;
  /** The style asked for, when the composer knows its cues. */
  style?: string;
}

/**
 * The soft wishes of a request: the colors it asks for (else those the profile likes) and a known style.
 * @example
 * lookWishes({ colors: ['blue'], … }, profile).asked; // true
 */
export function lookWishes(request: OutfitRequest, profile: Profile): LookWishes {
  const askedColors = request.colors ?? [];
  const asked = askedColors.length > 0;
  // "More colorful" asks for multicolor, which few pieces are: for a look, any accent color answers it.
  const matching = (color: string) => (color === 'multi' ? ACCENT_COLORS : colorsMatching(color));
  return {
    liked: new Set(asked ? askedColors.flatMap(matching) : profile.likedColors),
    asked,
    style: isKnownStyle(request.style) ? request.style : undefined,
  };
}

/** Accessories and bags: the optional finishing pieces. */
export function isExtra(item: Item): boolean {
  return item.category === 'accessory' || item.category === 'bag';
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** Scores looks for one request: adds pieces to partial looks and sums the parts of their score. */
export class LookScorer {
  private readonly pairCache = new Map<number, number>();
  private readonly weights: (typeof WEIGHTS)[keyof typeof WEIGHTS];

  constructor(
    private readonly model: CompatibilityModel | undefined,
    private readonly constraints: HardConstraints,
    private readonly wishes: LookWishes,
    private readonly anchorId: string | undefined,
  ) {
    this.weights = model ? WEIGHTS.learned : WEIGHTS.rules;
  }

  /** The price a piece adds to a look (the anchor is the shopper's own or chosen piece: it adds nothing). */
  priceOf(item: Item): number {
    return item.id === this.anchorId ? 0 : (item.price ?? 0);
  }

  /** Mean pairwise compatibility of a look's pieces, when a model is loaded and the look has two or more. */
  compatibility(state: LookState): number | undefined {
    const n = state.picks.length;
    return this.model && n > 1 ? state.compatSum / ((n * (n - 1)) / 2) : undefined;
  }

  /** Sigmoid of the model's log-odds for a pair of pieces, computed once per pair and request. */
  private pair(model: CompatibilityModel, a: Candidate, b: Candidate): number {
    const key = a.key < b.key ? a.key * 1_000_003 + b.key : b.key * 1_000_003 + a.key;
    let value = this.pairCache.get(key);
    if (value === undefined) {
      value = sigmoid(model.pair(a.item, b.item));
      this.pairCache.set(key, value);
    }
    return value;
  }

  /** Adds a piece to a partial look's running sums and scores the result (O(pieces), no rescoring of the rest). */
  extend(state: LookState, candidate: Candidate): LookState {
    const item = candidate.item;
    let compatSum = state.compatSum;
    let colorSum = state.colorSum;
    let colorPairs = state.colorPairs;
    const color = item.colors[0];
    for (const other of state.picks) {
      if (this.model) compatSum += this.pair(this.model, candidate, other);
      const otherColor = other.item.colors[0];
      if (color !== undefined && otherColor !== undefined) {
        colorSum += colorPairHarmony(color, otherColor);
        colorPairs++;
      }
    }
    const accent = color !== undefined && !isNeutral(color) ? (colorFamily(color) ?? color) : undefined;
    const seasons = this.constraints.climate.seasons;
    const { liked, asked } = this.wishes;
    const next: LookState = {
      picks: [...state.picks, candidate],
      price: state.price + this.priceOf(item),
      preferenceSum: state.preferenceSum + candidate.preference,
      compatSum,
      colorSum,
      colorPairs,
      accents: accent && !state.accents.includes(accent) ? [...state.accents, accent] : state.accents,
      minFormality: Math.min(state.minFormality, item.formality),
      maxFormality: Math.max(state.maxFormality, item.formality),
      formalitySum: state.formalitySum + item.formality,
      seasonHits: state.seasonHits + (seasons && item.seasons.some((x) => seasons.includes(x)) ? 1 : 0),
      // A color asked for must be on a main piece: a red hair clip does not make an outfit red.
      liked: state.liked || (!(asked && isExtra(item)) && item.colors.some((c) => liked.has(c))),
      optional: state.optional + (item.category === 'outerwear' || isExtra(item) ? 1 : 0),
      trendSum: state.trendSum + (candidate.trend?.weight ?? 0),
      styleSum: state.styleSum + (candidate.style?.score ?? 0),
      score: 0,
    };
    next.score = Object.values(this.parts(next)).reduce((a, b) => a + b, 0);
    return next;
  }

  /** The parts of a (partial) look's score, which add up to the score. */
  parts(state: LookState): Record<string, number> {
    const { weights, constraints, wishes } = this;
    const n = state.picks.length;
    const parts: Record<string, number> = {};
    parts.match = weights.match * (state.preferenceSum / n);
    const compatibility = this.compatibility(state);
    if (compatibility !== undefined) parts.compatibility = weights.compatibility * compatibility;
    const harmony =
      state.colorPairs > 0 ? (state.colorSum / state.colorPairs) * (state.accents.length > 2 ? 0.6 : 1) : 1;
    parts.color_harmony = weights.color_harmony * harmony;
    const spread = state.maxFormality - state.minFormality;
    const target = constraints.occasion?.formality;
    parts.formality = weights.formality * formalityCoherence(spread, state.formalitySum / n, target);
    if (constraints.climate.seasons) parts.season = weights.season * (state.seasonHits / n);
    if (wishes.liked.size > 0) {
      parts.preference = state.liked ? (wishes.asked ? ASKED_COLOR_WEIGHT : weights.preference) : 0;
    }
    if (state.optional > 0) parts.completeness = OPTIONAL_BONUS * state.optional;
    const budget = constraints.budgetMax;
    if (budget !== undefined && budget > 0) parts.budget = BUDGET_BONUS * Math.max(0, 1 - state.price / budget);
    if (state.trendSum !== 0) parts.trend = state.trendSum / n;
    if (wishes.style) parts.style = STYLE_WEIGHT * (state.styleSum / n);
    return parts;
  }
}
