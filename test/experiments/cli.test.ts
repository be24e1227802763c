import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { loadConfig, projectRoot } from '../../src/config.ts';
import { createExperiments } from '../../src/experiments/experiments.ts';
import type { ExperimentsReport } from '../../src/experiments/report.ts';
import { silentLogger } from '../../src/util/logger.ts';
import { systemClock } from '../../src/util/random.ts';
import { pseudonymOf, TEST_KEY, twoArmDocument, writeExperimentsFile } from './shoppers.ts';

function sink() {
  let text = '';
  const stream = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      done();
    },
  });
  return { stream, text: () => text };
}

async function run(argv: string[]) {
  const stdout = sink();
  const stderr = sink();
  const code = await main(argv, { stdout: stdout.stream, stderr: stderr.stream });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

function useEnvironment(variables: Record<string, string>) {
  for (const [name, value] of Object.entries(variables)) vi.stubEnv(name, value);
  vi.stubEnv('LOG_LEVEL', 'silent');
  vi.stubEnv('DATABASE_URL', '');
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('fashion-advisor experiments', () => {
  it('report --json prints the stored exposures per arm; report prints them as text', async () => {
    const file = writeExperimentsFile(twoArmDocument('trend', { trendBoost: 0 }, { trendBoost: 0.5 }));
    const home = mkdtempSync(path.join(tmpdir(), 'fa-exp-cli-'));
    useEnvironment({ FASHION_EXPERIMENTS: file, FASHION_HOME: home, PSEUDONYM_KEY: TEST_KEY });
    const config = loadConfig({ FASHION_EXPERIMENTS: file, FASHION_HOME: home, PSEUDONYM_KEY: TEST_KEY });
    const experiments = createExperiments({ config, logger: silentLogger, clock: systemClock });
    const now = systemClock.now();
    for (let i = 0; i < 20; i++) {
      const pseudonym = pseudonymOf(`cli:${i}`);
      const assignments = experiments.armsFor(pseudonym);
      await experiments.recordExposure({ pseudonym, turnId: `t${i}`, at: now, assignments, itemIds: ['hm:1'] });
      if (i % 2 === 0) await experiments.recordOutcome({ pseudonym, at: now + 1, type: 'positive', itemId: 'hm:1' });
    }
    await experiments.close();

    const json = await run(['experiments', 'report', '--json']);
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout) as ExperimentsReport;
    const [experiment] = report.experiments;
    expect(experiment!.arms.reduce((sum, arm) => sum + arm.users, 0)).toBe(20);
    expect(experiment!.arms.reduce((sum, arm) => sum + arm.rates.positive.successes, 0)).toBe(10);
    expect(experiment!.comparisons[0]!.differences.positive).toHaveProperty('low');

    const text = await run(['experiments', 'report']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('■ trend (running');
    expect(text.stdout).toMatch(/arm a \(50\.0% of traffic\): \d+ users, \d+ exposures/);
    expect(text.stdout).toContain('b − a:');
    expect(text.stdout).toContain('sample too small');
  });

  it('check validates the example config; a bad config is named field by field', async () => {
    useEnvironment({ FASHION_EXPERIMENTS: path.join(projectRoot, 'data/experiments.example.json') });
    const check = await run(['experiments', 'check']);
    expect(check.code).toBe(0);
    expect(check.stdout).toContain('valid, 2 experiment(s)');
    expect(check.stdout).toContain('on 50.0% {"trendBoost":0.5}');

    useEnvironment({ FASHION_EXPERIMENTS: writeExperimentsFile({ experiments: [{ name: 'x', arms: [] }] }) });
    const bad = await run(['experiments', 'report']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('experiments[0].start');
    expect(bad.stderr).toContain('experiments[0].primaryMetric');
    expect(bad.stdout).toBe('');
  });

  it('says when experiments are off and rejects unknown sub-commands', async () => {
    useEnvironment({ FASHION_HOME: mkdtempSync(path.join(tmpdir(), 'fa-exp-cli-off-')) });
    vi.stubEnv('FASHION_EXPERIMENTS', '');
    const off = await run(['experiments', 'report']);
    expect(off).toMatchObject({ code: 0, stdout: expect.stringContaining('experiments are off') });
    expect(JSON.parse((await run(['experiments', 'report', '--json'])).stdout)).toMatchObject({ enabled: false });
    expect((await run(['experiments', 'check'])).code).toBe(1);
    const unknown = await run(['experiments', 'launch']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown experiments sub-command "launch"');
    expect((await run(['experiments'])).stderr).toContain('expects a sub-command: report, check');
  });
});
