/**
 * `fashion-advisor bench catalog [--queries N] [--baseline N] [--seed S] [--json]`: catalogue search speed.
 *
 * Loads the active catalogues (Myntra + H&M when the datasets are present), runs N seeded random slot queries
 * (`search(query, 20)`, the engine's call) through the bitset index, and the first `--baseline` of them through a
 * linear scan with the reference predicate `compileQuery` (same run, same queries), checking that both agree.
 * Prints `{"catalogue_items", "queries", "p50_us", "p99_us", "per_second", …, "speedup_p50"}`.
 */
import { performance } from 'node:perf_hooks';
import { loadHmItems } from '../src/catalog/hm.ts';
import {
  COLOR_FAMILIES,
  COLORS,
  compileQuery,
  loadCatalog,
  MATERIALS,
  OCCASIONS,
  PATTERNS,
} from '../src/catalog/index.ts';
import { ARTICLE_GROUPS, ARTICLE_TYPES, CATEGORIES } from '../src/catalog/taxonomy.ts';
import { type Command, intFlag, printJson } from '../src/cli/command.ts';
import { type Catalog, type Gender, type Item, type ItemQuery, type Random, SEASONS } from '../src/types.ts';
import { seededRandom } from '../src/util/random.ts';
import { quantile } from './stats.ts';

const LIMIT = 20;
const GENDER_CHOICES: Gender[] = ['men', 'women', 'men', 'women', 'unisex', 'boys', 'girls', 'kids'];
const WORDS = ['cotton', 'slim', 'striped', 'wedding', 'linen', 'oversized', 'denim', 'jersey', 'party', 'leather'];

const pick = <T>(random: Random, values: readonly T[]): T => {
  const value = values[Math.floor(random.next() * values.length)];
  if (value === undefined) throw new Error('nothing to pick from');
  return value;
};

/** One random slot query with 1–5 filters, as the NLU would produce them. */
function randomQuery(random: Random): ItemQuery {
  const query: ItemQuery = {};
  const types = Object.keys(ARTICLE_TYPES);
  const filters = 1 + Math.floor(random.next() * 5);
  for (let i = 0; i < filters; i++) {
    switch (Math.floor(random.next() * 10)) {
      case 0:
      case 1:
        query.categories = [
          random.next() < 0.7
            ? pick(random, types)
            : pick(random, [...CATEGORIES, ...Object.keys(ARTICLE_GROUPS)] as string[]),
        ];
        break;
      case 2:
        query.colors = [pick(random, random.next() < 0.5 ? COLOR_FAMILIES : COLORS)];
        break;
      case 3:
        query.genders = [pick(random, GENDER_CHOICES)];
        break;
      case 4:
        query.season = pick(random, SEASONS);
        break;
      case 5:
        query.usage = [...pick(random, Object.values(OCCASIONS)).usages];
        break;
      case 6:
        query.priceMax = Math.round(5 + random.next() * 150);
        if (random.next() < 0.3) query.priceMin = Math.round(random.next() * query.priceMax);
        break;
      case 7:
        if (random.next() < 0.5) query.pattern = pick(random, PATTERNS);
        else query.materials = [pick(random, MATERIALS)];
        break;
      case 8:
        query.excludeColors = [pick(random, COLOR_FAMILIES)];
        break;
      default:
        query.words = [pick(random, WORDS)];
    }
  }
  return query;
}

const round1 = (x: number) => Math.round(x * 10) / 10;

function summarise(micros: number[]) {
  const total = micros.reduce((a, b) => a + b, 0);
  return {
    p50_us: round1(quantile(micros, 0.5)),
    p99_us: round1(quantile(micros, 0.99)),
    mean_us: round1(total / micros.length),
  };
}

/** The baseline: a scan with the reference predicate (query compiled once), most popular first. */
function linearSearch(items: readonly Item[], query: ItemQuery, limit: number): Item[] {
  const matches = compileQuery(query);
  const out: Item[] = [];
  for (const item of items) {
    if (matches(item)) {
      out.push(item);
      if (out.length === limit) break;
    }
  }
  return out;
}

/**
 * Wall-clock and CPU time of each query, in µs. CPU time (`process.cpuUsage`) leaves out the time the process waits
 * for a core, which dominates the wall-clock tail on a shared machine.
 */
function timeQueries(queries: ItemQuery[], run: (query: ItemQuery) => unknown): { wall: number[]; cpu: number[] } {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (const query of queries) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    run(query);
    wall.push((performance.now() - t0) * 1000);
    const used = process.cpuUsage(c0);
    cpu.push(used.user + used.system);
  }
  return { wall, cpu };
}

