/**
 * The pieces each slot of a template may take, for one request: the recommender's best pieces of the slot's article
 * types that meet every hard constraint (one call per department and role, cached for the request), dithered per
 * shopper so that shoppers who ask alike see different pieces, moved up by the style asked for, topped up with pieces
 * in the color asked for and with the cheapest pieces when a budget rules out the ranked ones.
 */
import { ARTICLE_TYPE_INFO, USAGE_FORMALITY } from '../catalog/taxonomy.ts';
import { STYLE_RERANK_WEIGHT, styleAffinity } from '../ranking/style.ts';
import type { Catalog, Gender, Item, ItemQuery, Profile, Recommender, ScoredItem, Signal } from '../types.ts';
import type { SlotCandidates } from './beam.ts';
import { type HardConstraints, itemViolations, PIECE_TOLERANCE } from './constraints.ts';
import type { Candidate, LookWishes } from './look-score.ts';
import type { Slot, Template } from './templates.ts';
import { dither, varietySeed } from './variety.ts';

/** How many pieces in the asked color each slot's candidates hold at least (when the catalogue has them). */
const ASKED_COLOR_CANDIDATES = 4;
/** Cap of a trend boost per piece. */
const TREND_CAP = 0.1;
/** The per-role pool is this many times the per-slot candidates (slots then take the types they accept). */
const POOL_FACTOR = 4;
/** A slot with fewer pooled candidates than this gets its own recommender call. */
const MIN_PER_SLOT = 4;
/** Dithering draws each slot's candidates from this many times as many ranked pieces. */
const VARIETY_DEPTH = 4;
/**
 * Fewest candidates an optional slot (outer layer, accessory, bag) needs to be offered: with fewer, the same piece would
 * finish every look of the kind for every shopper, so the looks go without it.
 */
const MIN_OPTIONAL_POOL = 3;

/** What candidate retrieval needs that does not change between requests. */
export interface CandidateSettings {
  catalog: Catalog;
  recommender: Recommender;
  /** Recommender candidates kept per required slot (optional slots get half). */
  perSlot: number;
  /** Spread of the per-shopper dithering (0 keeps the recommender's order). */
  spread: number;
  trendBoost?: (item: Item) => Signal | undefined;
}

/** What one request asks of candidate retrieval. */
export interface CandidateRequest {
  profile: Profile;
  constraints: HardConstraints;
  wishes: LookWishes;
  anchor?: Item;
  /** Every article type any template wants, per `department|role`: one recommender call serves all of them. */
  roleTypes: ReadonlyMap<string, readonly string[]>;
  /**
   * What tells this request from others for the dithering (occasion, season, colours …): different requests of one
   * shopper draw their candidates differently, so one popular piece does not lead every request's list.
   */
  salt: string;
}

/** Preference in [0, 1] by rank in a list of `n`: the first 1, the last 0.5. */
function rankPreference(rank: number, n: number): number {
  return n > 1 ? 1 - (0.5 * rank) / (n - 1) : 1;
}

/** Candidates of one request's slots (cached per request: build one per request). */
export class CandidateSource {
  private readonly cache = new Map<string, Candidate[]>();
  private nextKey = 0;
  private readonly anchorCandidate?: Candidate;
  /** Seeds the dithering of candidates: one shopper's looks differ from another's. */
  private readonly seed: number;

  constructor(
    private readonly settings: CandidateSettings,
    private readonly request: CandidateRequest,
  ) {
    this.seed = varietySeed(request.profile);
    const anchor = request.anchor;
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
    const { climate } = this.request.constraints;
    const anchor = this.anchorCandidate;
    let anchorPlaced = !anchor;
    const out: SlotCandidates[] = [];
    for (const templateSlot of template.slots) {
      let slot = templateSlot;
      const anchorFits = !anchorPlaced && anchor !== undefined && slot.types.includes(anchor.item.articleType);
      if (slot.role === 'outerwear' && !anchorFits) {
        if (!climate.outerwearSuggested) continue;
        if (climate.outerwearRequired) slot = { ...slot, optional: false };
      }
      let candidates: Candidate[];
      if (anchorFits) {
        anchorPlaced = true;
        slot = { ...slot, optional: false };
        candidates = [anchor];
      } else {
        candidates = this.candidates(slot, department);
      }
      if (candidates.length < (slot.optional ? MIN_OPTIONAL_POOL : 1)) {
        if (slot.optional) continue;
        return undefined;
      }
      const cheapest = Math.min(...candidates.map((c) => (c.item.id === anchor?.item.id ? 0 : (c.item.price ?? 0))));
      out.push({ slot, candidates, cheapest });
    }
    if (!anchorPlaced) return undefined;
    if (climate.outerwearRequired && !out.some((s) => s.slot.role === 'outerwear')) return undefined;
    // Required slots first, optional ones last (so the beam can skip them).
    return out.sort((a, b) => Number(a.slot.optional ?? false) - Number(b.slot.optional ?? false));
  }

