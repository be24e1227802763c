/** The services the engine ranks, composes and forecasts with. */
import type { Gender, ItemQuery, Season } from './catalog.ts';
import type { Outfit, ScoredItem } from './scores.ts';
import type { Weather } from './slots.ts';
import type { Profile } from './state.ts';

/** What to rank: a query, for a profile, `k` items. */
export interface RecommendRequest {
  query: ItemQuery;
  profile: Profile;
  k: number;
  /** Items the recommendation should resemble ("more like this"). */
  seeds?: string[];
}

/** Ranks catalogue items for a user under constraints. */
export interface Recommender {
  /** e.g. `hybrid-tfjs@<hash>` or `popularity+content`. */
  readonly name: string;
  rank(request: RecommendRequest): ScoredItem[];
}

/** What the composer builds looks for. */
export interface OutfitRequest {
  gender?: Gender;
  occasion?: string;
  season?: Season;
  weather?: Weather;
  /** Total budget in EUR. */
  budgetMax?: number;
  colors?: string[];
  excludeColors: string[];
  excludeMaterials: string[];
  style?: string;
  sizes?: Record<string, string>;
  /** Build the outfits around this item ("what goes with my white sneakers?"). */
  anchorItemId?: string;
  k: number;
}

/** Builds outfits from the catalogue for a request and a profile. */
export interface OutfitComposer {
  readonly name: string;
  compose(request: OutfitRequest, profile: Profile): Outfit[];
}

/** One weekly value of a trend series. */
export interface TrendPoint {
  week: string; // ISO date of the week start
  value: number;
}

/** A trend series with its forecast and label. */
export interface TrendForecast {
  term: string;
  region: string;
  dataset: string;
  history: TrendPoint[];
  forecast: (TrendPoint & { lo: number; hi: number })[];
  label: 'rising' | 'steady' | 'falling';
  /** Relative change of the forecast mean over the horizon vs the last observed level. */
  change: number;
  model: string;
}

/** Which trends to forecast. */
export interface TrendQuery {
  term?: string;
  region?: string;
  season?: Season;
  horizon?: number;
}

/** Forecasts fashion trends and draws their charts. */
export interface TrendService {
  readonly name: string;
  /** Forecast for one term, or undefined when the data does not cover it. */
  forecast(query: TrendQuery): TrendForecast | undefined;
  /** The most rising terms. */
  top(query: TrendQuery, n: number): TrendForecast[];
  /** Chart of a forecast as SVG. */
  chart(forecast: TrendForecast): string;
}
