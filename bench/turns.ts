/**
 * `fashion-advisor bench turns [--users N] [--turns N] [--concurrency N] [--cold] [--json]`: replays scripted conversations of
 * many shoppers through the whole engine on the configured (real, by default) catalogues and reports per-turn latency:
 * first one turn at a time (the latency of a turn), then with `--concurrency` shoppers at once (throughput under load).
 * `--cold` turns the ranking/outfit answer cache off, so that every turn ranks and composes afresh.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { type App, createApp } from '../src/app.ts';
import { type Command, intFlag, printJson } from '../src/cli/command.ts';
import { seededRandom } from '../src/util/random.ts';
import { mainThreadCpuMs } from './load.ts';
import { SHOPPER_SCRIPTS } from './scripts.ts';
import { quantile, round } from './stats.ts';

/** Replays scripts for shoppers `prefix:0…` until at least `minTurns` turns, `concurrency` shoppers at a time. */
async function replay(app: App, prefix: string, minTurns: number, concurrency: number) {
  const latencies: number[] = [];
  let next = 0;
  const shopper = async (u: number) => {
    const userId = `${prefix}:${u}`;
    for (const text of SHOPPER_SCRIPTS[u % SHOPPER_SCRIPTS.length] ?? []) {
      const t0 = performance.now();
      await app.handleTurn({ platform: 'bench', userId, conversationId: userId, text });
      latencies.push(performance.now() - t0);
    }
  };
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const mainBefore = mainThreadCpuMs();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (latencies.length < minTurns) await shopper(next++);
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const mainAfter = mainThreadCpuMs();
  return {
    latencies,
    users: next,
    perSecond: latencies.length / seconds,
    cpuMsPerTurn: (cpu.user + cpu.system) / 1000 / latencies.length,
    mainThreadCpuMsPerTurn:
      mainBefore === undefined || mainAfter === undefined ? undefined : (mainAfter - mainBefore) / latencies.length,
  };
}

export const benchTurns: Command = async (args, { config, logger, stdout, stderr }) => {
  const minTurns = intFlag(args, 'turns', 1500);
  const concurrency = intFlag(args, 'concurrency', 50);
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'fa-bench-'));
  const cold = Boolean(args.flags.cold);
  const app = await createApp(config, logger, {
    scratchStorage: scratch,
    random: seededRandom(1),
    cacheRankings: !cold,
  });
  try {
    await replay(app, 'bench:warm', 50, 1);
    app.loadDeferred();
    await app.loadCharts();
    const single = await replay(app, 'bench:one', minTurns, 1);
    const loaded = await replay(app, 'bench:many', minTurns, concurrency);
    const report = {
      turns: single.latencies.length,
      users: single.users,
      catalogue_items: app.deps.catalog.size,
      catalogues: app.deps.catalog.sources,
      recommender: app.deps.recommender.name,
      composer: app.deps.composer.name,
      ranking_cache: !cold,
      p50_ms: round(quantile(single.latencies, 0.5)),
      p95_ms: round(quantile(single.latencies, 0.95)),
      p99_ms: round(quantile(single.latencies, 0.99)),
      per_second: round(single.perSecond, 1),
      cpu_ms_per_turn: round(single.cpuMsPerTurn, 3),
      main_thread_cpu_ms_per_turn: single.mainThreadCpuMsPerTurn && round(single.mainThreadCpuMsPerTurn, 3),
      concurrent: {
        shoppers_at_once: concurrency,
        turns: loaded.latencies.length,
        per_second: round(loaded.perSecond, 1),
        cpu_ms_per_turn: round(loaded.cpuMsPerTurn, 3),
        main_thread_cpu_ms_per_turn: loaded.mainThreadCpuMsPerTurn && round(loaded.mainThreadCpuMsPerTurn, 3),
        p50_ms: round(quantile(loaded.latencies, 0.5)),
        p99_ms: round(quantile(loaded.latencies, 0.99)),
      },
      rss_mb: round(process.memoryUsage().rss / 2 ** 20, 0),
    };
    if (args.flags.json) printJson(stdout, report);
    else {
      stderr.write(
        `${report.turns} turns by ${report.users} shoppers over ${report.catalogue_items} items (${report.catalogues.join('+')}):\n` +
          `  one at a time: p50 ${report.p50_ms} ms, p95 ${report.p95_ms} ms, p99 ${report.p99_ms} ms, ${report.per_second} turns/s\n` +
          `  ${concurrency} at once: ${report.concurrent.per_second} turns/s, p50 ${report.concurrent.p50_ms} ms, ` +
          `p99 ${report.concurrent.p99_ms} ms\n`,
      );
    }
    return 0;
  } finally {
    await app.close();
    rmSync(scratch, { recursive: true, force: true });
  }
};
