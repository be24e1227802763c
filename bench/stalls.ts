/**
 * What stalls the event loop while a benchmark runs: the loop's delay (`perf_hooks.monitorEventLoopDelay`), garbage
 * collection pauses by kind (`PerformanceObserver` 'gc' entries) and, with the sampling profiler, the longest tasks
 * and their causes. Consecutive busy samples of the main thread (1 ms apart) make one task; each sample's cause is
 * garbage collection or the project function running (the innermost frame in src/, models/, adapters/ or bench/),
 * with the library it was in when that was where the time went; a task's cause is the one most of its samples share.
 */
import { Session } from 'node:inspector/promises';
import { constants, monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { projectRoot } from '../src/config.ts';
import { round } from './stats.ts';

/** Tasks at least this long are reported. */
export const LONG_TASK_MS = 10;
/** The delay monitor's timer interval (ms): its figures are the timer's lateness beyond it. */
const DELAY_RESOLUTION_MS = 5;
/** Profiler sampling interval (µs). */
const SAMPLE_US = 1000;

interface Pauses {
  count: number;
  total_ms: number;
  max_ms: number;
}

/** One long task: how long it ran, when (seconds into the run), its main cause and that cause's share of it. */
export interface LongTask {
  ms: number;
  at_s: number;
  cause: string;
  share: number;
}

export interface StallFigures {
  /** How late the event loop ran a timer (beyond its interval): the wait a message arriving then would add. */
  loop_delay_p50_ms: number;
  loop_delay_p99_ms: number;
  loop_delay_max_ms: number;
  /** Garbage-collection pauses of the main thread by kind (minor = scavenge, major = mark-compact). */
  gc: Record<string, Pauses>;
  /** Tasks of at least `LONG_TASK_MS` (with the profiler): count, time, the time of each cause and the longest. */
  long_tasks?: {
    threshold_ms: number;
    count: number;
    total_ms: number;
    by_cause: ({ cause: string } & Pauses)[];
    longest: LongTask[];
  };
}

const GC_KINDS: Record<number, string> = {
  [constants.NODE_PERFORMANCE_GC_MINOR]: 'minor',
  [constants.NODE_PERFORMANCE_GC_MAJOR]: 'major',
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weak_callbacks',
};

/** A node of a V8 CPU profile: a frame and its callees. */
export interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

/** The parts of a V8 CPU profile (`Profiler.stop`) read here. */
export interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const addPause = (pauses: Pauses, ms: number) => {
  pauses.count++;
  pauses.total_ms += ms;
  pauses.max_ms = Math.max(pauses.max_ms, ms);
};

const roundPauses = <T extends Pauses>(p: T): T => ({ ...p, total_ms: round(p.total_ms), max_ms: round(p.max_ms) });

/** The cause of every profile node's samples. */
function causesOf(profile: Profile): Map<number, string> {
  const root = `file://${projectRoot}/`;
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const causes = new Map<number, string>();
  for (const node of profile.nodes) {
    const { functionName, url } = node.callFrame;
    if (functionName === '(garbage collector)') causes.set(node.id, 'gc');
    else if (functionName === '(idle)') causes.set(node.id, 'idle');
    else {
      const library = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1] ?? (url.startsWith('node:') ? url : '');
      let frame: ProfileNode | undefined = node;
      while (frame && !(frame.callFrame.url.startsWith(root) && !frame.callFrame.url.includes('/node_modules/'))) {
        frame = byId.get(parent.get(frame.id) ?? -1);
      }
      const own = frame
        ? `${frame.callFrame.url.slice(root.length).replace(/^dist\//, '')}:${frame.callFrame.functionName || '(anonymous)'}`
        : functionName || '(program)';
      causes.set(node.id, library && frame ? `${own} → ${library}` : own);
    }
  }
  return causes;
}

/** Per profile node, the top frame of its stack under the root: the event-loop phase entry it runs under. */
function entriesOf(profile: Profile): Map<number, number> {
  const entries = new Map<number, number>();
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const stack: [number, number][] = (profile.nodes[0]?.children ?? []).map((child) => [child, child]);
  for (let top = stack.pop(); top; top = stack.pop()) {
    const [id, entry] = top;
    entries.set(id, entry);
    for (const child of byId.get(id)?.children ?? []) stack.push([child, entry]);
  }
  return entries;
}

