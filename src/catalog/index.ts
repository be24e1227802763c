/**
 * The catalogue (DESIGN §4): the canonical vocabulary, the searchable index, the demo catalogue and the dataset
 * loaders. Other parts import from here.
 * @example
 * import { loadCatalog } from '../catalog/index.ts';
 * const catalog = await loadCatalog(config, logger);
 * catalog.search({ categories: ['loafers'], genders: ['men'], season: 'summer' }, 5);
 */
export { CatalogError, type CatalogOptions, createCatalog } from './catalog.ts';
export { loadDemoItems, parseDemoItems } from './demo.ts';
export { activeSources, LOADER_VERSION, loadCatalog, loadSourceItems, type SourceName } from './load.ts';
export { compileQuery, gendersAccepted, itemMatches } from './query.ts';
export * from './taxonomy.ts';
