/**
 * Which recommender serves: the trained hybrid model when artifacts exist in `<home>/recommender/`, else the
 * popularity + content baseline (said in the log). Newer artifacts are picked up without a restart: the
 * recommender looks at `metadata.json`'s modification time at most every few seconds and swaps in the new model
 * once it has loaded (requests keep being served by the old one meanwhile). With `deferServingState`, the first
 * model's serving state (seconds to compute, a large snapshot to read) is built on its first ranking or on `warm()`,
 * so that a start whose first turns rank nothing does not wait for it.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../../src/config.ts';
import type { Catalog, Clock, Logger, Recommender } from '../../src/types.ts';
import { systemClock } from '../../src/util/random.ts';
import { type Artifacts, artifactDir, loadArtifacts } from './artifacts.ts';
import { createBaselineRecommender } from './baseline.ts';
import { createHybridRecommender, hybridName } from './hybrid.ts';
import { servingState } from './serving-state.ts';

export { artifactDir };

/** A recommender that reloads its artifacts when they change. */
export interface ReloadingRecommender extends Recommender {
  /** Checks the artifacts now and resolves once a changed model is loaded; true when it swapped models. */
  refresh(): Promise<boolean>;
  /** Builds a deferred serving state now (see `LoadOptions.deferServingState`); nothing when there is none. */
  warm(): void;
}

/** Options of `loadRecommender`. */
export interface LoadOptions {
  clock?: Clock;
  /** How often (at most) to look for newer artifacts. */
  checkEveryMs?: number;
  /** Build the first trained model's serving state on its first ranking or on `warm()`, not before returning. */
  deferServingState?: boolean;
}

/** A recommender built on first use, known by its name before that; `recover` stands in when the build fails. */
function deferredRecommender(
  name: string,
  build: () => Recommender,
  recover: (error: Error) => Recommender,
): Recommender & { warm(): void } {
  let built: Recommender | undefined;
  const loaded = (): Recommender => {
    if (!built) {
      try {
        built = build();
      } catch (error) {
        built = recover(error as Error);
      }
    }
    return built;
  };
  return {
    get name() {
      return built?.name ?? name;
    },
    rank: (request) => loaded().rank(request),
    warm: () => void loaded(),
  };
}

/** The hybrid recommender over its serving state (from the data home's cache when unchanged). */
const servedHybrid = (catalog: Catalog, artifacts: Artifacts, where: { home: string; dir: string; logger: Logger }) =>
  createHybridRecommender(catalog, artifacts, servingState(catalog, artifacts, where));

function mtimeOf(file: string): number | undefined {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
}

/**
 * The recommender to serve with: hybrid when trained artifacts exist, else the baseline; hot-reloads.
 * @example
 * const recommender = await loadRecommender(catalog, config, logger); // baseline until `train recommender` ran
 * recommender.rank({ query: { categories: ['dress'] }, profile, k: 12 });
 */
export async function loadRecommender(
  catalog: Catalog,
  config: Config,
  logger: Logger,
  options: LoadOptions = {},
): Promise<ReloadingRecommender> {
  const clock = options.clock ?? systemClock;
  const every = options.checkEveryMs ?? 5000;
  const dir = artifactDir(config.home);
  const file = path.join(dir, 'metadata.json');
  let baseline: Recommender | undefined;
  const fallback = () => (baseline ??= createBaselineRecommender(catalog));
  let current: Recommender | undefined;
  let loadedMtime: number | undefined;
  let lastCheck = clock.now();
  let loading: Promise<boolean> | undefined;
  let deferred: (Recommender & { warm(): void }) | undefined;

  const load = async (mtime: number): Promise<boolean> => {
    try {
      const artifacts = await loadArtifacts(dir);
      const build = () => servedHybrid(catalog, artifacts, { home: config.home, dir, logger });
      // Only the first model waits for its first ranking: a newer one is built before it replaces a serving one.
      deferred =
        options.deferServingState && !current
          ? deferredRecommender(hybridName(artifacts.metadata), build, (error) => {
              logger.warn(`recommender: cannot build the serving state (${error.message}); serving the baseline`);
              return fallback();
            })
          : undefined;
      current = deferred ?? build();
      logger.info(`recommender: serving the trained hybrid model ${current.name}`, {
        dir,
        trainedOn: artifacts.metadata.trainedOn,
        createdAt: artifacts.metadata.createdAt,
      });
      return true;
    } catch (error) {
      logger.warn(
        `recommender: cannot load the artifacts in ${dir} (${(error as Error).message}); keeping ${(current ?? fallback()).name}`,
      );
      return false;
    } finally {
      loadedMtime = mtime;
    }
  };
  const check = (): Promise<boolean> => {
    if (loading) return loading;
    const mtime = mtimeOf(file);
    if (mtime === undefined || mtime === loadedMtime) return Promise.resolve(false);
    loading = load(mtime).finally(() => {
      loading = undefined;
    });
    return loading;
  };

  if (existsSync(file)) await check();
  else {
    logger.info(
      `recommender: no trained model in ${dir}: serving the popularity+content baseline (run \`fashion-advisor train recommender\`)`,
    );
  }
  return {
    get name() {
      return (current ?? fallback()).name;
    },
    rank(request) {
      const now = clock.now();
      if (now - lastCheck >= every) {
        lastCheck = now;
        void check();
      }
      return (current ?? fallback()).rank(request);
    },
    refresh: check,
    warm: () => deferred?.warm(),
  };
}
