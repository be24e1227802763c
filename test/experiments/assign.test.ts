import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, projectRoot } from '../../src/config.ts';
import { assignArms, bucketPosition, mergeArmParams } from '../../src/experiments/assign.ts';
import { type Experiment, parseExperimentsConfig } from '../../src/experiments/definitions.ts';
import { createExperiments } from '../../src/experiments/experiments.ts';
import { sampleRatioTest } from '../../src/experiments/stats.ts';
import { silentLogger } from '../../src/util/logger.ts';
import { fixedClock } from '../../src/util/random.ts';
import { pseudonymOf, START, TEST_KEY, writeExperimentsFile } from './shoppers.ts';

const users = Array.from({ length: 10_000 }, (_, i) => pseudonymOf(`telegram:${i}`));

function experimentWith(weights: number[], name = 'split-test'): Experiment {
  const config = parseExperimentsConfig({
    experiments: [
      {
        name,
        start: '2026-01-01T00:00:00Z',
        stop: '2027-01-01T00:00:00Z',
        primaryMetric: 'save',
        arms: weights.map((weight, i) => ({ name: `arm${i}`, weight, params: { suggestions: i + 3 } })),
      },
    ],
  });
  return config.experiments[0]!;
}

const armOf = (experiment: Experiment, user: string, key = TEST_KEY) =>
  assignArms([experiment], user, START, key)[0]!.arm;

describe('assignArms', () => {
  it('is a pure function of key, experiment name and pseudonym, with the arm parameters', () => {
    const experiment = experimentWith([1, 1]);
    const first = users.slice(0, 500).map((u) => assignArms([experiment], u, START, TEST_KEY));
    const again = users.slice(0, 500).map((u) => assignArms([experiment], u, START + 1000, TEST_KEY));
    expect(again).toEqual(first);
    expect(first[0]![0]).toMatchObject({ experiment: 'split-test' });
    expect(first.every(([a]) => a!.params.suggestions === (a!.arm === 'arm0' ? 3 : 4))).toBe(true);
    const otherKey = users
      .slice(0, 500)
      .filter((u) => armOf(experiment, u) !== armOf(experiment, u, 'another-key-0123456789'));
    expect(otherKey.length).toBeGreaterThan(180);
    expect(otherKey.length).toBeLessThan(320);
    const renamed = experimentWith([1, 1], 'split-test-2');
    const moved = users.slice(0, 500).filter((u) => armOf(experiment, u) !== armOf(renamed, u));
    expect(moved.length).toBeGreaterThan(180);
  });

  it('follows the configured split (no sample ratio mismatch over 10 000 users)', () => {
    for (const weights of [
      [1, 1],
      [2, 1],
      [10, 30, 60],
    ]) {
      const experiment = experimentWith(weights);
      const counts = weights.map(() => 0);
      for (const u of users) counts[Number(armOf(experiment, u).slice(3))]!++;
      expect(sampleRatioTest(counts, weights).pValue).toBeGreaterThan(0.001);
    }
  });

  it('changing the split moves only the users between the old and the new boundaries', () => {
    const positions = users.map((u) => bucketPosition(TEST_KEY, 'split-test', u));
    const armsUnder = (weights: number[]) => {
      const experiment = experimentWith(weights);
      return users.map((u) => armOf(experiment, u));
    };
    const [before, after] = [armsUnder([50, 50]), armsUnder([30, 70])];
    const moved = users.map((_, i) => i).filter((i) => before[i] !== after[i]);
    expect(moved.length / users.length).toBeGreaterThan(0.18);
    expect(moved.length / users.length).toBeLessThan(0.22);
    const wrongWay = moved.filter((i) => before[i] !== 'arm0' || after[i] !== 'arm1');
    const outside = moved.filter((i) => positions[i]! < 0.3 || positions[i]! >= 0.5);
    expect({ wrongWay, outside }).toEqual({ wrongWay: [], outside: [] });
    // Three arms: 1/3, 1/3, 1/3 → 1/2, 1/4, 1/4 moves exactly the users in [1/3, 1/2) and [2/3, 3/4).
    const [three, reweighted] = [armsUnder([1, 1, 1]), armsUnder([2, 1, 1])];
    const mustMove = (p: number) => (p >= 1 / 3 && p < 0.5) || (p >= 2 / 3 && p < 0.75);
    const wrong = positions.map((_, i) => i).filter((i) => (three[i] !== reweighted[i]) !== mustMove(positions[i]!));
    expect(wrong).toEqual([]);
    expect(positions.filter(mustMove).length).toBeGreaterThan(users.length * 0.2);
  });

  it('applies experiments only between start (inclusive) and stop (exclusive)', () => {
    const experiment = experimentWith([1, 1]);
    expect(assignArms([experiment], users[0]!, experiment.start - 1, TEST_KEY)).toEqual([]);
    expect(assignArms([experiment], users[0]!, experiment.start, TEST_KEY)).toHaveLength(1);
    expect(assignArms([experiment], users[0]!, experiment.stop!, TEST_KEY)).toEqual([]);
  });
});

