/**
 * `fashion-advisor bench outfits [--requests N] [--json]`: latency of composing three outfits over the served
 * catalogues (Myntra + H&M when present), with the learned compatibility when `<home>/outfits/` holds it and with
 * rules only, on the same generated requests. Goal: p99 ≤ 30 ms for three outfits. Wall-clock and CPU-time
 * percentiles are both reported: on a shared machine the wall clock also counts the time other processes ran.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { loadRecommender } from '../models/recommender/index.ts';
import { loadCatalog } from '../src/catalog/index.ts';
import { type Command, intFlag, printJson } from '../src/cli/command.ts';
import { generateRequest } from '../src/outfits/cli.ts';
import { createComposer, loadCompatibility } from '../src/outfits/index.ts';
import { newProfile } from '../src/store/state.ts';
import type { Catalog, OutfitComposer, OutfitRequest, Profile, Recommender, RecommendRequest } from '../src/types.ts';
import { seededRandom } from '../src/util/random.ts';
import { quantile } from './stats.ts';

/** Warm-up requests before timing (JIT, caches). */
const WARMUP = 20;

const profile: Profile = newProfile('bench', 0);

/** A recommender that adds up the CPU time spent inside it. */
function metered(recommender: Recommender): Recommender & { cpuMs: number } {
  const wrapped = {
    name: recommender.name,
    cpuMs: 0,
    rank(request: RecommendRequest) {
      const start = process.cpuUsage();
      const out = recommender.rank(request);
      const used = process.cpuUsage(start);
      wrapped.cpuMs += (used.user + used.system) / 1000;
      return out;
    },
  };
  return wrapped;
}

function timeComposer(
  composer: OutfitComposer,
  requests: readonly OutfitRequest[],
  recommender: ReturnType<typeof metered>,
) {
  for (const request of requests.slice(0, WARMUP)) composer.compose(request, profile);
  recommender.cpuMs = 0;
  const times: number[] = [];
  const cpuTimes: number[] = [];
  let outfits = 0;
  for (const request of requests) {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    outfits += composer.compose(request, profile).length;
    times.push(performance.now() - t0);
    const cpu = process.cpuUsage(cpu0);
    cpuTimes.push((cpu.user + cpu.system) / 1000);
  }
  const r = (v: number) => Math.round(v * 100) / 100;
  return {
    composer: composer.name,
    requests: requests.length,
    outfits_per_request: r(outfits / requests.length),
    p50_ms: r(quantile(times, 0.5)),
    p90_ms: r(quantile(times, 0.9)),
    p99_ms: r(quantile(times, 0.99)),
    max_ms: r(times.at(-1) ?? 0),
    cpu_p50_ms: r(quantile(cpuTimes, 0.5)),
    cpu_p99_ms: r(quantile(cpuTimes, 0.99)),
    /** Share of the CPU time spent inside `recommender.rank` (candidate retrieval). */
    recommender_cpu_share: r(
      recommender.cpuMs /
        Math.max(
          1e-9,
          cpuTimes.reduce((a, b) => a + b, 0),
        ),
    ),
  };
}

/** Generated requests (seeded) over a catalogue. */
function requestsFor(catalog: Catalog, n: number): OutfitRequest[] {
  const random = seededRandom(7);
  return Array.from({ length: n }, () => generateRequest(random, catalog));
}

/**
 * Runs the benchmark and prints p50/p90/p99 per composer.
 * @example
 * fashion-advisor bench outfits --json
 */
export const benchOutfits: Command = async (args, context) => {
  const { config, logger } = context;
  const n = intFlag(args, 'requests', 300);
  const catalog = await loadCatalog(config, logger);
  const recommender = metered(await loadRecommender(catalog, config, logger));
  const requests = requestsFor(catalog, n);
  const compatibility = loadCompatibility(config.home);
  if (!compatibility)
    logger.warn('bench outfits: no trained compatibility model; timing rules only (run `eval outfits`)');
  const results = [timeComposer(createComposer(catalog, recommender), requests, recommender)];
  if (compatibility) {
    results.unshift(timeComposer(createComposer(catalog, recommender, { compatibility }), requests, recommender));
  }
  const report = {
    catalog: { sources: catalog.sources, items: catalog.size },
    recommender: recommender.name,
    k: 3,
    goal_p99_ms: 30,
    load_average: os.loadavg().map((v) => Math.round(v * 100) / 100),
    results,
  };
  if (args.flags.json) printJson(context.stdout, report);
  else {
    for (const r of results) {
      context.stdout.write(
        `${r.composer}: p50 ${r.p50_ms} ms, p90 ${r.p90_ms} ms, p99 ${r.p99_ms} ms (CPU p50 ${r.cpu_p50_ms}, p99 ${r.cpu_p99_ms} ms; ${Math.round(r.recommender_cpu_share * 100)}% in the recommender) over ${r.requests} requests (${r.outfits_per_request} outfits each) on ${catalog.size} items\n`,
      );
    }
  }
  return 0;
};
