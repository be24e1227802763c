import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CatalogError } from '../../src/catalog/catalog.ts';
import { HM_ARTICLES, HM_TRANSACTIONS } from '../../src/catalog/hm.ts';
import { activeSources, cacheFile, loadCatalog, loadSourceItems, snapshotFile } from '../../src/catalog/load.ts';
import { MYNTRA_STYLES } from '../../src/catalog/myntra.ts';
import { loadConfig } from '../../src/config.ts';
import type { Logger } from '../../src/types.ts';

const HEADER = 'id,gender,masterCategory,subCategory,articleType,baseColour,season,year,usage,productDisplayName';
const temporary: string[] = [];

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'fa-catalog-'));
  temporary.push(dir);
  return dir;
}

/** A data directory holding a small Myntra file (and optionally empty H&M files). */
function dataDir(rows: string[], withHm = false): string {
  const dir = tempDir();
  mkdirSync(path.join(dir, path.dirname(MYNTRA_STYLES)), { recursive: true });
  writeFileSync(path.join(dir, MYNTRA_STYLES), [HEADER, ...rows, ''].join('\n'));
  if (withHm) {
    mkdirSync(path.join(dir, path.dirname(HM_ARTICLES)), { recursive: true });
    writeFileSync(path.join(dir, HM_ARTICLES), '');
    writeFileSync(path.join(dir, HM_TRANSACTIONS), '');
  }
  return dir;
}

/** A logger that keeps what it is told. */
function recordingLogger() {
  const lines: { level: string; message: string; fields?: Record<string, unknown> }[] = [];
  const at =
    (level: string) =>
    (message: string, fields?: Record<string, unknown>): void => {
      lines.push({ level, message, fields });
    };
  const logger: Logger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
  return { logger, lines };
}

const ROWS = [
  '1,Men,Apparel,Topwear,Shirts,White,Summer,2012,Formal,Crisp White Shirt',
  '2,Women,Footwear,Shoes,Heels,Black,Fall,2012,Party,Black Heels, Evening',
];