describe('mergeArmParams', () => {
  it('merges the parameters of all assignments, the first experiment winning a conflict', () => {
    expect(
      mergeArmParams([
        { experiment: 'x', arm: 'a', params: { tone: 'concise', suggestions: 3 } },
        { experiment: 'y', arm: 'b', params: { trendBoost: 0.5, suggestions: 8 } },
      ]),
    ).toEqual({ tone: 'concise', suggestions: 3, trendBoost: 0.5 });
    expect(mergeArmParams([])).toEqual({});
  });
});

describe('arm assignment across instances', () => {
  const file = writeExperimentsFile(
    JSON.parse(
      JSON.stringify({ experiments: [experimentDocument('k-test', [1, 1]), experimentDocument('tone', [1, 2])] }),
    ),
  );
  const config = loadConfig({ FASHION_EXPERIMENTS: file, PSEUDONYM_KEY: TEST_KEY, FASHION_HOME: path.dirname(file) });
  const sample = users.slice(0, 300);

  it('is identical for two instances, after a restart and in another process', async () => {
    const one = createExperiments({ config, logger: silentLogger, clock: fixedClock(START) });
    const two = createExperiments({ config, logger: silentLogger, clock: fixedClock(START + 86_400_000) });
    const arms = sample.map((u) => one.armsFor(u));
    expect(arms.every((a) => a.length === 2)).toBe(true);
    expect(sample.map((u) => two.armsFor(u))).toEqual(arms);
    await one.close();
    const restarted = createExperiments({ config, logger: silentLogger, clock: fixedClock(START) });
    expect(sample.map((u) => restarted.armsFor(u))).toEqual(arms);
    await Promise.all([two.close(), restarted.close()]);

    const script = `
      import { loadConfig } from './src/config.ts';
      import { createExperiments } from './src/experiments/experiments.ts';
      import { silentLogger } from './src/util/logger.ts';
      const users = JSON.parse(process.env.USERS);
      const experiments = createExperiments({ config: loadConfig(), logger: silentLogger, clock: { now: () => ${START} } });
      process.stdout.write(JSON.stringify(users.map((u) => experiments.armsFor(u))));
    `;
    const output = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: projectRoot,
      env: { ...process.env, FASHION_EXPERIMENTS: file, PSEUDONYM_KEY: TEST_KEY, USERS: JSON.stringify(sample) },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(JSON.parse(output)).toEqual(arms);
  });
});

function experimentDocument(name: string, weights: number[]) {
  return {
    name,
    start: '2026-01-01T00:00:00Z',
    primaryMetric: 'positive',
    arms: weights.map((weight, i) =>
      name === 'tone'
        ? { name: `t${i}`, weight, params: { tone: i === 0 ? 'friendly' : 'editorial' } }
        : { name: `k${i}`, weight, params: { suggestions: 3 + i } },
    ),
  };
}
