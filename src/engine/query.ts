/** From dialogue slots (plus what the profile remembers) to catalogue queries and outfit requests. */
import { OCCASIONS } from '../catalog/taxonomy.ts';
import type { Gender, ItemQuery, OutfitRequest, Profile, Season, Slots, Weather } from '../types.ts';
import { toEur } from './money.ts';

/**
 * The season a weather description calls for.
 * @example
 * seasonForWeather({ temperatureC: 5 }) // 'winter'
 */
export function seasonForWeather(weather: Weather | undefined): Season | undefined {
  if (!weather) return undefined;
  const t = weather.temperatureC;
  if (t !== undefined) return t <= 8 ? 'winter' : t <= 15 ? 'autumn' : t <= 22 ? 'spring' : 'summer';
  switch (weather.condition) {
    case 'hot':
    case 'warm':
      return 'summer';
    case 'cold':
    case 'freezing':
    case 'snowy':
      return 'winter';
    case 'cool':
    case 'rainy':
    case 'windy':
      return 'autumn';
    case 'mild':
      return 'spring';
    default:
      return undefined;
  }
}

/** Adults' departments: what a request shows when it names none and is not for a child. */
const ADULTS: Gender[] = ['women', 'men', 'unisex'];

/**
 * Genders whose items a request may show (the catalogue adds unisex): the department asked for, else children's
 * departments for a child, else adults' — children's and baby pieces only when a child is meant.
 */
export function gendersFor(gender: Gender | undefined, ageGroup?: Slots['age_group']): Gender[] {
  if (gender) return [gender];
  return ageGroup === 'child' || ageGroup === 'baby' ? ['kids'] : ADULTS;
}

/** Words a piece's description must hold for coverage and length wishes ("long sleeves", 长款 → "long"). */
export function descriptionWords(slots: Slots): string[] {
  const words: string[] = [];
  if (slots.coverage?.some((c) => c === 'long_sleeves' || c === 'cover_arms') || slots.sleeve_length === 'long') {
    words.push('long', 'sleeves');
  } else if (slots.coverage?.includes('sleeved')) words.push('sleeves');
  if (slots.length === 'long' && !words.includes('long')) words.push('long');
  for (const detail of slots.detail ?? []) if (!words.includes(detail)) words.push(detail);
  return words;
}

const union = (a: readonly string[] = [], b: readonly string[] = []) => [...new Set([...a, ...b])];

/**
 * A catalogue query for a product search: the slots, plus the profile's gender and dislikes (always honoured).
 * @example
 * slotsToQuery({ category: 'shirt', color: ['blue'], budget_max: 50 }, profile)
 */
export function slotsToQuery(slots: Slots, profile: Profile): ItemQuery {
  const query: ItemQuery = {};
  if (slots.category) query.categories = [slots.category];
  if (slots.color?.length) query.colors = slots.color;
  const excludeColors = union(slots.exclude_color, profile.dislikedColors);
  if (excludeColors.length) query.excludeColors = excludeColors;
  query.genders = gendersFor(slots.gender ?? (slots.recipient ? undefined : profile.gender), slots.age_group);
  // House slippers only when asked for by name: "shoes" for going out never means them.
  const excluded = [...(slots.exclude_category ?? []), ...(slots.category === 'footwear' ? ['slippers'] : [])];
  if (excluded.length) query.excludeCategories = excluded;
  const words = descriptionWords(slots);
  if (words.length > 0) query.words = words;
  const season = slots.season ?? seasonForWeather(slots.weather);
  if (season) query.season = season;
  const occasion = slots.occasion ? OCCASIONS[slots.occasion] : undefined;
  if (occasion) query.usage = [...occasion.usages];
  if (slots.budget_max !== undefined) query.priceMax = toEur(slots.budget_max, slots.currency);
  else if (profile.budgetMax !== undefined) query.priceMax = toEur(profile.budgetMax, profile.currency);
  if (slots.budget_min !== undefined) query.priceMin = toEur(slots.budget_min, slots.currency);
  if (slots.pattern) query.pattern = slots.pattern;
  if (slots.material) query.materials = [slots.material];
  const excludeMaterials = union(slots.exclude_material, profile.dislikedMaterials);
  if (excludeMaterials.length) query.excludeMaterials = excludeMaterials;
  return query;
}

/**
 * An outfit request from the slots and the profile.
 * @example
 * slotsToOutfitRequest({ occasion: 'wedding', season: 'summer', gender: 'men' }, profile, 3)
 */
export function slotsToOutfitRequest(slots: Slots, profile: Profile, k: number): OutfitRequest {
  return {
    gender: slots.gender ?? profile.gender,
    occasion: slots.occasion,
    season: slots.season ?? seasonForWeather(slots.weather),
    weather: slots.weather,
    budgetMax:
      slots.budget_max !== undefined
        ? toEur(slots.budget_max, slots.currency)
        : profile.budgetMax !== undefined
          ? toEur(profile.budgetMax, profile.currency)
          : undefined,
    colors: slots.color,
    excludeColors: union(slots.exclude_color, profile.dislikedColors),
    excludeMaterials: union(slots.exclude_material, profile.dislikedMaterials),
    style: slots.style ?? profile.styles.at(-1),
    sizes: Object.keys(profile.sizes).length ? profile.sizes : undefined,
    k,
  };
}

/** Slots that describe the wanted item; a new search replaces them, while context slots carry over. */
const ITEM_SLOTS = [
  'category',
  'color',
  'pattern',
  'material',
  'brand',
  'size',
  'sleeve_length',
  'length',
  'detail',
  'owned',
  'budget_max',
  'budget_min',
  'currency',
] as const;

/** Slots that only make sense for this turn and never carry over. */
const TURN_SLOTS = [
  'reference',
  'request_slots',
  'price_direction',
  'tone',
  'language',
  'region',
] as const satisfies (keyof Slots)[];

/**
 * Merges a turn's slots into the active request: new values win, exclusions accumulate, turn-only slots are dropped.
 * With `newSearch`, the item-describing slots of the previous request are dropped first.
 * @example
 * mergeSlots({ category: 'shirt', color: ['white'] }, { color: ['blue'] }) // { category: 'shirt', color: ['blue'] }
 */
export function mergeSlots(previous: Slots, next: Slots, newSearch = false): Slots {
  const base: Slots = { ...previous };
  if (newSearch) for (const key of ITEM_SLOTS) delete base[key];
  const merged: Slots = { ...base, ...next };
  merged.exclude_color = union(previous.exclude_color, next.exclude_color);
  merged.exclude_material = union(previous.exclude_material, next.exclude_material);
  merged.exclude_category = union(previous.exclude_category, next.exclude_category);
  if (merged.category && merged.exclude_category.includes(merged.category) && next.category) {
    merged.exclude_category = merged.exclude_category.filter((c) => c !== merged.category);
  }
  const wanted = merged.color;
  if (wanted && merged.exclude_color.length) {
    merged.exclude_color = merged.exclude_color.filter((c) => !wanted.includes(c));
  }
  if (next.weather && !next.season) delete merged.season;
  if (next.season && !next.weather) delete merged.weather;
  for (const key of TURN_SLOTS) delete merged[key];
  if (!merged.exclude_color.length) delete merged.exclude_color;
  if (!merged.exclude_material.length) delete merged.exclude_material;
  if (!merged.exclude_category.length) delete merged.exclude_category;
  return merged;
}
