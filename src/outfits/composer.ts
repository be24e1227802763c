/**
 * The outfit composer: templates by department and occasion, candidates per slot from the recommender, a beam search
 * over slot combinations scored by learned co-purchase compatibility (when a model is loaded), colour harmony,
 * formality and season rules, and maximal marginal relevance so the suggestions differ. Hard constraints are filters
 * and are re-checked on every outfit before it is returned.
 */

import { ARTICLE_TYPE_INFO, COLORS, colorFamily, colorsMatching, USAGE_FORMALITY } from '../catalog/taxonomy.ts';
import { productKey } from '../catalog/variants.ts';
import { isKnownStyle, STYLE_RERANK_WEIGHT, type StyleAffinity, styleAffinity, styleSignal } from '../ranking/style.ts';
import type {
  Catalog,
  Category,
  Gender,
  Item,
  ItemQuery,
  Outfit,
  OutfitComposer,
  OutfitRequest,
  Profile,
  Recommender,
  ScoredItem,
  Signal,
} from '../types.ts';
import type { CompatibilityModel } from './compatibility.ts';
import {
  type HardConstraints,
  hardConstraints,
  itemViolations,
  outfitPrice,
  outfitViolations,
  PIECE_TOLERANCE,
} from './constraints.ts';
import { explainOutfit, HARMONY_WORDS, occasionPhrase } from './explain.ts';
import { colorPairHarmony, formalityCoherence, isNeutral, outfitHarmony } from './rules.ts';
import { type Slot, type Template, templatesFor } from './templates.ts';
import { dither, varietySeed } from './variety.ts';

/** Options of `createComposer`. */
export interface ComposerOptions {
  /** The learned co-purchase compatibility; without it the composer uses rules only. */
  compatibility?: CompatibilityModel;
  /** A trend signal per item (e.g. from the trend predictor); its weight is added to the piece's preference. */
  trendBoost?: (item: Item) => Signal | undefined;
  /** Recommender candidates kept per required slot (default 12; optional slots get half). */
  candidatesPerSlot?: number;
  /** Partial outfits kept at each step of the beam search (default 10). */
  beamWidth?: number;
  /** MMR trade-off between quality (1) and difference from the outfits already chosen (0); default 0.6. */
  lambda?: number;
  /**
   * Spread of the per-shopper dithering of each slot's ranked candidates (0 keeps the recommender's order); default
   * `VARIETY_SPREAD`.
   */
  variety?: number;
}

/** Weights of the outfit score's parts (with and without a compatibility model). */
const WEIGHTS = {
  learned: { match: 0.25, compatibility: 0.3, color_harmony: 0.2, formality: 0.15, season: 0.05, preference: 0.05 },
  rules: { match: 0.3, compatibility: 0, color_harmony: 0.35, formality: 0.25, season: 0.05, preference: 0.05 },
} as const;
/** Bonus per optional piece (outer layer, accessory, bag) that makes the outfit more complete. */
const OPTIONAL_BONUS = 0.02;
/** Bonus for being under budget, scaled by the share of the budget left. */
const BUDGET_BONUS = 0.03;
/** Weight of the style part (mean affinity of the pieces to the style asked for), when a style is asked for. */
const STYLE_WEIGHT = 0.1;
/**
 * Weight of a piece in the colour the shopper asked for ("in blue"): far above a colour the profile merely likes, so
 * that looks with one win the beam; looks without one are shown only when none can be made.
 */
const ASKED_COLOUR_WEIGHT = 0.25;
/** Every colour but the neutrals (and multicolour): what makes a look colourful. */
const ACCENT_COLORS: readonly string[] = COLORS.filter((color) => !isNeutral(color));
/** How many pieces in the asked colour each slot's candidates hold at least (when the catalogue has them). */
const ASKED_COLOUR_CANDIDATES = 4;
/** Cap of a trend boost per piece. */
const TREND_CAP = 0.1;
/** The per-role pool is this many times the per-slot candidates (slots then take the types they accept). */
const POOL_FACTOR = 4;
/** A slot with fewer pooled candidates than this gets its own recommender call. */
const MIN_PER_SLOT = 4;
/** Most outfits one request may ask for. */
const MAX_K = 10;
/** Default spread of the dithering that gives shoppers who ask alike different pieces (see `variety.ts`). */
const VARIETY_SPREAD = 2;
/** Dithering draws each slot's candidates from this many times as many ranked pieces. */
const VARIETY_DEPTH = 4;

