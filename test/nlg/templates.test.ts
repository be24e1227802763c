import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/config.ts';
import { parseTemplates, TemplateError, Templates } from '../../src/nlg/templates.ts';
import { seededRandom } from '../../src/util/random.ts';

const templates = Templates.load(path.join(projectRoot, 'prompts'));

/** Every template key the engine's source names (`key: '…'` and `` key: `…_general` ``). */
function keysUsedBySource(): string[] {
  const dir = path.join(projectRoot, 'src', 'engine');
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
  const keys = new Set<string>();
  for (const file of files) {
    const source = readFileSync(path.join(dir, file), 'utf8');
    for (const m of source.matchAll(/key: '([a-z_]+)'/g)) keys.add(m[1]!);
  }
  for (const k of ['feedback_positive', 'feedback_negative']) keys.add(`${k}_general`);
  for (const label of ['rising', 'steady', 'falling']) keys.add(`trend_${label}`);
  return [...keys];
}

describe('templates', () => {
  it('has every key the engine uses', () => {
    const keys = keysUsedBySource();
    expect(keys.length).toBeGreaterThan(30);
    expect(keys.filter((k) => !templates.has(k))).toEqual([]);
  });

  it('fills variables and never repeats the variant it must avoid', () => {
    const random = seededRandom(1);
    for (let i = 0; i < 20; i++) {
      const first = templates.render('greeting', {}, { language: 'en', tone: 'friendly', random });
      const second = templates.render(
        'greeting',
        {},
        { language: 'en', tone: 'friendly', random, avoid: first.variant },
      );
      expect(second.text).not.toBe(first.text);
    }
    const { text } = templates.render(
      'saved',
      { name: 'Linen shirt', count: 2 },
      { language: 'en', tone: 'friendly', random },
    );
    expect(text).toContain('Linen shirt');
  });

  it('rejects malformed files and missing variables', () => {
    expect(() => parseTemplates('- orphan variant', 'x.md')).toThrow(TemplateError);
    expect(() => parseTemplates('## a\n## a\n- x', 'x.md')).toThrow(/duplicate/);
    expect(() => templates.render('saved', {}, { language: 'en', tone: 'friendly', random: seededRandom(1) })).toThrow(
      /needs/,
    );
  });
});
