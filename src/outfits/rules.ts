/**
 * The rules the composer uses with or without a trained model: colour harmony, formality coherence, and the
 * seasons and outer layer that a season or the weather call for.
 */
import { colorFamily } from '../catalog/taxonomy.ts';
import type { Item, Season, Weather } from '../types.ts';

/** Colour families that go with everything. */
const NEUTRAL_FAMILIES = new Set(['black', 'white', 'grey', 'beige', 'brown']);
/** Shades that act as neutrals although their family is not (navy, denim blue, olive, camel…). */
const NEUTRAL_SHADES = new Set(['navy', 'khaki', 'olive', 'camel', 'tan', 'cream', 'off-white', 'charcoal', 'nude']);
/** Accent family pairs that clash when worn together. */
const CLASHES = pairSet(['red|pink', 'red|orange', 'orange|pink', 'purple|orange', 'green|red', 'yellow|purple']);
/** Accent family pairs that complement each other. */
const COMPLEMENTS = pairSet(['blue|orange', 'blue|yellow', 'blue|pink', 'green|pink', 'blue|red', 'green|blue']);

function familyKey(a: string, b: string): string {
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}

function pairSet(pairs: readonly string[]): Set<string> {
  return new Set(pairs.map((pair) => familyKey(...(pair.split('|') as [string, string]))));
}

/** Whether a canonical colour is a neutral (goes with anything). */
export function isNeutral(color: string): boolean {
  return NEUTRAL_SHADES.has(color) || NEUTRAL_FAMILIES.has(colorFamily(color) ?? '');
}

/**
 * Harmony of two colours in [0, 1]: neutrals and same-family pairs are safe, complements good, clashes poor.
 * @example
 * colorPairHarmony('navy', 'white'); // 1
 * colorPairHarmony('red', 'pink'); // 0.15
 */
export function colorPairHarmony(a: string, b: string): number {
  if (isNeutral(a) || isNeutral(b)) return 1;
  const fa = colorFamily(a) ?? a;
  const fb = colorFamily(b) ?? b;
  if (fa === 'multi' || fb === 'multi') return fa === fb ? 0.2 : 0.6;
  if (fa === fb) return a === b ? 0.9 : 0.85;
  if (fa === 'metallic' || fb === 'metallic') return 0.8;
  const key = familyKey(fa, fb);
  if (COMPLEMENTS.has(key)) return 0.7;
  if (CLASHES.has(key)) return 0.15;
  return 0.45;
}

/** Colour harmony of a whole outfit in [0, 1], with the reason in words. */
export interface HarmonyVerdict {
  score: number;
  /** `neutral`, `tonal`, `accent`, `complementary` or `busy`. */
  kind: 'neutral' | 'tonal' | 'accent' | 'complementary' | 'busy';
}

/**
 * Colour harmony of an outfit: the mean pairwise harmony of the pieces' main colours, lowered when more than two
 * accent families compete.
 * @example
 * outfitHarmony([['white'], ['navy'], ['brown']]); // { score: 1, kind: 'neutral' }
 */
export function outfitHarmony(colors: readonly (readonly string[])[]): HarmonyVerdict {
  const main = colors.map((c) => c[0]).filter((c): c is string => c !== undefined);
  if (main.length < 2) return { score: 1, kind: 'neutral' };
  let sum = 0;
  let pairs = 0;
  main.forEach((a, i) => {
    for (const b of main.slice(i + 1)) {
      sum += colorPairHarmony(a, b);
      pairs++;
    }
  });
  const accents = new Set(main.filter((c) => !isNeutral(c)).map((c) => colorFamily(c) ?? c));
  let score = sum / pairs;
  if (accents.size > 2) score *= 0.6;
  const kind =
    accents.size === 0
      ? 'neutral'
      : accents.size === 1
        ? main.filter((c) => !isNeutral(c)).length > 1
          ? 'tonal'
          : 'accent'
        : score >= 0.6
          ? 'complementary'
          : 'busy';
  return { score, kind };
}

