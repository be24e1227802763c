/**
 * `fashion-advisor bench load [--users N] [--turns M] [--think-ms T] [--telegram] [--cold] [--json]`: N simulated shoppers
 * talk at once, each sending M scripted turns with a think time of about T ms between a reply and the next message
 * (`--think-ms 0`: back to back, the saturation throughput). In-process through `createApp` by default, or through
 * the Telegram adapter against a loopback Bot API emulator with `--telegram`. Storage is a scratch directory.
 *
 * Latency is measured from the moment a message was due (not when it could be sent), so a stalled bot is not hidden.
 * `lost` counts turns that got no reply or whose reply is missing from the log; `duplicated` counts log entries
 * beyond one per message id — both read back from the scratch log, not assumed.
 * `--cold` turns the ranking/outfit answer cache off, so that every turn ranks and composes afresh.
 * Catalogues: `FASHION_CATALOGS` as configured (real by default; `FASHION_CATALOGS=demo` for a quick run).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';
import type { HandleTurn } from '../adapters/turns.ts';
import { type App, createApp } from '../src/app.ts';
import { type Command, intFlag, printJson } from '../src/cli/command.ts';
import type { Config } from '../src/config.ts';
import type { IncomingMessage, Logger, Random } from '../src/types.ts';
import { seededRandom } from '../src/util/random.ts';
import { SHOPPER_SCRIPTS } from './scripts.ts';
import { type StallFigures, watchStalls } from './stalls.ts';
import { quantile, round } from './stats.ts';
import { telegramLoopback } from './support/telegram-loopback.ts';

/** One simulated shopper's way of talking to the bot: resolves once the reply has fully arrived. */
export type SendTurn = (
  userIndex: number,
  turnIndex: number,
  text: string,
) => Promise<{ messageId: string } | undefined>;

export interface LoadFigures {
  users: number;
  turns: number;
  replied: number;
  per_second: number;
  p50_ms: number;
  p95_ms: number;
  p99_ms: number;
  max_ms: number;
  rss_mb: number;
  /** Peak V8 heap (allocated, all spaces) and peak memory outside it during the run: what the RSS is made of. */
  heap_mb: number;
  external_mb: number;
  /** RSS and V8 heap after start-up and warm-up, with the start-up garbage collected, before the users arrive. */
  idle_rss_mb: number;
  idle_heap_mb: number;
  /** Process CPU time (user + system, all threads) per replied turn during the run: comparable on a busy machine. */
  cpu_ms_per_turn: number;
  /** The main thread's share of it (Linux only). */
  main_thread_cpu_ms_per_turn?: number;
  lost: number;
  duplicated: number;
  /** Event-loop delay, garbage-collection pauses and the longest tasks by cause during the run. */
  stalls: StallFigures;
}

/**
 * CPU time (ms, user + system) of the main thread alone — the thread every turn runs on — from Linux's
 * `/proc/self/task/<pid>/stat` (10 ms ticks); undefined elsewhere.
 */