/** Runs the benchmark over a loaded catalogue; exported for reuse by other benches. */
export function runCatalogBench(catalog: Catalog, options: { queries: number; baseline: number; seed: number }) {
  const random = seededRandom(options.seed);
  const queries = Array.from({ length: options.queries }, () => randomQuery(random));
  const t0 = performance.now();
  catalog.match({ words: ['warm-up'] });
  const textIndexMs = Math.round(performance.now() - t0);
  for (const query of queries.slice(0, 200)) catalog.search(query, LIMIT);
  const searchTimes = timeQueries(queries, (query) => catalog.search(query, LIMIT));
  let totalMatches = 0;
  const matchTimes = timeQueries(queries, (query) => {
    totalMatches += catalog.match(query).length;
  });
  const baselineQueries = queries.slice(0, options.baseline);
  // The items are held most popular first, so the first matches of a scan are the most popular ones.
  const baselineTimes = timeQueries(baselineQueries, (query) => linearSearch(catalog.items, query, LIMIT));
  let mismatches = 0;
  for (const query of baselineQueries) {
    const fast = catalog.search(query, LIMIT).map((item) => item.id);
    const slow = linearSearch(catalog.items, query, LIMIT).map((item) => item.id);
    if (fast.join() !== slow.join()) mismatches++;
  }
  const search = summarise(searchTimes.wall);
  const searchCpu = summarise(searchTimes.cpu);
  const match = summarise(matchTimes.wall);
  const baseline = summarise(baselineTimes.wall);
  const indexOnBaseline = summarise(searchTimes.wall.slice(0, options.baseline));
  return {
    catalogue_items: catalog.size,
    sources: catalog.sources,
    queries: queries.length,
    ...search,
    per_second: Math.round(1e6 / search.mean_us),
    cpu_p50_us: searchCpu.p50_us,
    cpu_p99_us: searchCpu.p99_us,
    match_p50_us: match.p50_us,
    match_p99_us: match.p99_us,
    mean_matches: Math.round(totalMatches / queries.length),
    text_index_ms: textIndexMs,
    baseline: { name: 'linear scan (compileQuery)', queries: baselineQueries.length, ...baseline },
    speedup_p50: round1(baseline.p50_us / indexOnBaseline.p50_us),
    speedup_mean: round1(baseline.mean_us / indexOnBaseline.mean_us),
    mismatches,
  };
}

/**
 * Catalogue hygiene of the H&M rows: how many take the type their own description names, by change of type, with
 * 20 examples (seeded choice) to check by hand, and how many rows made for pets are left out.
 */
function hmHygiene(dataDir: string) {
  const { rows, retyped = [], skipped } = loadHmItems(dataDir);
  const changes = new Map<string, number>();
  for (const r of retyped) changes.set(`${r.from} → ${r.to}`, (changes.get(`${r.from} → ${r.to}`) ?? 0) + 1);
  // Every k-th row from a seeded start: 20 examples spread over the file.
  const step = Math.max(1, Math.floor(retyped.length / 20));
  const start = Math.floor(seededRandom(7).next() * step);
  const examples = retyped.filter((_, i) => i >= start && (i - start) % step === 0).slice(0, 20);
  return {
    rows,
    retyped: retyped.length,
    made_for_pets: skipped.counts['made for pets'] ?? 0,
    changes: Object.fromEntries([...changes].sort((a, b) => b[1] - a[1]).slice(0, 15)),
    examples: examples.map((r) => `${r.id} ${r.name}: ${r.from} → ${r.to}`),
  };
}

/** `fashion-advisor bench catalog` */
export const benchCatalog: Command = async (args, context) => {
  const options = {
    queries: intFlag(args, 'queries', 10_000),
    baseline: intFlag(args, 'baseline', 300),
    seed: intFlag(args, 'seed', 42),
  };
  const t0 = performance.now();
  const catalog = await loadCatalog(context.config, context.logger);
  const loadMs = Math.round(performance.now() - t0);
  const hygiene =
    catalog.sources.includes('hm') && context.config.dataDir ? hmHygiene(context.config.dataDir) : undefined;
  const report = { load_ms: loadMs, ...runCatalogBench(catalog, options), ...(hygiene ? { hygiene } : {}) };
  if (args.flags.json) {
    printJson(context.stdout, report);
  } else {
    context.stdout.write(
      `catalogue: ${report.catalogue_items} items (${report.sources.join(', ')}), loaded in ${loadMs} ms\n` +
        `index search (${report.queries} queries): p50 ${report.p50_us} µs, p99 ${report.p99_us} µs, ` +
        `${report.per_second}/s (CPU time p50 ${report.cpu_p50_us} µs, p99 ${report.cpu_p99_us} µs); full match p50 ${report.match_p50_us} µs, p99 ${report.match_p99_us} µs\n` +
        `linear scan (${report.baseline.queries} queries): p50 ${report.baseline.p50_us} µs, ` +
        `mean ${report.baseline.mean_us} µs → index ${report.speedup_p50}× faster at p50, ` +
        `${report.speedup_mean}× on the mean; ${report.mismatches} result mismatches\n` +
        (hygiene
          ? `hygiene (H&M): ${hygiene.retyped} of ${hygiene.rows} rows re-typed from their own descriptions, ` +
            `${hygiene.made_for_pets} made for pets left out\n`
          : ''),
    );
  }
  return report.mismatches === 0 ? 0 : 1;
};
