import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/config.ts';
import { RedactionCases, scoreLanguage } from '../../src/log/redaction-eval.ts';

const cases = RedactionCases.parse(
  JSON.parse(readFileSync(path.join(projectRoot, 'test', 'log', 'redaction-cases.json'), 'utf8')),
);

describe.each(['en', 'zh'] as const)('redaction on the hand-written %s cases', (language) => {
  it('has at least 100 positive and 100 look-alike negative cases, none repeated', () => {
    const { positive, negative } = cases[language];
    expect(positive.length).toBeGreaterThanOrEqual(100);
    expect(negative.length).toBeGreaterThanOrEqual(100);
    const texts = [...positive.map((c) => c.text), ...negative];
    expect(new Set(texts).size).toBe(texts.length);
  });

  it('reaches recall and precision of at least 0.98', () => {
    const score = scoreLanguage(cases[language]);
    expect(score.recall, `missed: ${JSON.stringify(score.missed)}`).toBeGreaterThanOrEqual(0.98);
    expect(score.precision, `false alarms: ${JSON.stringify(score.false_alarms)}`).toBeGreaterThanOrEqual(0.98);
  });
});

describe('scoreLanguage', () => {
  it('counts a partly redacted span as missed and a redacted look-alike as a false alarm', () => {
    const score = scoreLanguage({
      positive: [
        { text: 'call +44 20 7946 0958', pii: ['+44 20 7946 0958'] },
        { text: 'mail kim@example.com, size 38', pii: ['kim@example.com'], keep: ['size 38'] },
      ],
      negative: ['as of 2020-04-12', 'call 0612345678 now'],
    });
    expect(score).toMatchObject({ recall: 1, n_pos: 2, n_neg: 2, false_alarms: ['call 0612345678 now'] });
    expect(score.precision).toBeCloseTo(2 / 3, 4);
    const partial = scoreLanguage({
      positive: [{ text: 'ref 0612345678 xyz', pii: ['0612345678 xyz'] }],
      negative: [],
    });
    expect(partial).toMatchObject({ recall: 0, missed: ['ref 0612345678 xyz'] });
  });
});