export function mainThreadCpuMs(): number | undefined {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

/**
 * Runs a full garbage collection now, so that the garbage of start-up (catalogue and model loading, warm-up) is not
 * collected inside the short measured window — where it would cost hundreds of CPU milliseconds that steady
 * operation never pays again.
 */
function collectStartupGarbage(): void {
  v8.setFlagsFromString('--expose-gc');
  (vm.runInNewContext('gc') as () => void)();
}

/** The text of a user's m-th turn (scripts repeat when a user talks longer than its script). */
export function scriptedText(userIndex: number, turnIndex: number): string {
  const script = SHOPPER_SCRIPTS[userIndex % SHOPPER_SCRIPTS.length] ?? [];
  const text = script[turnIndex % script.length];
  if (text === undefined) throw new Error(`no scripted turn for user ${userIndex}: the shopper scripts are empty`);
  return text;
}

/**
 * Drives `users` shoppers at once through `send`; returns latencies and the message ids that got a reply.
 * @example
 * const run = await driveUsers({ users: 100, turns: 5, thinkMs: 1000, random: seededRandom(1), send });
 */
export async function driveUsers(options: {
  users: number;
  turns: number;
  thinkMs: number;
  random: Random;
  send: SendTurn;
}): Promise<{
  latencies: number[];
  replied: string[];
  seconds: number;
  peakRssMb: number;
  /** Peaks of the V8 heap (allocated) and of memory outside it (typed arrays, buffers) during the run. */
  peakHeapMb: number;
  peakExternalMb: number;
  cpuMs: number;
  mainThreadCpuMs?: number;
}> {
  const { users, turns, thinkMs, random, send } = options;
  const latencies: number[] = [];
  const replied: string[] = [];
  const peaks = { rss: 0, heap: 0, external: 0 };
  const sample = () => {
    const memory = process.memoryUsage();
    peaks.rss = Math.max(peaks.rss, memory.rss);
    peaks.heap = Math.max(peaks.heap, memory.heapTotal);
    peaks.external = Math.max(peaks.external, memory.external);
  };
  sample();
  const sampler = setInterval(sample, 100);
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  // Think times are drawn up front so that the random sequence does not depend on scheduling.
  const pauses = Array.from({ length: users }, () =>
    Array.from({ length: turns }, () => (thinkMs > 0 ? thinkMs * (0.5 + random.next()) : 0)),
  );
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const mainBefore = mainThreadCpuMs();
  try {
    await Promise.all(
      Array.from({ length: users }, async (_, u) => {
        // Users arrive spread over one think time, as real traffic does.
        // One pause per turn of every user; a missing one (never) would mean no pause.
        const own = pauses[u] ?? [];
        let due = started + (thinkMs > 0 ? (own[0] ?? 0) - thinkMs * 0.5 : 0);
        for (let m = 0; m < turns; m++) {
          const wait = due - performance.now();
          if (wait > 0) await sleep(wait);
          const answer = await send(u, m, scriptedText(u, m));
          const done = performance.now();
          if (answer) {
            latencies.push(done - due);
            replied.push(answer.messageId);
          }
          due = done + (own[m] ?? 0);
        }
      }),
    );
  } finally {
    clearInterval(sampler);
  }
  const cpu = process.cpuUsage(cpuBefore);
  const mainAfter = mainThreadCpuMs();
  sample();
  return {
    latencies,
    replied,
    seconds: (performance.now() - started) / 1000,
    peakRssMb: peaks.rss / 2 ** 20,
    peakHeapMb: peaks.heap / 2 ** 20,
    peakExternalMb: peaks.external / 2 ** 20,
    cpuMs: (cpu.user + cpu.system) / 1000,
    mainThreadCpuMs: mainBefore === undefined || mainAfter === undefined ? undefined : mainAfter - mainBefore,
  };
}

/** Reads the log back: how many replied messages are missing from it and how many extra copies it holds. */
export async function auditLog(
  app: App,
  platform: string,
  userIds: readonly string[],
  replied: readonly string[],
): Promise<{ missing: number; duplicated: number }> {
  const counts = new Map<string, number>();
  for (const userId of userIds) {
    for (const turn of (await app.deps.log?.exportUser(userId)) ?? []) {
      const id = turn.messageId ?? '';
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
  }
  let duplicated = 0;
  for (const n of counts.values()) duplicated += Math.max(0, n - 1);
  const missing = replied.filter((id) => !counts.has(app.storedMessageId(platform, id))).length;
  return { missing, duplicated };
}

/**
 * Runs the load benchmark and returns its figures.
 * @example
 * const figures = await runLoad(config, logger, { users: 1000, turns: 5, thinkMs: 1000, telegram: false });
 */
export async function runLoad(
  config: Config,
  logger: Logger,
  options: { users: number; turns: number; thinkMs: number; telegram: boolean; cold?: boolean; profile?: boolean },
): Promise<LoadFigures> {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'fa-load-'));
  const app = await createApp(config, logger, {
    scratchStorage: scratch,
    random: seededRandom(1),
    cacheRankings: !options.cold,
  });
  const userIds: string[] = [];
  const cleanups: (() => Promise<void>)[] = [];
  try {
    // Warm the code paths of every script (JIT, lazy indexes) so that the first users do not pay for them, then
    // forget the answers: the users' requests must find the caches as cold as a fresh instance has them.
    for (const [s, script] of SHOPPER_SCRIPTS.entries()) {
      const userId = `bench:warm:${s}`;
      for (const text of script) await app.handleTurn({ platform: 'bench', userId, conversationId: userId, text });
    }
    app.loadDeferred();
    await app.loadCharts();
    app.forgetAnswers();
    collectStartupGarbage();
    const idle = process.memoryUsage();
    let send: SendTurn;
    if (options.telegram) {
      const loopback = await telegramLoopback(app.handleTurn satisfies HandleTurn, logger);
      cleanups.push(loopback.stop);
      send = loopback.send;
      for (let u = 0; u < options.users; u++) userIds.push(loopback.userId(u));
    } else {
      for (let u = 0; u < options.users; u++) userIds.push(`bench:load:${u}`);
      send = async (u, m, text) => {
        const userId = userIds[u];
        if (userId === undefined) throw new Error(`bench user ${u} was not created`);
        const messageId = `${u}:${m}`;
        const message: IncomingMessage = { platform: 'bench', userId, conversationId: userId, messageId, text };
        const reply = await app.handleTurn(message);
        return reply.text ? { messageId } : undefined;
      };
    }
    const watch = await watchStalls({ profile: options.profile !== false });
    const run = await driveUsers({ ...options, random: seededRandom(2), send });
    const stalls = await watch.stop();
    const audit = await auditLog(app, options.telegram ? 'telegram' : 'bench', userIds, run.replied);
    const sent = options.users * options.turns;
    return {
      users: options.users,
      turns: sent,
      replied: run.replied.length,
      per_second: round(run.latencies.length / run.seconds, 1),
      p50_ms: round(quantile(run.latencies, 0.5)),
      p95_ms: round(quantile(run.latencies, 0.95)),
      p99_ms: round(quantile(run.latencies, 0.99)),
      max_ms: round(Math.max(...run.latencies)),
      rss_mb: round(run.peakRssMb, 0),
      heap_mb: round(run.peakHeapMb, 0),
      external_mb: round(run.peakExternalMb, 0),
      idle_rss_mb: round(idle.rss / 2 ** 20, 0),
      idle_heap_mb: round(idle.heapUsed / 2 ** 20, 0),
      cpu_ms_per_turn: round(run.cpuMs / Math.max(1, run.latencies.length), 3),
      main_thread_cpu_ms_per_turn:
        run.mainThreadCpuMs === undefined
          ? undefined
          : round(run.mainThreadCpuMs / Math.max(1, run.latencies.length), 3),
      lost: sent - run.replied.length + audit.missing,
      duplicated: audit.duplicated,
      stalls,
    };
  } finally {
    for (const cleanup of cleanups) await cleanup();
    await app.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}

export const benchLoad: Command = async (args, { config, logger, stdout, stderr }) => {
  const telegram = Boolean(args.flags.telegram);
  const options = {
    users: intFlag(args, 'users', telegram ? 50 : 1000),
    turns: intFlag(args, 'turns', 5),
    thinkMs: intFlag(args, 'think-ms', 1000),
    telegram,
    cold: Boolean(args.flags.cold),
    profile: !args.flags['no-profile'],
  };
  const figures = await runLoad(config, logger, options);
  const report = {
    mode: telegram ? 'telegram-loopback' : 'in-process',
    think_ms: options.thinkMs,
    ranking_cache: !options.cold,
    ...figures,
  };
  if (args.flags.json) printJson(stdout, report);
  else {
    stderr.write(
      `${report.mode}: ${figures.users} users × ${options.turns} turns: ${figures.per_second} turns/s, ` +
        `p50 ${figures.p50_ms} ms, p95 ${figures.p95_ms} ms, p99 ${figures.p99_ms} ms, RSS ${figures.rss_mb} MB, ` +
        `CPU ${figures.cpu_ms_per_turn} ms/turn, loop delay p99 ${figures.stalls.loop_delay_p99_ms} ms, ` +
        `lost ${figures.lost}, duplicated ${figures.duplicated}\n`,
    );
  }
  return figures.lost === 0 && figures.duplicated === 0 ? 0 : 1;
};