interface Candidate {
  key: number;
  item: Item;
  /** Preference in [0, 1] from the recommender's rank (plus trend). */
  preference: number;
  scored: ScoredItem;
  trend?: Signal;
  /** Affinity to the requested style, when one is requested. */
  style?: StyleAffinity;
}

interface SlotCandidates {
  slot: Slot;
  candidates: Candidate[];
  /** Cheapest price among the candidates (budget pruning). */
  cheapest: number;
}

/** A partial outfit in the beam, with the running sums its score is made of. */
interface Partial {
  picks: Candidate[];
  price: number;
  preferenceSum: number;
  /** Sum of pairwise compatibilities (sigmoid of the model's log-odds). */
  compatSum: number;
  colorSum: number;
  colorPairs: number;
  /** Accent colour families (non-neutral main colours). */
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

const EMPTY: Partial = {
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

interface Composed {
  template: string;
  picks: Candidate[];
  score: number;
  parts: Record<string, number>;
  harmony: ReturnType<typeof outfitHarmony>;
  compatibility?: number;
  formalitySpread: number;
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/**
 * Creates a composer over a catalogue and a recommender. Works without a trained model (rules only).
 * @example
 * const composer = createComposer(catalog, createBaselineRecommender(catalog));
 * composer.compose({ gender: 'women', occasion: 'work', excludeColors: [], excludeMaterials: [], k: 3 }, profile);
 */
export function createComposer(
  catalog: Catalog,
  recommender: Recommender,
  options: ComposerOptions = {},
): OutfitComposer {
  const model = options.compatibility;
  const perSlot = options.candidatesPerSlot ?? 12;
  const beamWidth = options.beamWidth ?? 10;
  const lambda = options.lambda ?? 0.6;
  const spread = options.variety ?? VARIETY_SPREAD;
  const weights = model ? WEIGHTS.learned : WEIGHTS.rules;

  function compose(request: OutfitRequest, profile: Profile): Outfit[] {
    const k = Math.min(MAX_K, Math.max(0, Math.floor(request.k ?? 3)));
    if (k === 0) return [];
    const constraints = hardConstraints(request, profile);
    const anchor = request.anchorItemId ? catalog.get(request.anchorItemId) : undefined;
    if (request.anchorItemId && !anchor) return [];
    const departments: Gender[] = constraints.department
      ? [constraints.department]
      : anchor && anchor.gender !== 'unisex'
        ? [anchor.gender]
        : ['women', 'men'];
    const templates = departments.map((department) => ({
      department,
      templates: templatesFor(department, constraints.occasion?.name),
    }));
    // One recommender call per department and role, over every article type any template wants for that role.
    const roleTypes = new Map<string, string[]>();
    for (const { department, templates: list } of templates) {
      for (const slot of list.flatMap((t) => t.slots)) {
        const key = `${department}|${slot.role}`;
        roleTypes.set(key, [...new Set([...(roleTypes.get(key) ?? []), ...slot.types])]);
      }
    }
    const context = new ComposeContext(request, profile, constraints, anchor, roleTypes);
    const slotsByTemplate = templates.flatMap(({ department, templates: list }) =>
      list.flatMap((template) => {
        const slots = context.slotsFor(template, department);
        return slots ? [{ template, slots }] : [];
      }),
    );
    /** Every look the templates make from candidates other than `used` pieces (the anchor always allowed). */
    const looks = (used: ReadonlySet<string>): Composed[] => {
      const composed: Composed[] = [];
      for (const { template, slots } of slotsByTemplate) {
        const left = slots.map((s) => ({
          ...s,
          candidates: s.candidates.filter((c) => c.item.id === anchor?.id || !used.has(productKey(c.item))),
        }));
        if (left.some((s) => s.candidates.length === 0 && !s.slot.optional)) continue;
        composed.push(
          ...context.search(
            template,
            left.filter((s) => s.candidates.length > 0),
          ),
        );
      }
      // Asked for a colour: only looks with a piece in it, unless none can be made.
      const inColour = context.asked ? composed.filter((outfit) => outfit.parts.preference! > 0) : [];
      return inColour.length > 0 ? inColour : composed;
    };
    const chosen = selectDiverse(looks(new Set()), k, lambda, anchor?.id);
    // When the candidates could not make k looks without repeating a piece, search again without the pieces of the
    // looks already taken, one look at a time (one answer never shows a piece twice, the anchor aside).
    const firstRepeat = chosen.findIndex((c, i) => i > 0 && sharesPiece(c.outfit, chosen.slice(0, i), anchor?.id));
    if (firstRepeat > 0) {
      chosen.length = firstRepeat;
      while (chosen.length < k) {
        const used = new Set(chosen.flatMap((c) => c.outfit.picks.map((p) => productKey(p.item))));
        const [next] = selectDiverse(looks(used), 1, lambda, anchor?.id);
        if (!next) break;
        chosen.push(next);
      }
    }
    return chosen.map(({ outfit, diversity }) => context.toOutfit(outfit, diversity));
  }

  /** Per-request state: candidate lists and pair scores are computed once per request. */
  class ComposeContext {
    private readonly slotCache = new Map<string, Candidate[]>();
    private readonly pairCache = new Map<number, number>();
    private nextKey = 0;
    private readonly anchorCandidate?: Candidate;
    /** Seeds the dithering of candidates: one shopper's looks differ from another's. */
    private readonly seed: number;
    /** Colours the user asked for or likes (a soft preference). */
    readonly liked: Set<string>;
    /** Whether `liked` holds colours asked for in this request (not only the profile's). */
    readonly asked: boolean;
    /** The style asked for (a soft preference), when the composer knows its cues. */
    readonly style?: string;

    constructor(
      readonly request: OutfitRequest,
      readonly profile: Profile,
      readonly constraints: HardConstraints,
      readonly anchor: Item | undefined,
      private readonly roleTypes: ReadonlyMap<string, readonly string[]>,
    ) {
      this.seed = varietySeed(profile);
      this.asked = (request.colors?.length ?? 0) > 0;
      // "More colourful" asks for multicolour, which few pieces are: for a look, any accent colour answers it.
      const asked = (color: string) => (color === 'multi' ? ACCENT_COLORS : colorsMatching(color));
      this.liked = new Set(this.asked ? request.colors!.flatMap(asked) : profile.likedColors);
      if (isKnownStyle(request.style)) this.style = request.style;
      if (anchor) {
        this.anchorCandidate = {
          key: this.nextKey++,
          item: anchor,
          preference: 1,
          scored: { item: anchor, score: 1, signals: [{ name: 'anchor', weight: 1, detail: 'your piece' }] },
        };
      }
    }

    /** The template's slots with their candidates, or undefined when a required slot cannot be filled. */
    slotsFor(template: Template, department: Gender): SlotCandidates[] | undefined {
      const { climate } = this.constraints;
      let anchorPlaced = !this.anchor;
      const out: SlotCandidates[] = [];
      for (const templateSlot of template.slots) {
        let slot = templateSlot;
        const anchorFits = !anchorPlaced && this.anchor !== undefined && slot.types.includes(this.anchor.articleType);
        if (slot.role === 'outerwear' && !anchorFits) {
          if (!climate.outerwearSuggested) continue;
          if (climate.outerwearRequired) slot = { ...slot, optional: false };
        }
        let candidates: Candidate[];
        if (anchorFits) {
          anchorPlaced = true;
          slot = { ...slot, optional: false };
          candidates = [this.anchorCandidate!];
        } else {
          candidates = this.candidates(slot, department);
        }
        if (candidates.length === 0) {
          if (slot.optional) continue;
          return undefined;
        }
        const cheapest = Math.min(...candidates.map((c) => (c.item.id === this.anchor?.id ? 0 : (c.item.price ?? 0))));
        out.push({ slot, candidates, cheapest });
      }
      if (!anchorPlaced) return undefined;
      if (climate.outerwearRequired && !out.some((s) => s.slot.role === 'outerwear')) return undefined;
      // Required slots first, optional ones last (so the beam can skip them).
      return out.sort((a, b) => Number(a.slot.optional ?? false) - Number(b.slot.optional ?? false));
    }

    /** Ranked candidates of a slot that meet every hard constraint. */
    private candidates(slot: Slot, department: Gender): Candidate[] {
      const wanted = slot.optional ? Math.max(4, perSlot >> 1) : perSlot;
      const roleTypes = this.roleTypes.get(`${department}|${slot.role}`) ?? slot.types;
      const pool = this.retrieve(roleTypes, department, POOL_FACTOR * perSlot);
      let fits = this.byStyle(pool.filter((c) => slot.types.includes(c.item.articleType))).slice(0, wanted);
      if (fits.length < Math.min(wanted, MIN_PER_SLOT) && roleTypes.length !== slot.types.length) {
        fits = this.byStyle(this.retrieve(slot.types, department, wanted));
      }
      return this.asked ? [...fits, ...this.inAskedColour(slot.types, department, fits)] : fits;
    }

    /** Ranked candidates moved up by their affinity to the requested style (rank-based; unchanged without one). */
    private byStyle(ranked: Candidate[]): Candidate[] {
      if (!this.style) return ranked;
      const n = Math.max(1, ranked.length);
      return ranked
        .map((c, rank) => ({ c, order: 1 - rank / n + STYLE_RERANK_WEIGHT * (c.style?.score ?? 0) }))
        .sort((a, b) => b.order - a.order)
        .map(({ c }) => c);
    }

    /**
     * The recommender's best pieces of some article types that meet every hard constraint (cached per request), plus
     * a few of the cheapest when a budget is set and the ranked ones are all dear.
     */
    private retrieve(types: readonly string[], department: Gender, wanted: number): Candidate[] {
      const cacheKey = `${department}|${wanted}|${types.join(',')}`;
      const cached = this.slotCache.get(cacheKey);
      if (cached) return cached;
      const c = this.constraints;
      const query = this.queryFor(types, department);
      if (!query) return [];
      // Hard filters the query cannot express (formality, sizes) may reject many: widen if they do. A longer top-k
      // starts with the shorter one, so starting short changes nothing but the work of ranking (and explaining) more.
      // Dithering picks the `wanted` pieces from a deeper list, so that shoppers who ask alike see different ones.
      const deep = spread > 0 ? wanted * VARIETY_DEPTH : wanted;
      let ranked: ScoredItem[] = [];
      for (const k of [deep * 2, deep * 4, deep * 40]) {
        const raw = recommender.rank({ query, profile: this.profile, k });
        ranked = raw.filter((s) => itemViolations(s.item, c).length === 0).slice(0, deep);
        if (ranked.length >= deep || raw.length < k) break;
      }
      ranked = dither(ranked, this.seed, cacheKey, spread).slice(0, wanted);
      const chosen = new Set(ranked.map((s) => s.item.id));
      const lowest = Math.min(...ranked.map((s) => s.item.price ?? Number.POSITIVE_INFINITY));
      const extra = c.budgetMax !== undefined && lowest > c.budgetMax / 4 ? this.cheapest(query, chosen, 4) : [];
      const n = ranked.length;
      const candidates = [
        ...ranked.map((scored, rank) => this.candidate(scored, n > 1 ? 1 - (0.5 * rank) / (n - 1) : 1)),
        ...extra.map((item) => this.candidate({ item, score: 0, signals: [{ name: 'budget', weight: 0 }] }, 0.4)),
      ];
      this.slotCache.set(cacheKey, candidates);
      return candidates;
    }

    /** The query of every hard constraint it can express, for pieces of these types; undefined when none can fit. */
    private queryFor(types: readonly string[], department: Gender): ItemQuery | undefined {
      const c = this.constraints;
      const possible = types.filter((type) => this.formalityAllows(type));
      if (possible.length === 0) return undefined;
      return {
        categories: possible,
        genders: [department],
        season: c.climate.seasons?.length === 1 ? c.climate.seasons[0] : undefined,
        usage: c.occasion ? [...c.occasion.usages] : undefined,
        excludeColors: c.excludeColors.size > 0 ? [...c.excludeColors] : undefined,
        excludeMaterials: c.excludeMaterials.size > 0 ? [...c.excludeMaterials] : undefined,
        priceMax: c.budgetMax,
        excludeIds: this.anchor ? [this.anchor.id] : undefined,
      };
    }

    /**
     * When the shopper asked for a colour and a slot's candidates hold few pieces in it: the recommender's best ones
     * of the slot's types in that colour, so that looks in it can be made.
     */
    private inAskedColour(types: readonly string[], department: Gender, fits: readonly Candidate[]): Candidate[] {
      const have = fits.filter((c) => c.item.colors.some((color) => this.liked.has(color))).length;
      if (have >= ASKED_COLOUR_CANDIDATES) return [];
      const cacheKey = `colour|${department}|${types.join(',')}`;
      const cached = this.slotCache.get(cacheKey);
      if (cached) return cached;
      const query = this.queryFor(types, department);
      if (!query) return [];
      const taken = new Set(fits.map((c) => c.item.id));
      const found = recommender
        .rank({ query: { ...query, colors: [...this.liked] }, profile: this.profile, k: ASKED_COLOUR_CANDIDATES * 4 })
        .filter((s) => !taken.has(s.item.id) && itemViolations(s.item, this.constraints).length === 0)
        .slice(0, ASKED_COLOUR_CANDIDATES - have);
      const n = found.length;
      const candidates = found.map((scored, rank) => this.candidate(scored, n > 1 ? 1 - (0.5 * rank) / (n - 1) : 1));
      this.slotCache.set(cacheKey, candidates);
      return candidates;
    }

    /** Whether an article type can reach the occasion's formality with one of its usages (taxonomy estimate). */
    private formalityAllows(type: string): boolean {
      const occasion = this.constraints.occasion;
      const info = ARTICLE_TYPE_INFO[type];
      if (!occasion || !info) return true;
      const levels = occasion.usages.map((u) => (USAGE_FORMALITY[u] + info.formality) / 2);
      const slack = PIECE_TOLERANCE + 0.1;
      return (
        Math.max(...levels) >= occasion.formality.min - slack && Math.min(...levels) <= occasion.formality.max + slack
      );
    }

    /** The cheapest allowed items of a query not already chosen (so a tight budget can still be met). */
    private cheapest(query: ItemQuery, chosen: Set<string>, limit: number): Item[] {
      const positions = catalog.match(query);
      const best: Item[] = [];
      for (const position of positions) {
        const item = catalog.items[position]!;
        if (item.price === undefined || chosen.has(item.id)) continue;
        if (best.length === limit && item.price >= best[limit - 1]!.price!) continue;
        if (itemViolations(item, this.constraints).length > 0) continue;
        best.push(item);
        best.sort((a, b) => a.price! - b.price!);
        if (best.length > limit) best.pop();
      }
      return best;
    }

    private candidate(scored: ScoredItem, preference: number): Candidate {
      const trend = options.trendBoost?.(scored.item);
      const boost = trend ? Math.max(-TREND_CAP, Math.min(TREND_CAP, trend.weight)) : 0;
      return {
        key: this.nextKey++,
        item: scored.item,
        preference: Math.max(0, Math.min(1, preference + boost)),
        scored,
        trend: trend ? { ...trend, weight: boost } : undefined,
        style: this.style ? styleAffinity(scored.item, this.style) : undefined,
      };
    }

    private pair(a: Candidate, b: Candidate): number {
      const key = a.key < b.key ? a.key * 1_000_003 + b.key : b.key * 1_000_003 + a.key;
      let value = this.pairCache.get(key);
      if (value === undefined) {
        value = sigmoid(model!.pair(a.item, b.item));
        this.pairCache.set(key, value);
      }
      return value;
    }

    /** Adds a piece to a partial outfit's running sums (O(pieces), no rescoring of the rest). */
    extend(state: Partial, candidate: Candidate): Partial {
      const item = candidate.item;
      let compatSum = state.compatSum;
      let colorSum = state.colorSum;
      let colorPairs = state.colorPairs;
      const color = item.colors[0];
      for (const other of state.picks) {
        if (model) compatSum += this.pair(candidate, other);
        const otherColor = other.item.colors[0];
        if (color !== undefined && otherColor !== undefined) {
          colorSum += colorPairHarmony(color, otherColor);
          colorPairs++;
        }
      }
      const accent = color !== undefined && !isNeutral(color) ? (colorFamily(color) ?? color) : undefined;
      const seasons = this.constraints.climate.seasons;
      return {
        picks: [...state.picks, candidate],
        price: state.price + (item.id === this.anchor?.id ? 0 : (item.price ?? 0)),
        preferenceSum: state.preferenceSum + candidate.preference,
        compatSum,
        colorSum,
        colorPairs,
        accents: accent && !state.accents.includes(accent) ? [...state.accents, accent] : state.accents,
        minFormality: Math.min(state.minFormality, item.formality),
        maxFormality: Math.max(state.maxFormality, item.formality),
        formalitySum: state.formalitySum + item.formality,
        seasonHits: state.seasonHits + (seasons && item.seasons.some((x) => seasons.includes(x)) ? 1 : 0),
        // A colour asked for must be on a main piece: a red hair clip does not make an outfit red.
        liked: state.liked || (!(this.asked && isExtra(item)) && item.colors.some((c) => this.liked.has(c))),
        optional: state.optional + (item.category === 'outerwear' || isExtra(item) ? 1 : 0),
        trendSum: state.trendSum + (candidate.trend?.weight ?? 0),
        styleSum: state.styleSum + (candidate.style?.score ?? 0),
        score: 0,
      };
    }

    /** The parts of a (partial) outfit's score, which add up to the score. */
    parts(state: Partial): Record<string, number> {
      const n = state.picks.length;
      const parts: Record<string, number> = {};
      parts.match = weights.match * (state.preferenceSum / n);
      if (model && n > 1) parts.compatibility = weights.compatibility * (state.compatSum / ((n * (n - 1)) / 2));
      const harmony =
        state.colorPairs > 0 ? (state.colorSum / state.colorPairs) * (state.accents.length > 2 ? 0.6 : 1) : 1;
      parts.color_harmony = weights.color_harmony * harmony;
      const spread = state.maxFormality - state.minFormality;
      const target = this.constraints.occasion?.formality;
      parts.formality = weights.formality * formalityCoherence(spread, state.formalitySum / n, target);
      if (this.constraints.climate.seasons) parts.season = weights.season * (state.seasonHits / n);
      if (this.liked.size > 0) {
        parts.preference = state.liked ? (this.asked ? ASKED_COLOUR_WEIGHT : weights.preference) : 0;
      }
      if (state.optional > 0) parts.completeness = OPTIONAL_BONUS * state.optional;
      const budget = this.constraints.budgetMax;
      if (budget !== undefined && budget > 0) parts.budget = BUDGET_BONUS * Math.max(0, 1 - state.price / budget);
      if (state.trendSum !== 0) parts.trend = state.trendSum / n;
      if (this.style) parts.style = STYLE_WEIGHT * (state.styleSum / n);
      return parts;
    }

    private scored(state: Partial): Partial {
      state.score = Object.values(this.parts(state)).reduce((a, b) => a + b, 0);
      return state;
    }

    /** A finished outfit with the parts of its score and what the explanation needs. */
    private finish(template: Template, state: Partial): Composed {
      const parts = this.parts(state);
      const n = state.picks.length;
      return {
        template: template.name,
        picks: state.picks,
        score: state.score,
        parts,
        harmony: outfitHarmony(state.picks.map((p) => p.item.colors)),
        compatibility: model && n > 1 ? state.compatSum / ((n * (n - 1)) / 2) : undefined,
        formalitySpread: state.maxFormality - state.minFormality,
      };
    }

    /** Beam search over the template's slots; returns complete outfits that meet every constraint. */
    search(template: Template, slots: SlotCandidates[]): Composed[] {
      const budget = this.constraints.budgetMax;
      const requiredAfter = slots.map((_, s) =>
        slots.slice(s + 1).reduce((sum, next) => sum + (next.slot.optional ? 0 : next.cheapest), 0),
      );
      let beam: Partial[] = [EMPTY];
      slots.forEach(({ slot, candidates }, s) => {
        const next: Partial[] = slot.optional ? [...beam] : [];
        for (const state of beam) {
          for (const candidate of candidates) {
            if (state.picks.some((p) => p.item.id === candidate.item.id)) continue;
            const price = state.price + (candidate.item.id === this.anchor?.id ? 0 : (candidate.item.price ?? 0));
            if (budget !== undefined && price + requiredAfter[s]! > budget + 1e-9) continue;
            next.push(this.scored(this.extend(state, candidate)));
          }
        }
        beam = diverseBeam(next, s === slots.length - 1 ? beamWidth * 2 : beamWidth);
      });
      const out: Composed[] = [];
      for (const state of beam) {
        if (state.picks.length === 0) continue;
        if (
          outfitViolations(
            state.picks.map((p) => p.item),
            this.constraints,
          ).length > 0
        )
          continue;
        out.push(this.finish(template, state));
      }
      return out;
    }

    /** The public outfit: pieces, score, signals and explanation. */
    toOutfit(composed: Composed, diversity: number): Outfit {
      const items = composed.picks.map((p) => p.item);
      const signals: Signal[] = [];
      const add = (name: Signal['name'], weight: number | undefined, detail: string) => {
        if (weight !== undefined) signals.push({ name, weight: round(weight), detail });
      };
      const p = composed.parts;
      add('match', p.match, 'each piece ranks high for your request');
      if (composed.compatibility !== undefined) {
        add(
          'compatibility',
          p.compatibility,
          composed.compatibility >= 0.5 ? 'pieces shoppers buy together' : 'pieces that combine well',
        );
      }
      add('color_harmony', p.color_harmony, HARMONY_WORDS[composed.harmony.kind]);
      add(
        'formality',
        p.formality,
        this.constraints.occasion
          ? `the right level of formality for ${occasionPhrase(this.constraints.occasion.name)}`
          : 'pieces at one level of formality',
      );
      if (p.season !== undefined) add('season', p.season, `made for ${this.constraints.climate.seasons!.join('/')}`);
      if (p.preference !== undefined) {
        add('preference', p.preference, this.asked ? 'in the colour you asked for' : 'in a colour you like');
      }
      if (p.completeness !== undefined)
        add('match', p.completeness, 'a finishing piece (outer layer, accessory or bag)');
      const total = outfitPrice(items, this.anchor?.id);
      if (p.budget !== undefined)
        add('budget', p.budget, `€${total.toFixed(2)} in total, within €${this.constraints.budgetMax}`);
      if (p.trend !== undefined) add('trend', p.trend, 'trending pieces');
      const styleCues = [
        ...new Set(composed.picks.flatMap((pick) => ((pick.style?.score ?? 0) > 0 ? pick.style!.cues : []))),
      ];
      if (this.style && p.style !== undefined)
        add('style', p.style, `${this.style}: ${styleCues.slice(0, 4).join(', ') || 'no clear cues'}`);
      if (this.anchor) add('anchor', 0, `built around ${this.anchor.id}`);
      add('diversity', diversity, 'difference from the outfits listed before it (not part of the score)');
      const priced = items.every((i) => i.price !== undefined || i.id === this.anchor?.id);
      return {
        items: composed.picks.map((pick) => ({
          item: pick.item,
          score: round(pick.preference),
          signals: [
            ...pick.scored.signals,
            ...(pick.trend ? [pick.trend] : []),
            ...(this.style && pick.style && pick.style.score > 0
              ? [styleSignal(this.style, round(STYLE_WEIGHT * pick.style.score), pick.style.cues)]
              : []),
          ],
        })),
        score: round(composed.score),
        signals,
        explanation: explainOutfit({
          items,
          occasion: this.constraints.occasion?.name,
          climate: this.constraints.climate.label,
          harmony: composed.harmony,
          compatibility: composed.compatibility,
          formalitySpread: composed.formalitySpread,
          total: priced ? total : undefined,
          budgetMax: this.constraints.budgetMax,
          anchor: this.anchor,
          trend: composed.picks.find((pick) => (pick.trend?.weight ?? 0) > 0)?.trend,
          style: this.style && styleCues.length > 0 ? { name: this.style, cues: styleCues } : undefined,
        }),
      };
    }
  }

  return { name: model ? `outfits:${model.name}` : 'outfits:rules', compose };
}

/**
 * Keeps the best partial outfits, taking them in turns by their main piece (the first one) so that the beam does not
 * fill up with one dress or one top in every variation.
 */
function diverseBeam(states: Partial[], width: number): Partial[] {
  states.sort((a, b) => b.score - a.score);
  const groups = new Map<string, Partial[]>();
  for (const state of states) {
    const key = state.picks[0]?.item.id ?? '';
    const group = groups.get(key);
    if (group) group.push(state);
    else groups.set(key, [state]);
  }
  const out: Partial[] = [];
  for (let round = 0; out.length < width; round++) {
    let added = false;
    for (const group of groups.values()) {
      if (round < group.length && out.length < width) {
        out.push(group[round]!);
        added = true;
      }
    }
    if (!added) break;
  }
  return out;
}

/** Accessories and bags: the optional finishing pieces. */
function isExtra(item: Item): boolean {
  return item.category === 'accessory' || item.category === 'bag';
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

/**
 * Similarity of two outfits in [0, 1]: shared pieces (the anchor aside), same template, shared article types.
 * @example
 * outfitSimilarity(a, a); // 1
 */
export function outfitSimilarity(
  a: { template: string; items: readonly Item[] },
  b: { template: string; items: readonly Item[] },
  anchorId?: string,
): number {
  const idsA = new Set(a.items.filter((i) => i.id !== anchorId).map((i) => i.id));
  const idsB = b.items.filter((i) => i.id !== anchorId).map((i) => i.id);
  const shared = idsB.filter((id) => idsA.has(id)).length;
  const pieces = Math.max(1, Math.min(idsA.size, idsB.length));
  const typesA = new Set(a.items.map((i) => `${i.articleType}:${i.colors[0]}`));
  const sharedTypes = b.items.filter((i) => typesA.has(`${i.articleType}:${i.colors[0]}`)).length;
  const typeShare = sharedTypes / Math.max(1, Math.min(a.items.length, b.items.length));
  const overlap = shared / pieces;
  return Math.min(
    1,
    0.6 * overlap + (overlap > 0.5 ? 0.25 : 0) + 0.15 * typeShare + (a.template === b.template ? 0.1 : 0),
  );
}

/** Whether a look shares a piece (or a colour of it) other than the anchor with any of some looks. */
function sharesPiece(look: Composed, others: readonly { outfit: Composed }[], anchorId: string | undefined): boolean {
  const keys = new Set(others.flatMap((o) => o.outfit.picks.map((p) => productKey(p.item))));
  return look.picks.some((p) => p.item.id !== anchorId && keys.has(productKey(p.item)));
}

/** Categories of the pieces that make a look; two looks of one answer never share one. */
const MAIN = new Set<Category>(['top', 'bottom', 'dress', 'suit', 'outerwear']);

/**
 * Maximal marginal relevance: repeatedly takes the outfit with the best `lambda · score − (1 − lambda) · similarity`
 * to those already taken (scores are not rescaled, so near-copies lose to a different good outfit), among the
 * candidates that share no piece (other than the anchor) with those taken when there are any.
 * @example
 * selectDiverse(candidates, 3, 0.7).length; // ≤ 3
 */
function selectDiverse(
  composed: readonly Composed[],
  k: number,
  lambda: number,
  anchorId?: string,
): { outfit: Composed; diversity: number }[] {
  const unique = new Map<string, Composed>();
  for (const c of composed) {
    const key = c.picks
      .map((p) => p.item.id)
      .sort()
      .join('|');
    const seen = unique.get(key);
    if (!seen || seen.score < c.score) unique.set(key, c);
  }
  const pool = [...unique.values()].map((c) => ({
    c,
    view: { template: c.template, items: c.picks.map((p) => p.item) },
  }));
  if (pool.length === 0) return [];
  const chosen: { outfit: Composed; diversity: number; view: (typeof pool)[number]['view'] }[] = [];
  const left = [...pool];
  const used = new Set<string>();
  while (chosen.length < k && left.length > 0) {
    let best = -1;
    let bestValue = -Infinity;
    let bestSimilarity = 0;
    // No piece (the anchor aside) in two looks of one answer when the candidates allow it; else no main piece (a
    // top, bottom, dress, suit or coat) twice; only a catalogue too small for either repeats main pieces.
    const shares = (candidate: (typeof pool)[number], pieces: (item: Item) => boolean) =>
      candidate.view.items.some((item) => item.id !== anchorId && used.has(productKey(item)) && pieces(item));
    const tiers = [() => true, (item: Item) => MAIN.has(item.category), () => false];
    const forbidden = tiers.find((tier) => left.some((c) => !shares(c, tier)))!;
    left.forEach((candidate, index) => {
      if (shares(candidate, forbidden)) return;
      const similarity = Math.max(0, ...chosen.map((o) => outfitSimilarity(candidate.view, o.view, anchorId)));
      const value = lambda * candidate.c.score - (1 - lambda) * similarity;
      if (value > bestValue) {
        bestValue = value;
        best = index;
        bestSimilarity = similarity;
      }
    });
    const [picked] = left.splice(best, 1);
    for (const item of picked!.view.items) used.add(productKey(item));
    chosen.push({ outfit: picked!.c, diversity: round(1 - bestSimilarity), view: picked!.view });
  }
  return chosen.map(({ outfit, diversity }) => ({ outfit, diversity }));
}
