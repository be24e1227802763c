/**
 * Caches of whole ranking answers: the recommender's top-k and the composer's outfits are pure functions of the
 * request, the user's tastes (the profile minus identity and presentation), the composer's variety bucket and the models. Shoppers ask the same
 * things ("an outfit for a summer wedding, men") again and again, so identical requests from users with identical
 * tastes are answered once. Keys carry the model version, so a hot-reloaded model starts a fresh cache.
 * Cached answers are frozen: they are shared between users and must never be edited in place.
 */
import { varietySeed } from '../outfits/variety.ts';
import type { FeedbackEntry, OutfitComposer, Profile, Recommender } from '../types.ts';
import { LruCache } from '../util/lru-cache.ts';
import { latestVotes } from './votes.ts';

/**
 * Everything in a profile that may change what is recommended or composed — all of it except who the user is,
 * when they joined, and how replies are worded (tone, language, trend-sharing consent).
 * @example
 * profileSignature(a) === profileSignature(b); // same tastes → same rankings
 */
export function profileSignature(profile: Profile): string {
  const {
    userId: _user,
    createdAt: _created,
    tone: _tone,
    language: _language,
    trendOptIn: _consent,
    feedback,
    ...taste
  } = profile;
  const fields: Record<string, unknown> = { ...taste, feedback: voteSignature(feedback) };
  return JSON.stringify(
    Object.keys(fields)
      .sort()
      .map((key) => [key, fields[key]]),
  );
}

/**
 * What the rankings take from 👍/👎 (`historyOf`): the latest vote per item, not when it was cast nor the votes it
 * replaced — so shoppers who voted alike share answers. Sorted by item id.
 */
function voteSignature(feedback: readonly FeedbackEntry[]): [string, number][] {
  return [...latestVotes(feedback).values()]
    .sort((a, b) => (a.itemId < b.itemId ? -1 : a.itemId > b.itemId ? 1 : 0))
    .map((entry) => [entry.itemId, entry.value]);
}

function freezeDeep<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    // Catalogue items are shared already and stay as they are; everything around them is frozen.
    for (const [key, child] of Object.entries(value)) if (key !== 'item' && key !== 'anchor') freezeDeep(child);
  }
  return value;
}

/** Options of the request caches. */
export interface RequestCacheOptions {
  /** Entries kept (least recently used are forgotten). */
  capacity?: number;
  /** The version of the models behind the answers (default: the wrapped service's name, read per request). */
  version?: () => string;
  /**
   * Freeze cached answers (default true). Only for a cache whose one caller is known never to edit what it gets
   * (the composer's own rankings): freezing long rankings costs more than it protects there.
   */
  freeze?: boolean;
}

/**
 * A recommender that answers identical requests (query, k, seeds, tastes) from a cache.
 * @example
 * const recommender = cachedRecommender(loaded, { version: () => loaded.name });
 */
export function cachedRecommender(
  recommender: Recommender,
  options: RequestCacheOptions = {},
): Recommender & { cache: LruCache<unknown> } {
  const cache = new LruCache<ReturnType<Recommender['rank']>>(options.capacity ?? 10_000);
  const version = options.version ?? (() => recommender.name);
  const keep = options.freeze === false ? <T>(value: T) => value : freezeDeep;
  return {
    get name() {
      return recommender.name;
    },
    cache,
    rank(request) {
      const key = JSON.stringify([
        version(),
        request.query,
        request.k,
        request.seeds ?? null,
        profileSignature(request.profile),
      ]);
      return cache.getOrCompute(key, () => keep(recommender.rank(request)));
    },
  };
}

/**
 * A composer that answers identical outfit requests from users with identical tastes from a cache.
 * @example
 * const composer = cachedComposer(loadedComposer, { version: () => `${loadedComposer.name}|${recommender.name}` });
 */
export function cachedComposer(
  composer: OutfitComposer,
  options: RequestCacheOptions = {},
): OutfitComposer & { cache: LruCache<unknown> } {
  const cache = new LruCache<ReturnType<OutfitComposer['compose']>>(options.capacity ?? 5000);
  const version = options.version ?? (() => composer.name);
  return {
    get name() {
      return composer.name;
    },
    cache,
    compose(request, profile) {
      // Shoppers of one taste but another variety bucket get other looks (see outfits/variety.ts).
      const key = JSON.stringify([version(), request, profileSignature(profile), varietySeed(profile)]);
      return cache.getOrCompute(key, () => freezeDeep(composer.compose(request, profile)));
    },
  };
}
