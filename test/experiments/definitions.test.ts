import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/config.ts';
import {
  ExperimentConfigError,
  isActive,
  loadExperimentsConfig,
  parseExperimentsConfig,
} from '../../src/experiments/definitions.ts';
import { writeExperimentsFile } from './shoppers.ts';

const arm = (name: string, params: object = {}, weight = 1) => ({ name, weight, params });
const experiment = (overrides: object = {}) => ({
  name: 'tone-test',
  start: '2026-01-01T00:00:00Z',
  primaryMetric: 'positive',
  arms: [arm('a', { tone: 'friendly' }), arm('b', { tone: 'concise' })],
  ...overrides,
});

/** The issues of a config that must be rejected. */
function issuesOf(document: unknown) {
  try {
    parseExperimentsConfig(document, 'test.json');
  } catch (error) {
    expect(error).toBeInstanceOf(ExperimentConfigError);
    expect((error as Error).message).toContain('test.json');
    return (error as ExperimentConfigError).issues;
  }
  throw new Error('expected the config to be rejected');
}

describe('experiments config', () => {
  it('loads the example file shipped in data/', () => {
    const config = loadExperimentsConfig(path.join(projectRoot, 'data/experiments.example.json'));
    expect(config.experiments.map((e) => e.name)).toEqual(['trend-boost', 'tone-and-k']);
    const [trend, tone] = config.experiments;
    expect(trend!.arms[1]).toEqual({ name: 'on', weight: 50, params: { trendBoost: 0.5 } });
    expect(trend!.stop).toBe(Date.parse('2027-01-01T00:00:00Z'));
    expect(tone!.stop).toBeUndefined();
    expect(tone!.minUsersPerArm).toBe(200);
  });

  it('fills defaults and converts the window to epoch milliseconds', () => {
    const config = parseExperimentsConfig({ experiments: [experiment({ stop: '2026-02-01T00:00:00+01:00' })] });
    expect(config).toMatchObject({ abandonAfterMinutes: 30, attributionWindowMinutes: 30, itemAttributionDays: 7 });
    const [e] = config.experiments;
    expect(e!.start).toBe(Date.UTC(2026, 0, 1));
    expect(e!.stop).toBe(Date.UTC(2026, 0, 31, 23));
    expect(e!.minUsersPerArm).toBe(100);
    expect(isActive(e!, Date.UTC(2025, 11, 31, 23, 59))).toBe(false);
    expect(isActive(e!, Date.UTC(2026, 0, 1))).toBe(true);
    expect(isActive(e!, e!.stop!)).toBe(false);
  });

  it('names every bad field', () => {
    const issues = issuesOf({
      experiments: [
        experiment({
          name: 'Bad Name',
          primaryMetric: 'clicks',
          arms: [arm('a', { trendBoost: -1, tone: 'rude' }, 0), arm('a', { suggestions: 2.5, colour: 'red' })],
        }),
      ],
    });
    const fields = issues.map((i) => i.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'experiments[0].name',
        'experiments[0].primaryMetric',
        'experiments[0].arms[0].weight',
        'experiments[0].arms[0].params.trendBoost',
        'experiments[0].arms[0].params.tone',
        'experiments[0].arms[1].params.suggestions',
        'experiments[0].arms[1].params',
      ]),
    );
    expect(issues.find((i) => i.field === 'experiments[0].arms[1].params')!.message).toContain('colour');
    const duplicateArm = issuesOf({ experiments: [experiment({ arms: [arm('a'), arm('a')] })] });
    expect(duplicateArm).toEqual([{ field: 'experiments[0].arms[1].name', message: 'duplicate arm "a"' }]);
  });

  it('rejects one arm, a stop before the start, bad dates and unknown top-level fields', () => {
    const fields = (document: unknown) => issuesOf(document).map((i) => i.field);
    expect(fields({ experiments: [experiment({ arms: [arm('only')] })] })).toEqual(['experiments[0].arms']);
    expect(fields({ experiments: [experiment({ stop: '2025-12-31T00:00:00Z' })] })).toEqual(['experiments[0].stop']);
    expect(fields({ experiments: [experiment({ start: 'tomorrow' })] })).toEqual(['experiments[0].start']);
    expect(fields({ experiments: [], extra: 1 })).toEqual(['(root)']);
    expect(fields({})).toEqual(['experiments']);
  });

  it('rejects duplicate names and concurrent experiments that set the same parameter', () => {
    const duplicate = issuesOf({ experiments: [experiment(), experiment({ arms: [arm('x'), arm('y')] })] });
    expect(duplicate).toEqual([{ field: 'experiments[1].name', message: 'duplicate experiment "tone-test"' }]);
    const clash = issuesOf({
      experiments: [experiment(), experiment({ name: 'tone-2', start: '2026-06-01T00:00:00Z' })],
    });
    expect(clash[0]!.field).toBe('experiments[1].arms');
    expect(clash[0]!.message).toContain('tone');
    expect(clash[0]!.message).toContain('"tone-test"');
    // The same parameter one after the other is fine.
    const sequential = parseExperimentsConfig({
      experiments: [
        experiment({ stop: '2026-02-01T00:00:00Z' }),
        experiment({ name: 'tone-2', start: '2026-02-01T00:00:00Z' }),
      ],
    });
    expect(sequential.experiments).toHaveLength(2);
  });

  it('reports an unreadable file and invalid JSON clearly', () => {
    expect(() => loadExperimentsConfig('/nonexistent/experiments.json')).toThrow(
      /invalid experiments config \/nonexistent\/experiments.json:\n {2}\(file\): cannot read/,
    );
    const file = writeExperimentsFile({});
    writeFileSync(file, '{ "experiments": [ }');
    expect(() => loadExperimentsConfig(file)).toThrow(/\(file\): not valid JSON/);
  });
});