  /** Ranked candidates of a slot that meet every hard constraint. */
  private candidates(slot: Slot, department: Gender): Candidate[] {
    const { perSlot } = this.settings;
    const wanted = slot.optional ? Math.max(4, perSlot >> 1) : perSlot;
    const roleTypes = this.request.roleTypes.get(`${department}|${slot.role}`) ?? slot.types;
    const pool = this.retrieve(roleTypes, department, POOL_FACTOR * perSlot);
    let fits = this.byStyle(pool.filter((c) => slot.types.includes(c.item.articleType))).slice(0, wanted);
    if (fits.length < Math.min(wanted, MIN_PER_SLOT) && roleTypes.length !== slot.types.length) {
      fits = this.byStyle(this.retrieve(slot.types, department, wanted));
    }
    return this.request.wishes.asked ? [...fits, ...this.inAskedColor(slot.types, department, fits)] : fits;
  }

  /** Ranked candidates moved up by their affinity to the requested style (rank-based; unchanged without one). */
  private byStyle(ranked: Candidate[]): Candidate[] {
    if (!this.request.wishes.style) return ranked;
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
    const cached = this.cache.get(cacheKey);
    if (cached) return cached;
    const c = this.request.constraints;
    const query = this.queryFor(types, department);
    if (!query) return [];
    const { recommender, spread } = this.settings;
    // Hard filters the query cannot express (formality, sizes) may reject many: widen if they do. A longer top-k
    // starts with the shorter one, so starting short changes nothing but the work of ranking (and explaining) more.
    // Dithering picks the `wanted` pieces from a deeper list, so that shoppers who ask alike see different ones.
    const deep = spread > 0 ? wanted * VARIETY_DEPTH : wanted;
    let ranked: ScoredItem[] = [];
    for (const k of [deep * 2, deep * 4, deep * 40]) {
      const raw = recommender.rank({ query, profile: this.request.profile, k });
      ranked = raw.filter((s) => itemViolations(s.item, c).length === 0).slice(0, deep);
      if (ranked.length >= deep || raw.length < k) break;
    }
    ranked = dither(ranked, this.seed, `${this.request.salt}|${cacheKey}`, spread).slice(0, wanted);
    const chosen = new Set(ranked.map((s) => s.item.id));
    const lowest = Math.min(...ranked.map((s) => s.item.price ?? Number.POSITIVE_INFINITY));
    const extra = c.budgetMax !== undefined && lowest > c.budgetMax / 4 ? this.cheapest(query, chosen, 4) : [];
    const n = ranked.length;
    const candidates = [
      ...ranked.map((scored, rank) => this.candidate(scored, rankPreference(rank, n))),
      ...extra.map((item) => this.candidate({ item, score: 0, signals: [{ name: 'budget', weight: 0 }] }, 0.4)),
    ];
    this.cache.set(cacheKey, candidates);
    return candidates;
  }

  /** The query of every hard constraint it can express, for pieces of these types; undefined when none can fit. */
  private queryFor(types: readonly string[], department: Gender): ItemQuery | undefined {
    const c = this.request.constraints;
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
      excludeIds: this.request.anchor ? [this.request.anchor.id] : undefined,
    };
  }

  /**
   * When the shopper asked for a color and a slot's candidates hold few pieces in it: the recommender's best ones
   * of the slot's types in that color, so that looks in it can be made.
   */
  private inAskedColor(types: readonly string[], department: Gender, fits: readonly Candidate[]): Candidate[] {
    const { liked } = this.request.wishes;
    const have = fits.filter((c) => c.item.colors.some((color) => liked.has(color))).length;
    if (have >= ASKED_COLOR_CANDIDATES) return [];
    const cacheKey = `color|${department}|${types.join(',')}`;
    const cached = this.cache.get(cacheKey);
    if (cached) return cached;
    const query = this.queryFor(types, department);
    if (!query) return [];
    const taken = new Set(fits.map((c) => c.item.id));
    const found = this.settings.recommender
      .rank({ query: { ...query, colors: [...liked] }, profile: this.request.profile, k: ASKED_COLOR_CANDIDATES * 4 })
      .filter((s) => !taken.has(s.item.id) && itemViolations(s.item, this.request.constraints).length === 0)
      .slice(0, ASKED_COLOR_CANDIDATES - have);
    const candidates = found.map((scored, rank) => this.candidate(scored, rankPreference(rank, found.length)));
    this.cache.set(cacheKey, candidates);
    return candidates;
  }

  /** Whether an article type can reach the occasion's formality with one of its usages (taxonomy estimate). */
  private formalityAllows(type: string): boolean {
    const occasion = this.request.constraints.occasion;
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
    const { catalog } = this.settings;
    const best: Item[] = [];
    for (const position of catalog.match(query)) {
      const item = catalog.items[position];
      if (item?.price === undefined || chosen.has(item.id)) continue;
      const dearest = best[limit - 1]?.price;
      if (dearest !== undefined && item.price >= dearest) continue;
      if (itemViolations(item, this.request.constraints).length > 0) continue;
      best.push(item);
      best.sort((a, b) => (a.price ?? 0) - (b.price ?? 0));
      if (best.length > limit) best.pop();
    }
    return best;
  }

  private candidate(scored: ScoredItem, preference: number): Candidate {
    const trend = this.settings.trendBoost?.(scored.item);
    const boost = trend ? Math.max(-TREND_CAP, Math.min(TREND_CAP, trend.weight)) : 0;
    const style = this.request.wishes.style;
    return {
      key: this.nextKey++,
      item: scored.item,
      preference: Math.max(0, Math.min(1, preference + boost)),
      scored,
      trend: trend ? { ...trend, weight: boost } : undefined,
      style: style ? styleAffinity(scored.item, style) : undefined,
    };
  }
}