/**
 * Long tasks of a profile. A task is a run of busy samples under one entry point (timers, an I/O callback, an
 * immediate …): an idle sample or a sample under another entry ends it; garbage collection and native code belong
 * to the task they interrupt.
 */
export function longTasks(profile: Profile): StallFigures['long_tasks'] {
  const causes = causesOf(profile);
  const entries = entriesOf(profile);
  const tasks: LongTask[] = [];
  const byCause = new Map<string, Pauses>();
  let run = new Map<string, number>();
  let runMs = 0;
  let runEntry: number | undefined;
  let elapsed = 0;
  const close = () => {
    if (runMs >= LONG_TASK_MS) {
      // A run long enough to be a task has at least one sample, so it has a top cause.
      const [cause = 'unknown', ms = 0] = [...run].sort((a, b) => b[1] - a[1])[0] ?? [];
      tasks.push({ ms: round(runMs), at_s: round((elapsed - runMs) / 1000, 1), cause, share: round(ms / runMs, 2) });
      for (const [name, time] of run) {
        let pauses = byCause.get(name);
        if (!pauses) {
          pauses = { count: 0, total_ms: 0, max_ms: 0 };
          byCause.set(name, pauses);
        }
        addPause(pauses, time);
      }
    }
    run = new Map();
    runMs = 0;
    runEntry = undefined;
  };
  profile.samples.forEach((node, i) => {
    const ms = (profile.timeDeltas[i + 1] ?? SAMPLE_US) / 1000;
    elapsed += (profile.timeDeltas[i] ?? 0) / 1000;
    const cause = causes.get(node) ?? '(unknown)';
    if (cause === 'idle') {
      close();
      return;
    }
    const interrupt = cause === 'gc' || cause === '(program)';
    if (!interrupt) {
      const entry = entries.get(node);
      if (runEntry !== undefined && entry !== runEntry) close();
      runEntry = entry;
    }
    run.set(cause, (run.get(cause) ?? 0) + ms);
    runMs += ms;
  });
  close();
  tasks.sort((a, b) => b.ms - a.ms);
  return {
    threshold_ms: LONG_TASK_MS,
    count: tasks.length,
    total_ms: round(tasks.reduce((sum, task) => sum + task.ms, 0)),
    by_cause: [...byCause]
      .map(([cause, pauses]) => ({ cause, ...roundPauses(pauses) }))
      .sort((a, b) => b.total_ms - a.total_ms)
      .slice(0, 12),
    longest: tasks.slice(0, 10),
  };
}

/**
 * Starts watching the event loop; `stop()` ends it and returns the figures.
 * @example
 * const watch = await watchStalls({ profile: true }); await run(); const figures = await watch.stop();
 */
export async function watchStalls(options: { profile: boolean }): Promise<{ stop(): Promise<StallFigures> }> {
  const delay = monitorEventLoopDelay({ resolution: DELAY_RESOLUTION_MS });
  const gc: Record<string, Pauses> = {};
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kind = GC_KINDS[(entry as unknown as { detail: { kind: number } }).detail.kind] ?? 'other';
      gc[kind] ??= { count: 0, total_ms: 0, max_ms: 0 };
      addPause(gc[kind], entry.duration);
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  let session: Session | undefined;
  if (options.profile) {
    session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: SAMPLE_US });
    await session.post('Profiler.start');
  }
  delay.enable();
  return {
    async stop() {
      delay.disable();
      observer.disconnect();
      const profile = session && ((await session.post('Profiler.stop')) as { profile: Profile }).profile;
      session?.disconnect();
      const late = (ns: number) => round(Math.max(0, ns / 1e6 - DELAY_RESOLUTION_MS));
      return {
        loop_delay_p50_ms: late(delay.percentile(50)),
        loop_delay_p99_ms: late(delay.percentile(99)),
        loop_delay_max_ms: late(delay.max),
        gc: Object.fromEntries(Object.entries(gc).map(([kind, pauses]) => [kind, roundPauses(pauses)])),
        ...(profile ? { long_tasks: longTasks(profile) } : {}),
      };
    },
  };
}
