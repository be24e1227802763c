import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCatalog, loadDemoItems } from '../../src/catalog/index.ts';
import { projectRoot } from '../../src/config.ts';
import { advise } from '../../src/knowledge/advise.ts';
import { KNOWLEDGE_DIR, KnowledgeError, loadKnowledge, loadKnowledgeFiles } from '../../src/knowledge/load.ts';
import { bodyMeasures, monthIn, placeIn, styleReferenceIn } from '../../src/knowledge/match.ts';
import { piecesFor, violation } from '../../src/knowledge/pieces.ts';
import { makeItem } from '../support/items.ts';

const now = Date.UTC(2026, 5, 15);

describe('knowledge files', () => {
  it('load and every entry names its source', () => {
    const k = loadKnowledgeFiles();
    expect(k.colors.tones.length).toBeGreaterThanOrEqual(8);
    expect(k.styles.styles.length).toBeGreaterThanOrEqual(25);
    for (const entry of [...k.colors.tones, ...k.body.shapes, ...k.dressCodes.codes, ...k.dressCodes.rules]) {
      expect(entry.source.length).toBeGreaterThan(8);
    }
  });

  it('reject a colour the catalogue does not know, naming the file and the entry', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fa-knowledge-'));
    cpSync(KNOWLEDGE_DIR, dir, { recursive: true });
    const file = path.join(dir, 'colors.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace('"camel", "rust"', '"camel", "coral"'));
    expect(() => loadKnowledgeFiles(dir)).toThrow(KnowledgeError);
    expect(() => loadKnowledgeFiles(dir)).toThrow(/colors\.json: tones\.0\.flatter\.\d+: "coral" is not a canonical/);
  });

  it('have no climate table without a data directory', () => {
    expect(loadKnowledge(undefined).climate).toBeUndefined();
  });
});

describe('matching', () => {
  it('finds places, months and measures as shoppers write them', () => {
    expect(placeIn('im going to japan in march')).toBe('tokyo');
    expect(placeIn('哈尔滨冬天穿什么')).toBe('harbin');
    expect(placeIn('trip to cusco in may')).toBe('cusco');
    expect(placeIn('a nice dress for the beach')).toBeUndefined();
    expect(monthIn('纽约十二月天气怎么样')).toBe(12);
    expect(monthIn('what should I pack, I may go')).toBeUndefined();
    expect(bodyMeasures("i'm 6 foot 190 pounds")).toEqual({ height_cm: 183, weight_kg: 86 });
    expect(bodyMeasures('身高165体重110斤')).toEqual({ height_cm: 165, weight_kg: 55 });
  });

  it('tells known styles from unknown names, and a longer Chinese name from its last two characters', () => {
    expect(styleReferenceIn('90s grunge girl')?.id).toBe('90s_grunge');
    expect(styleReferenceIn("what's mermaidcore")).toEqual({ name: 'mermaidcore' });
    expect(styleReferenceIn('什么是蒸汽朋克风')).toEqual({ name: '蒸汽朋克' });
  });
});

describe('advice and the pieces that follow it', () => {
  const knowledge = loadKnowledge(undefined);
  const catalog = createCatalog(loadDemoItems(projectRoot), ['demo']);

  it('never shows a colour an olive-skin answer warns about', () => {
    const advice = advise(knowledge, {
      slots: { advice_topic: 'color', skin_tone: 'olive' },
      text: 'what colours suit olive skin',
      language: 'en',
      now,
    });
    const pieces = piecesFor(catalog, advice.rule!, 5);
    expect(pieces.length).toBeGreaterThan(0);
    for (const piece of pieces) expect(piece.colors.some((c) => ['olive', 'khaki'].includes(c))).toBe(false);
  });

  it('leaves black out after "it depends" on black at a wedding', () => {
    const advice = advise(knowledge, {
      slots: { advice_topic: 'dress_code', color: ['black'], occasion: 'wedding' },
      text: 'is black ok at a wedding?',
      language: 'en',
      now,
    });
    expect(advice.verdict).toBe('depends');
    expect(advice.rule!.avoidColors).toContain('black');
  });

  it('grades a piece against the advice from its attributes', () => {
    const skinny = catalog.items.find((i) => /skinny/i.test(`${i.name} ${i.description}`));
    if (skinny) expect(violation(skinny, { categories: [], avoidWords: ['skinny'] })).toBe('"skinny"');
  });

  it('asks about a city it has no climate for instead of guessing', () => {
    const advice = advise(knowledge, {
      slots: { advice_topic: 'weather', place: 'tokyo', month: 3 },
      text: 'tokyo in march',
      language: 'en',
      now,
    });
    expect(advice.question).toBe(true);
    expect(advice.text).toMatch(/I don't have climate data for Tokyo/);
  });

  it('washes a piece by its listed fabric, not by words such as "buttons down the front"', () => {
    const item = makeItem({
      articleType: 'blouse',
      materials: ['viscose'],
      description: 'Blouse in woven viscose with buttons down the front.',
    });
    const request = { slots: { advice_topic: 'care' }, text: 'how do i wash it', language: 'en', now: 0 } as const;
    const advice = advise(knowledge, { ...request, item });
    expect(advice.text).toMatch(/viscose/i);
    expect(advice.text).not.toMatch(/tennis balls|down detergent/i);
    const unlisted = makeItem({ articleType: 'blouse', description: 'Blouse with buttons down the front.' });
    expect(advise(knowledge, { ...request, item: unlisted }).text).not.toMatch(/down detergent/i);
  });
});
