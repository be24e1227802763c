/**
 * The recommender (DESIGN §5): a hybrid model trained on H&M purchases and item content, served over the whole
 * catalogue under the dialogue's constraints; a popularity + content baseline when no trained artifacts exist.
 */
export { createBaselineRecommender } from './baseline.ts';
export { loadRecommender } from './load.ts';