afterEach(() => {
  for (const dir of temporary.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('activeSources', () => {
  it('uses FASHION_CATALOGS when set, the datasets present otherwise, else the demo', () => {
    const both = dataDir(ROWS, true);
    const myntraOnly = dataDir(ROWS);
    expect(activeSources({ FASHION_CATALOGS: 'demo', dataDir: both })).toEqual(['demo']);
    expect(activeSources({ FASHION_CATALOGS: 'hm,demo,hm', dataDir: both })).toEqual(['hm', 'demo']);
    expect(activeSources({ dataDir: both })).toEqual(['myntra', 'hm']);
    expect(activeSources({ dataDir: myntraOnly })).toEqual(['myntra']);
    expect(activeSources({ dataDir: undefined })).toEqual(['demo']);
    expect(activeSources({ dataDir: tempDir() })).toEqual(['demo']);
  });

  it('says which file is missing when FASHION_CATALOGS names an absent dataset', () => {
    expect(() => activeSources({ FASHION_CATALOGS: 'hm', dataDir: dataDir(ROWS) })).toThrow(CatalogError);
    expect(() => activeSources({ FASHION_CATALOGS: 'hm', dataDir: dataDir(ROWS) })).toThrow(/articles\.csv\.gz/);
    expect(() => activeSources({ FASHION_CATALOGS: 'myntra', dataDir: undefined })).toThrow(/FASHION_DATA_DIR/);
  });
});

describe('loadSourceItems cache', () => {
  it('parses the dataset once, then reads the cache until the file changes', () => {
    const data = dataDir(ROWS);
    const home = tempDir();
    const { logger } = recordingLogger();
    const first = loadSourceItems('myntra', data, home, logger);
    expect(first.from).toBe('dataset');
    expect(first.items.map((i) => i.name)).toEqual(['Crisp White Shirt', 'Black Heels, Evening']);
    const second = loadSourceItems('myntra', data, home, logger);
    expect(second.from).toBe('cache');
    expect(second.items).toEqual(JSON.parse(JSON.stringify(first.items)));

    writeFileSync(
      path.join(data, MYNTRA_STYLES),
      [HEADER, ...ROWS, '3,Men,Apparel,Bottomwear,Jeans,Blue,Summer,2012,Casual,Blue Jeans', ''].join('\n'),
    );
    const third = loadSourceItems('myntra', data, home, logger);
    expect(third.from).toBe('dataset');
    expect(third.items).toHaveLength(3);
  });

  it('rebuilds a damaged cache with a warning, and warns about skipped rows', () => {
    const data = dataDir([...ROWS, 'oops,Men']);
    const home = tempDir();
    const { logger, lines } = recordingLogger();
    loadSourceItems('myntra', data, home, logger);
    expect(lines.find((l) => l.level === 'warn')?.message).toMatch(/myntra: skipped 1 of 3 rows/);
    const file = cacheFile(home, 'myntra');
    writeFileSync(file, readFileSync(file).subarray(0, 200));
    const again = loadSourceItems('myntra', data, home, logger);
    expect(again.from).toBe('dataset');
    expect(again.items).toHaveLength(2);
    expect(lines.some((l) => l.level === 'warn' && /cache unreadable/.test(l.message))).toBe(true);
  });

  it('keeps working when the data home cannot be written', () => {
    const data = dataDir(ROWS);
    const home = tempDir();
    writeFileSync(path.join(home, 'cache'), 'a file where the cache directory should be');
    const { logger, lines } = recordingLogger();
    const result = loadSourceItems('myntra', data, home, logger);
    expect(result.items).toHaveLength(2);
    expect(lines.some((l) => l.level === 'warn' && /cannot write the catalogue cache/.test(l.message))).toBe(true);
  });

  it('reads the cache again when a dataset file is touched but its content is the same', () => {
    const data = dataDir(ROWS);
    const home = tempDir();
    const { logger } = recordingLogger();
    loadSourceItems('myntra', data, home, logger);
    const file = path.join(data, MYNTRA_STYLES);
    writeFileSync(file, readFileSync(file));
    expect(loadSourceItems('myntra', data, home, logger).from).toBe('cache');
  });
});

describe('loadCatalog', () => {
  it('loads the demo catalogue when asked, and logs counts and sources', async () => {
    const { logger, lines } = recordingLogger();
    const config = loadConfig({ FASHION_CATALOGS: 'demo', FASHION_HOME: tempDir() });
    const catalog = await loadCatalog(config, logger);
    expect(catalog.sources).toEqual(['demo']);
    expect(catalog.size).toBeGreaterThanOrEqual(120);
    const line = lines.find((l) => l.message === 'catalogue loaded');
    expect(line?.fields).toMatchObject({ items: catalog.size, sources: { demo: { items: catalog.size } } });
  });

  it('combines sources into one catalogue', async () => {
    const { logger } = recordingLogger();
    const config = loadConfig({
      FASHION_CATALOGS: 'myntra,demo',
      FASHION_DATA_DIR: dataDir(ROWS),
      FASHION_HOME: tempDir(),
    });
    const catalog = await loadCatalog(config, logger);
    expect(catalog.sources).toEqual(['myntra', 'demo']);
    expect(catalog.get('myntra:2')?.name).toBe('Black Heels, Evening');
    expect(catalog.search({ categories: ['heels'], genders: ['women'] }, 100).map((i) => i.source)).toContain('myntra');
    expect(catalog.search({ categories: ['heels'], genders: ['women'] }, 100).map((i) => i.source)).toContain('demo');
  });
});

describe('catalogue snapshot', () => {
  const from = (lines: ReturnType<typeof recordingLogger>['lines']) =>
    lines.filter((l) => l.message === 'catalogue loaded').map((l) => l.fields?.sources);

  it('serves a restart from the snapshot, the same items in the same order, with the same answers', async () => {
    const config = loadConfig({
      FASHION_CATALOGS: 'myntra,demo',
      FASHION_DATA_DIR: dataDir(ROWS),
      FASHION_HOME: tempDir(),
    });
    const first = recordingLogger();
    const built = await loadCatalog(config, first.logger);
    const again = recordingLogger();
    const stored = await loadCatalog(config, again.logger);
    expect(from(first.lines)[0]).toMatchObject({ myntra: { from: 'dataset' }, demo: { from: 'project' } });
    expect(from(again.lines)[0]).toMatchObject({ myntra: { items: 2, from: 'snapshot' }, demo: { from: 'snapshot' } });
    expect(stored.items).toEqual(JSON.parse(JSON.stringify(built.items)));
    const query = { categories: ['heels'], genders: ['women' as const], words: ['evening'] };
    expect(stored.search(query, 100)).toEqual(JSON.parse(JSON.stringify(built.search(query, 100))));
    expect(stored.get('myntra:1')?.name).toBe('Crisp White Shirt');
  });

  it('is rebuilt when a dataset changes, and rebuilt with a warning when damaged', async () => {
    const data = dataDir(ROWS);
    const home = tempDir();
    const config = loadConfig({ FASHION_CATALOGS: 'myntra', FASHION_DATA_DIR: data, FASHION_HOME: home });
    const { logger, lines } = recordingLogger();
    await loadCatalog(config, logger);
    writeFileSync(
      path.join(data, MYNTRA_STYLES),
      [HEADER, ...ROWS, '3,Men,Apparel,Bottomwear,Jeans,Blue,Summer,2012,Casual,Blue Jeans', ''].join('\n'),
    );
    expect((await loadCatalog(config, logger)).size).toBe(3);
    const file = snapshotFile(home, ['myntra']);
    writeFileSync(file, readFileSync(file).subarray(0, 300));
    expect((await loadCatalog(config, logger)).get('myntra:3')?.name).toBe('Blue Jeans');
    expect(from(lines).map((s) => (s as Record<string, { from: string }>).myntra!.from)).toEqual([
      'dataset',
      'dataset',
      'cache',
    ]);
    expect(lines.some((l) => l.level === 'warn' && /cache unreadable/.test(l.message))).toBe(true);
  });
});
