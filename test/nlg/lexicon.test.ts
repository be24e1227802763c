import { describe, expect, it } from 'vitest';
import { ARTICLE_TYPES, COLORS, OCCASIONS } from '../../src/catalog/taxonomy.ts';
import { regionName } from '../../src/engine/actions/trends.ts';
import { describeSlots, explainSignals, itemLine, outfitLines } from '../../src/engine/present.ts';
import { listOf, term, terms } from '../../src/nlg/lexicon.ts';
import { type Item, type Outfit, SEASONS } from '../../src/types.ts';

const HAN = /\p{Script=Han}/u;
const LATIN = /[a-z]/i;

const item = (id: string, colors: string[], price: number): Item => ({
  id,
  source: 'demo',
  name: `Item ${id}`,
  gender: 'men',
  category: 'top',
  articleType: 'shirt',
  colors,
  materials: ['linen'],
  seasons: ['summer'],
  usage: ['smart_casual'],
  formality: 0.6,
  price,
  popularity: 0,
});

describe('lexicon', () => {
  it('names every canonical colour, article type, occasion and season in Chinese', () => {
    for (const color of COLORS) expect(term('color', color, 'zh'), color).toMatch(HAN);
    for (const type of Object.keys(ARTICLE_TYPES)) expect(term('articleType', type, 'zh'), type).toMatch(HAN);
    for (const occasion of Object.keys(OCCASIONS)) expect(term('occasion', occasion, 'zh'), occasion).toMatch(HAN);
    for (const season of SEASONS) expect(term('season', season, 'zh'), season).toMatch(HAN);
  });

  it('reads canonical values as English words, and falls back to them for unknown values', () => {
    expect(term('articleType', 'formal-shoes', 'en')).toBe('formal shoes');
    expect(term('usage', 'smart_casual', 'en')).toBe('smart casual');
    expect(term('color', 'ultraviolet-glow', 'zh')).toBe('ultraviolet glow');
    expect(term('articleType', 'outerwear', 'zh')).toBe('外套'); // a coarse category used as a slot
    expect(terms('color', ['navy', 'white'], 'zh')).toBe('藏青色/白色');
    expect(listOf(['a', 'b', 'c'], 'en')).toBe('a, b and c');
    expect(listOf(['甲', '乙', '丙'], 'zh')).toBe('甲、乙和丙');
  });

  it('names trend regions in the reply language', () => {
    expect(regionName('GB')).toBe('the United Kingdom');
    expect(regionName('GB', 'zh')).toMatch(HAN);
    expect(regionName('EN', 'zh')).toBe('英语国家');
    expect(regionName('world', 'zh')).toBe('全球');
  });
});

describe('localised reply parts', () => {
  it('describes a request in Chinese without English words (but with the currency code)', () => {
    const slots = {
      color: ['navy'],
      category: 'shirt',
      occasion: 'work',
      season: 'summer',
      gender: 'men',
      budget_max: 60,
      exclude_color: ['yellow'],
    };
    const zh = describeSlots(slots, 'zh');
    expect(zh).toBe('藏青色衬衫 · 上班 · 夏季 · 男装 · €60以内 · 不要黄色');
    expect(describeSlots(slots)).toBe('navy shirt · work · summer · men · under €60 · no yellow');
  });

  it('shows a budget in the shopper’s currency with EUR beside', () => {
    const slots = { occasion: 'wedding', budget_max: 800, currency: 'CNY' };
    expect(describeSlots(slots)).toBe('wedding · under CN¥800 · about €104');
    expect(describeSlots(slots, 'zh')).toBe('婚礼 · CN¥800（约€104）以内');
    expect(describeSlots({ budget_max: 50, currency: 'USD' })).toBe('under $50 · about €46');
  });

  it('explains signals in Chinese without the models’ English details', () => {
    const signals = [
      { name: 'match' as const, weight: 2, detail: 'exact colour / type asked for' },
      { name: 'season' as const, weight: 1, detail: 'made for summer' },
    ];
    expect(explainSignals(signals, 4, 'zh')).toEqual(['符合你的要求', '适合当季']);
    expect(explainSignals(signals)).toEqual([
      'it matches what you asked for (exact colour / type asked for)',
      'it suits the season (made for summer)',
    ]);
  });

  it('keeps names and ids in item lines and writes the outfit reason from its signals', () => {
    const a = item('demo:a', ['navy'], 40);
    const b = item('demo:b', ['white'], 20);
    expect(itemLine(1, a, 'zh')).toBe('1. Item demo:a — €40.00，藏青色 [demo:a]');
    const outfit: Outfit = {
      items: [a, b].map((i) => ({ item: i, score: 1, signals: [] })),
      score: 1,
      explanation: 'Navy and white work well together.',
      signals: [
        { name: 'diversity', weight: 5, detail: 'difference from the outfits listed before it' },
        { name: 'color_harmony', weight: 2, detail: 'neutral colours' },
        { name: 'formality', weight: 1, detail: 'formality spread 0.10' },
      ],
    };
    const [heading, ...rest] = outfitLines([outfit], 'zh');
    expect(heading).toBe('搭配 1（€60.00）：颜色搭配协调；正式程度适合场合');
    expect(heading).not.toMatch(LATIN);
    expect(rest).toHaveLength(2);
    expect(outfitLines([outfit], 'en')[0]).toBe('Look 1 (€60.00): Navy and white work well together.');
  });
});
