import { describe, expect, it } from 'vitest';
import { dataHash, loadExamples, loadJsonlExamples, parseDataFile } from '../../src/nlu/data.ts';
import { BUNDLED_DATA_DIR } from '../../src/nlu/index.ts';
import { NEW_SLOT_KEYS } from '../../src/nlu/slots.ts';
import { INTENTS, SLOT_KEYS } from '../../src/types.ts';

/** Keys the utterance files may annotate: the slots, and the parser's flattened or extra ones. */
const ANNOTATED_KEYS: ReadonlySet<string> = new Set([
  ...SLOT_KEYS,
  ...NEW_SLOT_KEYS,
  'temperature',
  'rating',
  'price_level',
]);

describe('the bundled utterances', () => {
  const examples = loadExamples(BUNDLED_DATA_DIR);

  it('has at least 60 English and 20 Chinese utterances per intent', () => {
    for (const intent of INTENTS) {
      expect(examples.filter((e) => e.intent === intent && e.language === 'en').length, intent).toBeGreaterThanOrEqual(
        60,
      );
      expect(examples.filter((e) => e.intent === intent && e.language === 'zh').length, intent).toBeGreaterThanOrEqual(
        20,
      );
    }
  });

  it('has no duplicate utterance within a language', () => {
    const seen = new Map<string, string>();
    for (const e of examples) {
      const key = `${e.language}:${e.text.toLowerCase()}`;
      expect(seen.get(key), `${e.source} repeats ${seen.get(key)}`).toBeUndefined();
      seen.set(key, e.source);
    }
  });

  it('annotates only known slot keys', () => {
    for (const e of examples)
      for (const pair of e.slots ?? []) expect(ANNOTATED_KEYS.has(pair.split('=')[0]!), e.source).toBe(true);
  });
});

describe('data files', () => {
  it('parses utterances with and without gold slots, skipping comments', () => {
    const examples = parseDataFile('# comment\nhello\nblue jeans | color=blue; category=jeans\n\n', 'greet', 'en', 'x');
    expect(examples).toHaveLength(2);
    expect(examples[0]).toMatchObject({ text: 'hello', slots: [] });
    expect(examples[1]!.slots).toEqual(['category=jeans', 'color=blue']);
    expect(() => parseDataFile('oops | nonsense', 'greet', 'en', 'x.txt')).toThrow(/x.txt:1/);
  });

  it('reads stylist exports as JSONL and rejects bad lines with their number', () => {
    const examples = loadJsonlExamples(
      '{"text":"in red?","intent":"refine","slots":{"color":["red"]}}\n{"text":"你好","intent":"greet"}\n',
      'extra.jsonl',
    );
    expect(examples.map((e) => [e.intent, e.language, e.slots])).toEqual([
      ['refine', 'en', ['color=red']],
      ['greet', 'zh', undefined],
    ]);
    expect(() => loadJsonlExamples('{"text":"x","intent":"dance"}', 'e.jsonl')).toThrow(/e.jsonl:1/);
    expect(() => loadJsonlExamples('not json', 'e.jsonl')).toThrow(/not JSON/);
  });

  it('hashes the data so that any change shows', () => {
    const a = parseDataFile('hello', 'greet', 'en', 'x');
    const b = parseDataFile('hello!', 'greet', 'en', 'x');
    expect(dataHash(a)).not.toBe(dataHash(b));
    expect(dataHash(a)).toBe(dataHash(parseDataFile('hello', 'greet', 'en', 'y')));
  });
});
