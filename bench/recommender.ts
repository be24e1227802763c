/**
 * `fashion-advisor bench recommender [--queries N] [--seed S] [--json]`: top-12 under the dialogue's constraints over
 * the full H&M catalogue (105k items; the demo catalogue when the dataset is absent), for the serving recommender
 * (the trained hybrid model when artifacts exist) and the popularity+content baseline, in the same run.
 * Each query has 0–4 hard constraints (category, colours, excluded colours, gender, budget) and a profile with
 * two 👍/👎 items, a saved item and colour preferences. Prints wall-clock latency percentiles in milliseconds and the
 * same for the process CPU time of each call (which a busy, shared machine inflates less), and the CPU p99 of the
 * catalogue's constraint filter alone.
 */
import { performance } from 'node:perf_hooks';
import { createBaselineRecommender, loadRecommender } from '../models/recommender/index.ts';
import { createCatalog, loadDemoItems, loadSourceItems } from '../src/catalog/index.ts';
import { ARTICLE_TYPES, CATEGORIES, COLOR_FAMILIES } from '../src/catalog/taxonomy.ts';
import { type Command, intFlag, printJson } from '../src/cli/command.ts';
import type { Catalog, Gender, ItemQuery, Profile, Random, Recommender } from '../src/types.ts';
import { seededRandom } from '../src/util/random.ts';
import { quantile } from './stats.ts';

const K = 12;
const GENDERS: Gender[] = ['men', 'women', 'kids'];
const pick = <T>(random: Random, values: readonly T[]): T => {
  const value = values[Math.floor(random.next() * values.length)];
  if (value === undefined) throw new Error('bench recommender: nothing to pick from');
  return value;
};

function randomQuery(random: Random): ItemQuery {
  const query: ItemQuery = {};
  const filters = Math.floor(random.next() * 5);
  for (let i = 0; i < filters; i++) {
    const kind = Math.floor(random.next() * 5);
    if (kind === 0)
      query.categories = [random.next() < 0.5 ? pick(random, Object.keys(ARTICLE_TYPES)) : pick(random, CATEGORIES)];
    else if (kind === 1) query.colors = [pick(random, COLOR_FAMILIES)];
    else if (kind === 2) query.excludeColors = [pick(random, COLOR_FAMILIES), pick(random, COLOR_FAMILIES)];
    else if (kind === 3) query.genders = [pick(random, GENDERS)];
    else query.priceMax = Math.round(10 + random.next() * 60);
  }
  return query;
}

function randomProfile(random: Random, catalog: Catalog, n: number): Profile {
  const pool = catalog.items.slice(0, Math.min(catalog.size, 5000));
  const item = () => pick(random, pool).id;
  return {
    userId: `bench:${n}`,
    createdAt: 0,
    sizes: {},
    likedColors: [pick(random, COLOR_FAMILIES)],
    dislikedColors: [pick(random, COLOR_FAMILIES)],
    dislikedMaterials: [],
    styles: [],
    tone: 'friendly',
    feedback: [
      { itemId: item(), value: 1, at: 1 },
      { itemId: item(), value: -1, at: 2 },
    ],
    wishlist: [item()],
    trendOptIn: false,
  };
}

function measure(recommender: Recommender, catalog: Catalog, count: number, seed: number) {
  const random = seededRandom(seed);
  const requests = Array.from({ length: count }, (_, n) => ({
    query: randomQuery(random),
    profile: randomProfile(random, catalog, n),
    k: K,
  }));
  for (const request of requests.slice(0, 50)) recommender.rank(request); // warm-up
  const times: number[] = [];
  const cpu: number[] = [];
  const matchCpu: number[] = [];
  let returned = 0;
  let candidates = 0;
  for (const request of requests) {
    const matchStart = process.cpuUsage();
    candidates += catalog.match(request.query).length;
    const matchUsed = process.cpuUsage(matchStart);
    matchCpu.push((matchUsed.user + matchUsed.system) / 1000);
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    returned += recommender.rank(request).length;
    times.push(performance.now() - start);
    const used = process.cpuUsage(cpuStart);
    cpu.push((used.user + used.system) / 1000);
  }
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return {
    recommender: recommender.name,
    p50_ms: round(quantile(times, 0.5)),
    p99_ms: round(quantile(times, 0.99)),
    max_ms: round(quantile(times, 1)),
    cpu_p50_ms: round(quantile(cpu, 0.5)),
    cpu_p99_ms: round(quantile(cpu, 0.99)),
    // the catalogue's constraint filter alone (part of every call above)
    match_cpu_p99_ms: round(quantile(matchCpu, 0.99)),
    mean_candidates: Math.round(candidates / count),
    mean_returned: round(returned / count),
  };
}

/**
 * Runs the benchmark and prints one JSON report (or a short text summary).
 * @example
 * fashion-advisor bench recommender --json
 */
export const benchRecommender: Command = async (args, { config, logger, stdout }) => {
  const count = intFlag(args, 'queries', 2000);
  const seed = intFlag(args, 'seed', 7);
  const items = config.dataDir
    ? loadSourceItems('hm', config.dataDir, config.home, logger).items
    : loadDemoItems(config.projectRoot);
  const catalog = createCatalog(items);
  const serving = await loadRecommender(catalog, config, logger);
  const report = {
    catalogue: config.dataDir ? 'hm' : 'demo',
    catalogue_items: catalog.size,
    queries: count,
    k: K,
    serving: measure(serving, catalog, count, seed),
    baseline: measure(createBaselineRecommender(catalog), catalog, count, seed),
  };
  if (args.flags.json) printJson(stdout, report);
  else {
    stdout.write(`catalogue ${report.catalogue} (${report.catalogue_items} items), ${count} queries, top-${K}\n`);
    for (const m of [report.serving, report.baseline])
      stdout.write(`  ${m.recommender.padEnd(28)} p50 ${m.p50_ms} ms  p99 ${m.p99_ms} ms\n`);
  }
  return 0;
};
