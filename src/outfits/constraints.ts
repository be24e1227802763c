/**
 * The hard constraints of an outfit request, resolved once, and the checks every composed outfit must pass:
 * department, season/weather, occasion (usage; outfit formality in range, no piece far outside it; colours to avoid),
 * total budget, excluded colours and
 * materials, sizes when known, the anchor piece. The composer filters with these; the evaluation and the tests
 * verify with the same functions.
 */
import { gendersAccepted, materialsAccepted } from '../catalog/query.ts';
import { canonicalOccasion, colorsMatching, OCCASIONS, type Occasion } from '../catalog/taxonomy.ts';
import type { Gender, Item, OutfitRequest, Profile, Season } from '../types.ts';
import { type ClimateNeeds, climateNeeds, suitsSeasons } from './rules.ts';

/** A request's hard constraints, resolved. */
export interface HardConstraints {
  /** The department; undefined = any, but one per outfit. */
  department?: Gender;
  /** Item genders the department accepts. */
  genders?: Gender[];
  occasion?: Occasion;
  climate: ClimateNeeds;
  budgetMax?: number;
  excludeColors: Set<string>;
  excludeMaterials: Set<string>;
  sizes: Record<string, string>;
  anchorId?: string;
}

/**
 * Resolves a request (and the user's standing dislikes) into hard constraints. The profile's gender stands in
 * when the request names none; disliked colours and materials are excluded like the request's exclusions.
 * @example
 * hardConstraints({ occasion: 'office', excludeColors: ['yellow'], excludeMaterials: [], k: 3 }, profile).occasion?.name; // 'work'
 */
export function hardConstraints(request: OutfitRequest, profile?: Profile): HardConstraints {
  const department = request.gender ?? profile?.gender;
  const occasionName = request.occasion ? canonicalOccasion(request.occasion) : undefined;
  const occasion = occasionName ? OCCASIONS[occasionName] : undefined;
  const excludedColors = [...request.excludeColors, ...(profile?.dislikedColors ?? [])];
  const excludeColors = new Set(excludedColors.flatMap((c) => colorsMatching(c)));
  for (const c of occasion?.avoidColors ?? []) excludeColors.add(c);
  const sizes: Record<string, string> = {};
  for (const [key, size] of Object.entries({ ...profile?.sizes, ...request.sizes })) sizes[key.toLowerCase()] = size;
  return {
    department,
    genders: department ? gendersAccepted([department]) : undefined,
    occasion,
    climate: climateNeeds(request.season ?? defaultSeason(occasion), request.weather),
    budgetMax: request.budgetMax,
    excludeColors,
    excludeMaterials: new Set(materialsAccepted([...request.excludeMaterials, ...(profile?.dislikedMaterials ?? [])])),
    sizes,
    anchorId: request.anchorItemId,
  };
}

/**
 * How far one piece's formality may sit outside the occasion's range; the outfit's mean formality must be inside it
 * (give or take `OUTFIT_TOLERANCE`).
 * (A formal dress at 0.7 with heels and a clutch makes a black-tie outfit; trainers at a funeral never do.)
 */
export const PIECE_TOLERANCE = 0.15;
/**
 * Rounding slack of the outfit's mean formality: catalogue formality is estimated from usage and article type, and
 * the most formal women's pieces estimate at 0.70–0.80, so a 0.75 minimum would otherwise be out of reach.
 */
export const OUTFIT_TOLERANCE = 0.05;

/** The season an occasion implies when the user names none (a beach outfit is a summer outfit). */
function defaultSeason(occasion: Occasion | undefined): Season | undefined {
  return occasion?.seasons?.length === 1 ? occasion.seasons[0] : undefined;
}

/** The size the user gave for an item's kind, if any (by article type, category, or `shoes` for footwear). */
function sizeFor(item: Item, sizes: Record<string, string>): string | undefined {
  return sizes[item.articleType] ?? sizes[item.category] ?? (item.category === 'footwear' ? sizes.shoes : undefined);
}

/**
 * Why one piece breaks the constraints (empty when it is fine). The anchor is exempt: it is the user's own piece.
 * @example
 * itemViolations(item, constraints); // e.g. ['colour excluded: yellow']
 */
