/**
 * An outfit composer whose learned model is loaded when it is first needed instead of before the first reply:
 * reading and unpacking the compatibility artifact takes about a second of start-up that a greeting, a question or a
 * product search never uses. The app starts the load itself once the first reply is out (`warm`), so that the
 * first outfit request usually finds it ready.
 */
import type { OutfitComposer } from './types.ts';

/** A composer that loads on first use or on `warm()`. */
export interface DeferredComposer extends OutfitComposer {
  /** Loads the composer now unless it is loaded already. */
  warm(): void;
  /** Whether the composer is loaded. */
  readonly loaded: boolean;
}

/** The name a deferred composer reports (the turn log records it) while nothing has loaded it yet. */
export const NOT_LOADED = 'outfits:not-loaded-yet';

/**
 * Wraps a synchronous loader (a failing load is the loader's to report; it must return a composer).
 * @example
 * const composer = deferredComposer(() => createComposer(catalog, recommender, { compatibility: loadCompatibility(home) }));
 * composer.name; // 'outfits:not-loaded-yet'
 * composer.compose(request, profile); // loads, then composes
 */
export function deferredComposer(load: () => OutfitComposer): DeferredComposer {
  let composer: OutfitComposer | undefined;
  const loaded = (): OutfitComposer => {
    composer ??= load();
    return composer;
  };
  return {
    get name() {
      return composer?.name ?? NOT_LOADED;
    },
    get loaded() {
      return composer !== undefined;
    },
    warm() {
      loaded();
    },
    compose(request, profile) {
      return loaded().compose(request, profile);
    },
  };
}
