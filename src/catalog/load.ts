/**
 * Chooses and loads the active catalogues. Each dataset source's normalised items are cached in the data home, and
 * the whole indexed catalogue is snapshotted there, so that a restart reads one file instead of parsing and
 * indexing ~150k items.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Config } from '../config.ts';
import type { Catalog, Item, Logger } from '../types.ts';
import { CatalogError, indexItems, openCatalog } from './catalog.ts';
import { decodeItems, encodeItems } from './columns.ts';
import { DEMO_CATALOG_PATH, loadDemoItems } from './demo.ts';
import { codeHash, fileHashes } from './fingerprint.ts';
import { HM_ARTICLES, HM_TRANSACTIONS, loadHmItems } from './hm.ts';
import { NOT_FOR_SHOPPERS } from './hygiene.ts';
import { type LoadResult, loadMyntraItems, MYNTRA_STYLES } from './myntra.ts';
import { decodeSnapshot, encodeSnapshot, readSnapshotFile, type Section, writeSnapshotFile } from './snapshot.ts';
import { catalogFromSections, catalogSections } from './stored.ts';
import { TextIndexBuilder } from './text-index.ts';

/** A catalogue source name, as in `FASHION_CATALOGS`. */
export type SourceName = 'myntra' | 'hm' | 'demo';

/** Bump when a loader's output changes: every cache built by an older loader is then rebuilt. */
export const LOADER_VERSION = 12;

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

/** Bump when the snapshot's layout changes (the code hash catches changes of the loaders, taxonomy and index). */
const SNAPSHOT_FORMAT = 1;

/** What a source's items are built from: the loader and the content of its dataset files. */
function sourceKey(source: Exclude<SourceName, 'demo'>, dataDir: string, home: string) {
  const files = SOURCE_FILES[source];
  const hashes = fileHashes(
    files.map((file) => path.join(dataDir, file)),
    home,
  );
  return { source, loader: LOADER_VERSION, files: files.map((file, i) => ({ file, sha256: hashes[i] })) };
}

/** The cache file of one dataset source's normalised items (a snapshot, `snapshot.ts`). */
export const cacheFile = (home: string, source: string): string => path.join(home, 'cache', `catalog-${source}.snap`);

/** The snapshot file of a whole catalogue of these sources. */
export const snapshotFile = (home: string, sources: readonly string[]): string =>
  path.join(home, 'cache', `catalogue-${sources.join('+')}.snap`);

function readCached<T>(file: string, key: unknown, decode: (s: Map<string, Section>) => T, logger: Logger) {
  try {
    const sections = readSnapshotFile(file, key);
    return sections && decode(sections);
  } catch (error) {
    logger.warn('catalogue cache unreadable, rebuilding it', { file, error: (error as Error).message });
    return undefined;
  }
}

function writeCached(file: string, bytes: Uint8Array, logger: Logger): void {
  try {
    writeSnapshotFile(file, bytes);
  } catch (error) {
    logger.warn('cannot write the catalogue cache; the next start builds it again', {
      file,
      error: (error as Error).message,
    });
  }
}

/**
 * The normalised items of one dataset source, from the cache in `home` when it was built from the same dataset
 * content by the same loader version, otherwise parsed from the dataset and cached.
 * @example
 * const { items, from } = loadSourceItems('hm', config.dataDir!, config.home, logger);
 */
export function loadSourceItems(
  source: Exclude<SourceName, 'demo'>,
  dataDir: string,
  home: string,
  logger: Logger,
): { items: Item[]; from: 'cache' | 'dataset' } {
  const key = sourceKey(source, dataDir, home);
  const file = cacheFile(home, source);
  const cached = readCached(file, key, decodeItems, logger);
  if (cached) return { items: cached, from: 'cache' };
  let result: LoadResult;
  try {
    result = LOADERS[source](dataDir);
  } catch (error) {
    if (error instanceof CatalogError) throw error;
    throw new CatalogError(`cannot load the ${source} catalogue from ${dataDir}: ${(error as Error).message}`);
  }
  if (result.skipped.total > 0) {
    // Rows left out by choice (clothes for pets) are news for the log, not a fault in the data to warn about.
    const faulty = Object.keys(result.skipped.counts).some((reason) => reason !== NOT_FOR_SHOPPERS);
    const message = `${source}: skipped ${result.skipped.total} of ${result.rows} rows`;
    const details = { reasons: result.skipped.counts, examples: result.skipped.examples };
    if (faulty) logger.warn(message, details);
    else logger.info(message, details);
  }
  if (result.retyped?.length) {
    logger.info(`${source}: ${result.retyped.length} rows re-typed from their own descriptions`, {
      examples: result.retyped.slice(0, 5).map((r) => `${r.id} ${r.name}: ${r.from} → ${r.to}`),
    });
  }
  writeCached(file, encodeSnapshot(key, encodeItems(result.items)), logger);
  return { items: result.items, from: 'dataset' };
}

