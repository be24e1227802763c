/**
 * The outfit composer (DESIGN §6): complementary pieces for a department, occasion, season/weather and budget,
 * scored by co-purchase compatibility learned from H&M baskets plus colour and formality rules, three different
 * suggestions, one explanation each; "complete the look" around a given piece.
 */
import type { Config } from '../config.ts';
import type { Catalog, Item, Logger, OutfitComposer, Recommender, Signal } from '../types.ts';
import { loadCompatibilityParts } from './artifact.ts';
import { CompatibilityModel } from './compatibility.ts';
import { createComposer as createComposerWith } from './composer.ts';
import { familyOf } from './train.ts';

export { type AnchorDescription, findAnchor } from './anchor.ts';
export { outfitsHome } from './artifact.ts';
export { CompatibilityModel } from './compatibility.ts';
export type { ComposerOptions } from './composer.ts';
export { type HardConstraints, hardConstraints, outfitViolations } from './constraints.ts';
export { fitCompatibility, loadHmTrainingData, trainCompatibility } from './train.ts';

/**
 * Creates a composer. Without `compatibility` it composes with rules only (colour harmony, formality, season).
 * @example
 * const composer = createComposer(catalog, recommender, { compatibility: await loadCompatibility(config.home) });
 * composer.compose({ gender: 'men', occasion: 'wedding', excludeColors: [], excludeMaterials: [], k: 3 }, profile);
 */
export function createComposer(
  catalog: Catalog,
  recommender: Recommender,
  options: { compatibility?: CompatibilityModel; trendBoost?: (item: Item) => Signal | undefined } = {},
): OutfitComposer {
  return createComposerWith(catalog, recommender, options);
}

/**
 * The learned compatibility model saved in `<home>/outfits/`, or undefined when none was trained.
 * Throws when the files exist but cannot be read.
 * @example
 * const model = loadCompatibility(config.home);
 */
export function loadCompatibility(home: string): CompatibilityModel | undefined {
  const parts = loadCompatibilityParts(home);
  return parts ? new CompatibilityModel(parts, familyOf) : undefined;
}

/**
 * The learned outfit compatibility in the data home, or undefined (rules only); logged either way, never fatal.
 * @example
 * const compatibility = loadCompatibilityOrRules(config.home, logger);
 */
export function loadCompatibilityOrRules(home: string, logger: Logger): CompatibilityModel | undefined {
  let compatibility: CompatibilityModel | undefined;
  try {
    compatibility = loadCompatibility(home);
  } catch (error) {
    logger.warn('outfits: compatibility model unreadable; composing with rules only', {
      error: (error as Error).message,
    });
  }
  if (compatibility) {
    logger.info('outfits: composing with learned co-purchase compatibility', { model: compatibility.name });
  } else {
    logger.info('outfits: no trained compatibility model; composing with colour/formality/season rules only', {
      hint: 'run `fashion-advisor eval outfits` or `train outfits` to learn it from H&M baskets',
    });
  }
  return compatibility;
}

/**
 * The composer the app serves: with the learned compatibility when `<home>/outfits/` holds one, else rules only
 * (logged either way; a damaged artifact is logged and skipped, never fatal).
 * @example
 * const composer = await loadComposer(catalog, recommender, config, logger);
 */
export async function loadComposer(
  catalog: Catalog,
  recommender: Recommender,
  config: Config,
  logger: Logger,
  options: { trendBoost?: (item: Item) => Signal | undefined } = {},
): Promise<OutfitComposer> {
  const compatibility = loadCompatibilityOrRules(config.home, logger);
  return createComposerWith(catalog, recommender, { ...options, compatibility });
}
