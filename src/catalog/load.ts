/**
 * Chooses and loads the active catalogues, caching the normalised dataset items in the data home so that a restart
 * takes well under a second or two instead of re-parsing the datasets.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Config } from '../config.ts';
import type { Catalog, Item, Logger } from '../types.ts';
import { CatalogError, createCatalog } from './catalog.ts';
import { decodeItems, encodeItems } from './columns.ts';
import { loadDemoItems } from './demo.ts';
import { HM_ARTICLES, HM_TRANSACTIONS, loadHmItems } from './hm.ts';
import { type LoadResult, loadMyntraItems, MYNTRA_STYLES } from './myntra.ts';

/** A catalogue source name, as in `FASHION_CATALOGS`. */
export type SourceName = 'myntra' | 'hm' | 'demo';

/** Bump when a loader's output changes: every cache built by an older loader is then rebuilt. */
export const LOADER_VERSION = 8;

/** Dataset files each dataset source reads, relative to the data directory. */
export const SOURCE_FILES: Readonly<Record<Exclude<SourceName, 'demo'>, readonly string[]>> = {
  myntra: [MYNTRA_STYLES],
  hm: [HM_ARTICLES, HM_TRANSACTIONS],
};

const LOADERS: Readonly<Record<Exclude<SourceName, 'demo'>, (dataDir: string) => LoadResult>> = {
  myntra: loadMyntraItems,
  hm: loadHmItems,
};

const hasFiles = (dataDir: string | undefined, source: Exclude<SourceName, 'demo'>): boolean =>
  dataDir !== undefined && SOURCE_FILES[source].every((file) => existsSync(path.join(dataDir, file)));

/**
 * The sources to load: `FASHION_CATALOGS` when set (throws `CatalogError` when a named dataset is missing);
 * otherwise Myntra and H&M, those whose files are in the data directory; otherwise the demo catalogue.
 * @example
 * activeSources(loadConfig({ FASHION_CATALOGS: 'demo' })); // ['demo']
 */
export function activeSources(config: Pick<Config, 'FASHION_CATALOGS' | 'dataDir'>): SourceName[] {
  if (config.FASHION_CATALOGS) {
    const requested = [...new Set(config.FASHION_CATALOGS.split(','))] as SourceName[];
    for (const source of requested) {
      if (source !== 'demo' && !hasFiles(config.dataDir, source)) {
        const where = config.dataDir ?? '(no data directory: set FASHION_DATA_DIR)';
        throw new CatalogError(
          `FASHION_CATALOGS asks for ${source}, but ${SOURCE_FILES[source].join(' and ')} ${SOURCE_FILES[source].length > 1 ? 'are' : 'is'} not in ${where}`,
        );
      }
    }
    return requested;
  }
  const datasets = (['myntra', 'hm'] as const).filter((source) => hasFiles(config.dataDir, source));
  return datasets.length > 0 ? datasets : ['demo'];
}

interface CacheKey {
  source: string;
  loader: number;
  files: { file: string; size: number; mtimeMs: number }[];
}

function cacheKey(source: Exclude<SourceName, 'demo'>, dataDir: string): CacheKey {
  return {
    source,
    loader: LOADER_VERSION,
    files: SOURCE_FILES[source].map((file) => {
      const stat = statSync(path.join(dataDir, file));
      return { file: path.join(dataDir, file), size: stat.size, mtimeMs: stat.mtimeMs };
    }),
  };
}

/** The cache file of a source: line 1 its key (JSON), line 2 the items (columnar JSON, `columns.ts`). */
export const cacheFile = (home: string, source: string): string => path.join(home, 'cache', `catalog-${source}.json`);

function readCache(file: string, key: CacheKey, logger: Logger): Item[] | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const text = readFileSync(file, 'utf8');
    const newline = text.indexOf('\n');
    if (newline === -1 || text.slice(0, newline) !== JSON.stringify(key)) return undefined;
    return decodeItems(text.slice(newline + 1));
  } catch (error) {
    logger.warn('catalogue cache unreadable, rebuilding it', { file, error: (error as Error).message });
    return undefined;
  }
}

function writeCache(file: string, key: CacheKey, items: readonly Item[], logger: Logger): void {
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(key)}\n${encodeItems(items)}`);
    renameSync(temporary, file);
  } catch (error) {
    logger.warn('cannot write the catalogue cache; the next start re-reads the dataset', {
      file,
      error: (error as Error).message,
    });
  }
}

/**
 * The normalised items of one dataset source, from the cache in `home` when it matches the dataset files (size and
 * modification time) and the loader version, otherwise parsed from the dataset and cached.
 * @example
 * const { items, from } = loadSourceItems('hm', config.dataDir!, config.home, logger);
 */
export function loadSourceItems(
  source: Exclude<SourceName, 'demo'>,
  dataDir: string,
  home: string,
  logger: Logger,
): { items: Item[]; from: 'cache' | 'dataset' } {
  const key = cacheKey(source, dataDir);
  const file = cacheFile(home, source);
  const cached = readCache(file, key, logger);
  if (cached) return { items: cached, from: 'cache' };
  let result: LoadResult;
  try {
    result = LOADERS[source](dataDir);
  } catch (error) {
    if (error instanceof CatalogError) throw error;
    throw new CatalogError(`cannot load the ${source} catalogue from ${dataDir}: ${(error as Error).message}`);
  }
  if (result.skipped.total > 0) {
    logger.warn(`${source}: skipped ${result.skipped.total} of ${result.rows} rows`, {
      reasons: result.skipped.counts,
      examples: result.skipped.examples,
    });
  }
  writeCache(file, key, result.items, logger);
  return { items: result.items, from: 'dataset' };
}

/**
 * Loads the active catalogues (see `activeSources`) into one searchable catalogue and logs what came from where,
 * with counts and times.
 * @example
 * const catalog = await loadCatalog(config, logger); // Myntra + H&M (~150k items) when the datasets are present
 */
export async function loadCatalog(config: Config, logger: Logger): Promise<Catalog> {
  const started = performance.now();
  const sources = activeSources(config);
  const items: Item[] = [];
  const loaded: Record<string, { items: number; from: string; ms: number }> = {};
  for (const source of sources) {
    const t0 = performance.now();
    const { items: sourceItems, from } =
      source === 'demo'
        ? { items: loadDemoItems(config.projectRoot), from: 'project' }
        : loadSourceItems(source, config.dataDir!, config.home, logger);
    for (const item of sourceItems) items.push(item);
    loaded[source] = { items: sourceItems.length, from, ms: Math.round(performance.now() - t0) };
  }
  const t1 = performance.now();
  const catalog = createCatalog(items, sources, { warmTextIndex: true });
  logger.info('catalogue loaded', {
    sources: loaded,
    items: catalog.size,
    indexMs: Math.round(performance.now() - t1),
    totalMs: Math.round(performance.now() - started),
    dataDir: config.dataDir ?? null,
  });
  return catalog;
}