/** What a catalogue snapshot is built from: the code of the catalogue and the content of every source's files. */
function catalogueKey(config: Config, sources: readonly SourceName[]) {
  return {
    format: SNAPSHOT_FORMAT,
    code: codeHash('src/catalog'),
    sources: sources.map((source) =>
      source === 'demo'
        ? { source, sha256: fileHashes([path.join(config.projectRoot, DEMO_CATALOG_PATH)], config.home)[0] }
        : sourceKey(source, dataDirOf(config, source), config.home),
    ),
  };
}

/** Where a dataset source is read from; the active sources include one only when the data dir is set. */
function dataDirOf(config: Config, source: SourceName): string {
  if (!config.dataDir) throw new CatalogError(`the ${source} catalogue needs FASHION_DATA_DIR`);
  return config.dataDir;
}

/** A short hash of a snapshot key: the catalogue's fingerprint. */
const fingerprintOf = (key: unknown): string =>
  createHash('sha256').update(JSON.stringify(key)).digest('hex').slice(0, 16);

/** Every source's items, in source order, and where each came from. */
function sourceItems(config: Config, sources: readonly SourceName[], logger: Logger) {
  const items: Item[] = [];
  const loaded: Record<string, { items: number; from: string; ms: number }> = {};
  for (const source of sources) {
    const t0 = performance.now();
    const { items: sourceItems, from } =
      source === 'demo'
        ? { items: loadDemoItems(config.projectRoot), from: 'project' }
        : loadSourceItems(source, dataDirOf(config, source), config.home, logger);
    for (const item of sourceItems) items.push(item);
    loaded[source] = { items: sourceItems.length, from, ms: Math.round(performance.now() - t0) };
  }
  return { items, loaded };
}

/**
 * Loads the active catalogues (see `activeSources`) into one searchable catalogue: from the snapshot in the data
 * home when it was built from the same dataset content and catalogue code, otherwise from the sources (then
 * snapshotted). Logs what came from where, with counts and times.
 * @example
 * const catalog = await loadCatalog(config, logger); // Myntra + H&M (~150k items) when the datasets are present
 */
export async function loadCatalog(config: Config, logger: Logger): Promise<Catalog> {
  const started = performance.now();
  const sources = activeSources(config);
  const key = catalogueKey(config, sources);
  const file = snapshotFile(config.home, sources);
  const stored = readCached(file, key, catalogFromSections, logger);
  if (stored) {
    const counts: Record<string, { items: number; from: string }> = {};
    for (const source of sources) counts[source] = { items: 0, from: 'snapshot' };
    for (const item of stored.items) {
      const count = counts[item.source];
      if (count) count.items++;
    }
    logger.info('catalogue loaded', {
      sources: counts,
      items: stored.items.length,
      totalMs: Math.round(performance.now() - started),
      dataDir: config.dataDir ?? null,
    });
    return openCatalog(stored.items, stored.index, sources, { fingerprint: fingerprintOf(key) });
  }
  const { items, loaded } = sourceItems(config, sources, logger);
  const t1 = performance.now();
  // The catalogue's items are the sources' items, indexed; what the snapshot holds is what every start serves.
  const indexed = indexItems(items);
  indexed.index.text = new TextIndexBuilder(indexed.items).finish();
  const bytes = encodeSnapshot(key, catalogSections(indexed.items, indexed.index));
  writeCached(file, bytes, logger);
  const decoded = decodeSnapshot(bytes, key);
  if (!decoded) throw new CatalogError('the catalogue snapshot just written does not decode');
  const built = catalogFromSections(decoded);
  logger.info('catalogue loaded', {
    sources: loaded,
    items: built.items.length,
    indexMs: Math.round(performance.now() - t1),
    totalMs: Math.round(performance.now() - started),
    dataDir: config.dataDir ?? null,
  });
  return openCatalog(built.items, built.index, sources, { fingerprint: fingerprintOf(key) });
}