/**
 * Formality coherence in [0, 1]: 1 when every piece sits at the same level, lower as the spread (max − min) grows;
 * with an occasion's range, a mean away from its middle also costs.
 * @example
 * formalityCoherence(0.1, 0.65, { min: 0.4, max: 0.85 }); // 0.9 × 0.975
 */
export function formalityCoherence(spread: number, mean: number, target?: { min: number; max: number }): number {
  let score = Math.max(0, 1 - spread);
  if (target) score *= Math.max(0, 1 - Math.abs(mean - (target.min + target.max) / 2));
  return score;
}

/** What the season and weather ask of an outfit. */
export interface ClimateNeeds {
  /** Seasons an item may be made for (an item without seasons always qualifies); undefined = any. */
  seasons?: Season[];
  /** An outer layer is required (≤ 8 °C, cold, freezing, snowy). */
  outerwearRequired: boolean;
  /** No outer layer (≥ 24 °C, hot). */
  outerwearExcluded: boolean;
  /** An outer layer is worth offering (required, or a cool season or weather). */
  outerwearSuggested: boolean;
  /** Words for the explanation, e.g. `5 °C` or `winter`. */
  label?: string;
}

/** Temperature at or below which an outer layer is required. */
export const COLD_C = 8;
/** Temperature at or above which the outfit is a summer one, without an outer layer. */
export const HOT_C = 24;

function weatherSeasons(weather: Weather): Season[] | undefined {
  const t = weather.temperatureC;
  if (t !== undefined) {
    if (t <= COLD_C) return ['winter'];
    if (t >= HOT_C) return ['summer'];
    if (t <= 16) return ['autumn', 'spring', 'winter'];
    return ['spring', 'summer', 'autumn'];
  }
  switch (weather.condition) {
    case 'freezing':
    case 'cold':
    case 'snowy':
      return ['winter'];
    case 'hot':
      return ['summer'];
    case 'warm':
      return ['summer', 'spring'];
    case 'cool':
    case 'rainy':
    case 'windy':
      return ['autumn', 'spring', 'winter'];
    case 'mild':
      return ['spring', 'autumn'];
    default:
      return undefined;
  }
}

/**
 * Seasons and outer layer required by a season and/or weather. Weather wins when the two disagree.
 * @example
 * climateNeeds(undefined, { temperatureC: 5 }); // { seasons: ['winter'], outerwearRequired: true, … }
 */
export function climateNeeds(season: Season | undefined, weather: Weather | undefined): ClimateNeeds {
  const fromWeather = weather ? weatherSeasons(weather) : undefined;
  let seasons: Season[] | undefined = fromWeather ?? (season ? [season] : undefined);
  if (fromWeather && season && fromWeather.includes(season)) seasons = [season];
  const t = weather?.temperatureC;
  const condition = weather?.condition;
  const outerwearRequired =
    (t !== undefined && t <= COLD_C) ||
    (t === undefined && (condition === 'cold' || condition === 'freezing' || condition === 'snowy'));
  const outerwearExcluded = (t !== undefined && t >= HOT_C) || (t === undefined && condition === 'hot');
  const label = t !== undefined ? `${t} °C` : (condition ?? season);
  const cool =
    (t !== undefined && t < 17) ||
    (condition !== undefined && ['cool', 'cold', 'freezing', 'rainy', 'snowy', 'windy'].includes(condition)) ||
    (t === undefined && condition === undefined && (season === 'autumn' || season === 'winter'));
  return { seasons, outerwearRequired, outerwearExcluded, outerwearSuggested: !outerwearExcluded && cool, label };
}

/** Whether an item suits the needed seasons (items without seasons suit all). */
export function suitsSeasons(item: Item, seasons: readonly Season[] | undefined): boolean {
  if (!seasons || item.seasons.length === 0) return true;
  return item.seasons.some((s) => seasons.includes(s));
}
