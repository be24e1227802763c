/**
 * The outfit composer: templates by department and occasion, candidates per slot from the recommender
 * (`slot-candidates.ts`), a beam search over slot combinations (`beam.ts`) scored by learned co-purchase compatibility
 * (when a model is loaded), color harmony, formality and season rules (`look-score.ts`), and maximal marginal
 * relevance so the suggestions differ (`select.ts`). Hard constraints are filters and are re-checked on every outfit
 * before it is returned.
 */

import { productKey } from '../catalog/variants.ts';
import type {
  Catalog,
  Gender,
  Item,
  Outfit,
  OutfitComposer,
  OutfitRequest,
  Profile,
  Recommender,
  Signal,
} from '../types.ts';
import { type Composed, type SlotCandidates, searchLooks } from './beam.ts';
import type { CompatibilityModel } from './compatibility.ts';
import { type HardConstraints, hardConstraints } from './constraints.ts';
import { LookScorer, lookWishes } from './look-score.ts';
import { type Chosen, selectDiverse, sharesPiece } from './select.ts';
import { type CandidateSettings, CandidateSource } from './slot-candidates.ts';
import { type Template, templatesFor } from './templates.ts';
import { toOutfit } from './to-outfit.ts';

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

/** Most outfits one request may ask for. */
const MAX_K = 10;
/** Default spread of the dithering that gives shoppers who ask alike different pieces (see `variety.ts`). */
const VARIETY_SPREAD = 3;

/** The departments a request's looks are made for: the one asked for, else the anchor's, else both adult ones. */
function departmentsOf(constraints: HardConstraints, anchor: Item | undefined): Gender[] {
  if (constraints.department) return [constraints.department];
  return anchor && anchor.gender !== 'unisex' ? [anchor.gender] : ['women', 'men'];
}

/** Every article type any template wants for a role, per `department|role`: one recommender call serves them all. */
function typesByRole(templates: readonly { department: Gender; templates: readonly Template[] }[]) {
  const roleTypes = new Map<string, string[]>();
  for (const { department, templates: list } of templates) {
    for (const slot of list.flatMap((t) => t.slots)) {
      const key = `${department}|${slot.role}`;
      roleTypes.set(key, [...new Set([...(roleTypes.get(key) ?? []), ...slot.types])]);
    }
  }
  return roleTypes;
}

/** What sets one request apart for the dithering of its candidates (the answer cache keys on the request anyway). */
function requestSalt(request: OutfitRequest, constraints: HardConstraints): string {
  // Not the style: a style asked for reorders the same candidates, so that the looks move towards it.
  const { season, weather, colors, budgetMax } = request;
  return JSON.stringify([constraints.occasion?.name, season, weather, colors, budgetMax]);
}

/** Everything one request's looks are made from. */
interface RequestPlan {
  constraints: HardConstraints;
  anchor?: Item;
  scorer: LookScorer;
  wishes: ReturnType<typeof lookWishes>;
  /** Each template that can be filled, with its slots' candidates. */
  slotsByTemplate: { template: Template; slots: SlotCandidates[] }[];
}

/** What every request of one composer shares. */
interface ComposerSetup {
  settings: CandidateSettings;
  model?: CompatibilityModel;
  beamWidth: number;
  lambda: number;
}

/** The request's constraints, wishes and fillable templates; undefined when its anchor is not in the catalogue. */
function plan(setup: ComposerSetup, request: OutfitRequest, profile: Profile): RequestPlan | undefined {
  const constraints = hardConstraints(request, profile);
  const anchor = request.anchorItemId ? setup.settings.catalog.get(request.anchorItemId) : undefined;
  if (request.anchorItemId && !anchor) return undefined;
  const templates = departmentsOf(constraints, anchor).map((department) => ({
    department,
    templates: templatesFor(department, constraints.occasion?.name),
  }));
  const wishes = lookWishes(request, profile);
  const roleTypes = typesByRole(templates);
  const salt = requestSalt(request, constraints);
  const source = new CandidateSource(setup.settings, { profile, constraints, wishes, anchor, roleTypes, salt });
  const slotsByTemplate = templates.flatMap(({ department, templates: list }) =>
    list.flatMap((template) => {
      const slots = source.slotsFor(template, department);
      return slots ? [{ template, slots }] : [];
    }),
  );
  const scorer = new LookScorer(setup.model, constraints, wishes, anchor?.id);
  return { constraints, anchor, scorer, wishes, slotsByTemplate };
}

/** Every look the templates make from candidates other than `used` pieces (the anchor always allowed). */
function looks(setup: ComposerSetup, plan: RequestPlan, used: ReadonlySet<string>): Composed[] {
  const { anchor, scorer, constraints } = plan;
  const composed: Composed[] = [];
  for (const { template, slots } of plan.slotsByTemplate) {
    const left = slots.map((s) => ({
      ...s,
      candidates: s.candidates.filter((c) => c.item.id === anchor?.id || !used.has(productKey(c.item))),
    }));
    if (left.some((s) => s.candidates.length === 0 && !s.slot.optional)) continue;
    const filled = left.filter((s) => s.candidates.length > 0);
    composed.push(...searchLooks(scorer, constraints, template, filled, setup.beamWidth));
  }
  // Asked for a color: only looks with a piece in it, unless none can be made.
  const inColor = plan.wishes.asked ? composed.filter((outfit) => (outfit.parts.preference ?? 0) > 0) : [];
  return inColor.length > 0 ? inColor : composed;
}

/** The `k` looks of the answer, no piece (the anchor aside) in two of them when the candidates allow. */
function choose(setup: ComposerSetup, plan: RequestPlan, k: number): Chosen[] {
  const { lambda } = setup;
  const anchorId = plan.anchor?.id;
  const chosen = selectDiverse(looks(setup, plan, new Set()), k, lambda, anchorId);
  // When the candidates could not make k looks without repeating a piece, search again without the pieces of the
  // looks already taken, one look at a time (one answer never shows a piece twice, the anchor aside).
  const firstRepeat = chosen.findIndex((c, i) => i > 0 && sharesPiece(c.outfit, chosen.slice(0, i), anchorId));
  if (firstRepeat > 0) {
    chosen.length = firstRepeat;
    while (chosen.length < k) {
      const used = new Set(chosen.flatMap((c) => c.outfit.picks.map((p) => productKey(p.item))));
      const [next] = selectDiverse(looks(setup, plan, used), 1, lambda, anchorId);
      if (!next) break;
      chosen.push(next);
    }
  }
  return chosen;
}

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
  const setup: ComposerSetup = {
    settings: {
      catalog,
      recommender,
      perSlot: options.candidatesPerSlot ?? 12,
      spread: options.variety ?? VARIETY_SPREAD,
      trendBoost: options.trendBoost,
    },
    model,
    beamWidth: options.beamWidth ?? 10,
    lambda: options.lambda ?? 0.6,
  };
  const compose = (request: OutfitRequest, profile: Profile): Outfit[] => {
    const k = Math.min(MAX_K, Math.max(0, Math.floor(request.k ?? 3)));
    if (k === 0) return [];
    const planned = plan(setup, request, profile);
    if (!planned) return [];
    return choose(setup, planned, k).map(({ outfit, diversity }) => toOutfit(outfit, diversity, planned));
  };
  return { name: model ? `outfits:${model.name}` : 'outfits:rules', compose };
}
