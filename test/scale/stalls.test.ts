/** The long tasks of `bench load`: split where the loop idles or another entry runs, named by what ran most. */
import { describe, expect, it } from 'vitest';
import { longTasks, type Profile } from '../../bench/stalls.ts';
import { projectRoot } from '../../src/config.ts';

const frame = (id: number, functionName: string, url = '', children: number[] = []) => ({
  id,
  callFrame: { functionName, url, lineNumber: 0 },
  children,
});
const own = (file: string) => `file://${projectRoot}/${file}`;

/** root → idle, gc, timers → engine.handleTurn → classifier.scores, immediate → store.read → better-sqlite3 */
const nodes = [
  frame(1, '(root)', '', [2, 3, 4, 7]),
  frame(2, '(idle)'),
  frame(3, '(garbage collector)'),
  frame(4, 'listOnTimeout', 'node:internal/timers', [5]),
  frame(5, 'handleTurn', own('dist/src/engine/engine.js'), [6]),
  frame(6, 'scores', own('src/nlu/classifier.ts')),
  frame(7, 'processImmediate', 'node:internal/timers', [8]),
  frame(8, 'read', own('src/store/sqlite-keyv.ts'), [9]),
  frame(9, 'get', `${own('node_modules/better-sqlite3/lib/methods/wrappers.js')}`),
];

/** A profile of 1 ms samples: each entry is [node, how many samples in a row]. */
function profile(runs: [number, number][]): Profile {
  const samples = runs.flatMap(([node, count]) => Array.from({ length: count }, () => node));
  return { nodes, samples, timeDeltas: samples.map(() => 1000) };
}

describe('long tasks', () => {
  it('splits at idle samples and at a new entry, keeps GC in the task it interrupts, and names the main cause', () => {
    const tasks = longTasks(
      profile([
        [6, 12], // a turn: 12 ms of the classifier …
        [3, 8], // … interrupted by 8 ms of GC
        [5, 2],
        [9, 15], // the next macrotask (an immediate): 15 ms in SQLite
        [2, 3],
        [6, 4], // 4 ms: too short to report
        [2, 1],
      ]),
    )!;
    expect(tasks.count).toBe(2);
    expect(tasks.longest.map((t) => [t.ms, t.cause])).toEqual([
      [22, 'src/nlu/classifier.ts:scores'],
      [15, 'src/store/sqlite-keyv.ts:read → better-sqlite3'],
    ]);
    expect(tasks.longest[0]!.share).toBeCloseTo(12 / 22, 2);
    expect(tasks.by_cause.find((c) => c.cause === 'gc')).toMatchObject({ count: 1, total_ms: 8 });
    expect(tasks.by_cause.find((c) => c.cause === 'src/engine/engine.js:handleTurn')?.total_ms).toBe(2);
  });
});
