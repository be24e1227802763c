/**
 * Which recommender serves: the trained hybrid model when artifacts exist in `<home>/recommender/`, else the
 * popularity + content baseline (said in the log). Newer artifacts are picked up without a restart: the
 * recommender looks at `metadata.json`'s modification time at most every few seconds and swaps in the new model
 * once it has loaded (requests keep being served by the old one meanwhile).
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../../src/config.ts';
import type { Catalog, Clock, Logger, Recommender } from '../../src/types.ts';
import { systemClock } from '../../src/util/random.ts';
import { artifactDir, loadArtifacts } from './artifacts.ts';
import { createBaselineRecommender } from './baseline.ts';
import { createHybridRecommender } from './hybrid.ts';
import { servingState } from './serving-state.ts';

export { artifactDir };

/** A recommender that reloads its artifacts when they change. */
export interface ReloadingRecommender extends Recommender {
  /** Checks the artifacts now and resolves once a changed model is loaded; true when it swapped models. */
  refresh(): Promise<boolean>;
}

/** Options of `loadRecommender`. */
export interface LoadOptions {
  clock?: Clock;
  /** How often (at most) to look for newer artifacts. */
  checkEveryMs?: number;
}

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

  const load = async (mtime: number): Promise<boolean> => {
    try {
      const artifacts = await loadArtifacts(dir);
      current = createHybridRecommender(
        catalog,
        artifacts,
        servingState(catalog, artifacts, { home: config.home, dir, logger }),
      );
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
  };
}