export function itemViolations(item: Item, c: HardConstraints): string[] {
  if (item.id === c.anchorId) return [];
  const out: string[] = [];
  if (c.genders && !c.genders.includes(item.gender)) out.push(`department ${item.gender} is not ${c.department}`);
  if (!suitsSeasons(item, c.climate.seasons))
    out.push(`made for ${item.seasons.join('/')}, not ${c.climate.seasons?.join('/')}`);
  if (c.climate.outerwearExcluded && item.category === 'outerwear') out.push('outer layer in hot weather');
  if (c.occasion) {
    const { usages, formality, name } = c.occasion;
    if (!item.usage.some((u) => usages.includes(u)))
      out.push(`usage ${item.usage.join('/') || 'none'} does not suit ${name}`);
    if (c.occasion.avoidTypes?.includes(item.articleType)) out.push(`a ${item.articleType} does not suit ${name}`);
    if (
      item.formality < formality.min - PIECE_TOLERANCE - 1e-9 ||
      item.formality > formality.max + PIECE_TOLERANCE + 1e-9
    ) {
      out.push(`formality ${item.formality} too far from ${formality.min}–${formality.max} for ${name}`);
    }
  }
  const badColor = item.colors.find((color) => c.excludeColors.has(color));
  if (badColor) out.push(`colour excluded: ${badColor}`);
  const badMaterial = item.materials.find((m) => c.excludeMaterials.has(m));
  if (badMaterial) out.push(`material excluded: ${badMaterial}`);
  if (c.budgetMax !== undefined && (item.price === undefined || item.price > c.budgetMax)) {
    out.push(item.price === undefined ? 'no price with a budget' : `price ${item.price} over budget ${c.budgetMax}`);
  }
  const size = sizeFor(item, c.sizes);
  if (size && item.sizes && item.sizes.length > 0 && !item.sizes.some((s) => s.toLowerCase() === size.toLowerCase())) {
    out.push(`size ${size} not available`);
  }
  return out;
}

/** Total price of the pieces the user would buy (the anchor is theirs already). */
export function outfitPrice(items: readonly Item[], anchorId?: string): number {
  return items.reduce((sum, item) => (item.id === anchorId ? sum : sum + (item.price ?? 0)), 0);
}

/**
 * Why an outfit breaks the constraints (empty when it meets every one).
 * @example
 * outfitViolations(outfit.items.map((s) => s.item), hardConstraints(request, profile)); // []
 */
export function outfitViolations(items: readonly Item[], c: HardConstraints): string[] {
  const out = items.flatMap((item) => itemViolations(item, c).map((v) => `${item.id}: ${v}`));
  if (new Set(items.map((i) => i.id)).size !== items.length) out.push('a piece appears twice');
  if (!c.department) {
    const departments = new Set(items.filter((i) => i.gender !== 'unisex' && i.id !== c.anchorId).map((i) => i.gender));
    if (departments.size > 1) out.push(`mixes departments ${[...departments].join(', ')}`);
  }
  if (c.budgetMax !== undefined) {
    const total = outfitPrice(items, c.anchorId);
    if (total > c.budgetMax + 1e-9) out.push(`total ${total.toFixed(2)} over budget ${c.budgetMax}`);
  }
  const own = items.filter((i) => i.id !== c.anchorId);
  if (c.occasion && own.length > 0) {
    const mean = own.reduce((sum, i) => sum + i.formality, 0) / own.length;
    const { min, max } = c.occasion.formality;
    if (mean < min - OUTFIT_TOLERANCE - 1e-9 || mean > max + OUTFIT_TOLERANCE + 1e-9) {
      out.push(`outfit formality ${mean.toFixed(2)} outside ${min}–${max} for ${c.occasion.name}`);
    }
  }
  if (c.climate.outerwearRequired && !items.some((i) => i.category === 'outerwear')) {
    out.push(`no outer layer at ${c.climate.label}`);
  }
  if (c.anchorId && !items.some((i) => i.id === c.anchorId)) out.push(`anchor ${c.anchorId} missing`);
  return out;
}
