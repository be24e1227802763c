import { mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readJsonSnapshot } from '../../src/catalog/json-snapshot.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'json-snapshot-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A model-like value: long number arrays (exact doubles, negatives, tiny values), short ones, strings, nesting. */
const model = (scale: number) => ({
  version: 3,
  labels: ['greet', 'product_search'],
  weights: Array.from({ length: 3000 }, (_, i) => Math.sin(i) * scale * 1e-7),
  tagger: { bias: [0.1, -0.2], embedding: Array.from({ length: 2048 }, (_, i) => (i % 7) - 3.25) },
  rows: [[1, 2, 3], ['a']],
});

describe('readJsonSnapshot', () => {
  it('reads back exactly what JSON.parse gives, from the snapshot the first read wrote', () => {
    const file = path.join(dir, 'model.json');
    writeFileSync(file, JSON.stringify(model(1)));
    const parsed = JSON.parse(JSON.stringify(model(1)));
    expect(readJsonSnapshot(file, dir, 'm')).toEqual(parsed);
    expect(readdirSync(path.join(dir, 'cache'))).toContain('m.snap');
    expect(readJsonSnapshot(file, dir, 'm')).toEqual(parsed);
  });

  it('parses a changed file again instead of serving the old snapshot', () => {
    const file = path.join(dir, 'changing.json');
    writeFileSync(file, JSON.stringify(model(1)));
    readJsonSnapshot(file, dir, 'changing');
    writeFileSync(file, JSON.stringify(model(2)));
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    expect(readJsonSnapshot(file, dir, 'changing')).toEqual(JSON.parse(JSON.stringify(model(2))));
  });

  it('throws on a missing file or bad JSON, as JSON.parse would', () => {
    expect(() => readJsonSnapshot(path.join(dir, 'absent.json'), dir, 'absent')).toThrow();
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, '{"weights": [1, 2');
    expect(() => readJsonSnapshot(bad, dir, 'bad')).toThrow(SyntaxError);
  });
});
