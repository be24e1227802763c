/** Catalogue items, the queries that select them, and the catalogue interface. */

/** Who an item is for. H&M "Baby/Children" maps to `kids`; "Divided" to `women`. */
export type Gender = 'men' | 'women' | 'unisex' | 'boys' | 'girls' | 'kids';
/** Every `Gender`, in display order. */
export const GENDERS: readonly Gender[] = ['men', 'women', 'unisex', 'boys', 'girls', 'kids'];

/** Coarse garment families, used by the outfit composer's templates. */
export type Category =
  | 'top'
  | 'bottom'
  | 'dress'
  | 'suit'
  | 'outerwear'
  | 'footwear'
  | 'accessory'
  | 'bag'
  | 'underwear'
  | 'nightwear'
  | 'swimwear'
  | 'beauty'
  | 'other';

/** A season of the year. */
export type Season = 'spring' | 'summer' | 'autumn' | 'winter';
/** Every `Season`, in calendar order from spring. */
export const SEASONS: readonly Season[] = ['spring', 'summer', 'autumn', 'winter'];

/** How an item is meant to be worn (Myntra `usage`, inferred for H&M and demo items). */
export type Usage = 'casual' | 'smart_casual' | 'formal' | 'party' | 'sports' | 'ethnic' | 'travel' | 'home';

/** One normalised catalogue item (DESIGN §4). Prices are in EUR when known. */
export interface Item {
  /** Globally unique: `myntra:15970`, `hm:0108775015`, `demo:m-shirt-01`. */
  id: string;
  source: 'myntra' | 'hm' | 'demo';
  name: string;
  gender: Gender;
  category: Category;
  /** Canonical article type from `src/catalog/taxonomy.ts` (e.g. `t-shirt`, `jeans`, `sneakers`). */
  articleType: string;
  /** Canonical colour names (`black`, `navy`, `beige` …), main colour first. */
  colors: string[];
  pattern?: string;
  materials: string[];
  /** Seasons it suits; empty means all seasons. */
  seasons: Season[];
  usage: Usage[];
  /** 0 (sport, loungewear) … 1 (black tie). */
  formality: number;
  /** EUR, when known. */
  price?: number;
  brand?: string;
  sizes?: string[];
  description?: string;
  /** Purchases seen in the interaction data (0 when none). */
  popularity: number;
}

/** A catalogue query made from slots. All fields are optional conjunctive filters. */
export interface ItemQuery {
  /** Canonical article types or coarse categories (any of them matches). */
  categories?: string[];
  colors?: string[];
  excludeColors?: string[];
  genders?: Gender[];
  season?: Season;
  usage?: Usage[];
  /** EUR. An item without a price never matches a query with a price bound. */
  priceMin?: number;
  priceMax?: number;
  pattern?: string;
  materials?: string[];
  excludeMaterials?: string[];
  /** Free-text words matched against names and descriptions (all must match). */
  words?: string[];
  excludeIds?: string[];
  /** Article types, groups or coarse categories excluded ("no jeans", "he has enough hoodies"). */
  excludeCategories?: string[];
}

/** A searchable catalogue (DESIGN §4). */
export interface Catalog {
  readonly items: readonly Item[];
  readonly size: number;
  /** Which sources are loaded, e.g. `['myntra', 'hm']`. */
  readonly sources: readonly string[];
  /**
   * Identifies the dataset content and catalogue code the catalogue was built from (set by `loadCatalog`), so that
   * values derived from it can be kept across restarts; absent for catalogues built in memory.
   */
  readonly fingerprint?: string;
  get(id: string): Item | undefined;
  /** Internal index of an item id (position in `items`), or -1. */
  indexOf(id: string): number;
  /** Positions in `items` of every item matching the query, ascending. */
  match(query: ItemQuery): Uint32Array;
  /** Matching items, most popular first, at most `limit`. */
  search(query: ItemQuery, limit?: number): Item[];
}
