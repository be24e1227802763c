import { beforeAll, describe, expect, it } from 'vitest';
import { createParser } from '../../src/nlu/index.ts';
import type { NluSlots } from '../../src/nlu/slots.ts';
import type { IntentParser } from '../../src/types.ts';

let parser: IntentParser;
beforeAll(() => {
  parser = createParser();
});

describe('intents the engine relies on', () => {
  it.each([
    ['hello', 'greet'],
    ['what can you do?', 'help'],
    ["I need an outfit for a summer wedding, I'm a man", 'outfit_request'],
    ['show me black jeans under 50', 'product_search'],
    ['cheaper', 'refine'],
    ['why?', 'explain'],
    ['I hate yellow', 'set_preference'],
    ['the second one — how much is it?', 'item_question'],
    ['forget me', 'privacy_forget'],
    ['export my data', 'privacy_export'],
    ["what's trending?", 'trend_query'],
    ['thanks, love it', 'feedback_positive'],
    ['not for me', 'feedback_negative'],
    ['save the first one', 'save_item'],
    ['compare the first two', 'compare'],
    ['more like this', 'product_search'],
    ['inspire me', 'inspiration'],
    ['下个月去三亚度假，帮我搭几套', 'outfit_request'],
    ['bye', 'goodbye'],
    ['tell me a joke', 'out_of_scope'],
    ['你好', 'greet'],
    ['我想要一件蓝色的连衣裙', 'product_search'],
    ['删除我的数据', 'privacy_forget'],
    ['为什么推荐这个', 'explain'],
  ])('%s → %s', (text, intent) => {
    expect(parser.parse(text).intent).toBe(intent);
  });
});

describe('parses', () => {
  it('carries slots, spans, language, source and ranked alternatives', () => {
    const parse = parser.parse("I need an outfit for a summer wedding, I'm a man");
    expect(parse.slots).toMatchObject({ occasion: 'wedding', season: 'summer', gender: 'men' });
    expect(parse.spans.map((s) => s.slot).sort()).toEqual(['gender', 'occasion', 'season', 'whole_look']);
    expect(parse.language).toBe('en');
    expect(parse.source).toMatch(/^fa-nlu@/);
    expect(parse.alternatives.length).toBeGreaterThan(0);
    expect(parse.alternatives.every((a) => a.confidence <= parse.confidence)).toBe(true);
    expect(parser.parse('我想要蓝色的裙子').language).toBe('zh');
  });

  it('only keeps question slots for questions', () => {
    expect(parser.parse('how much is it?').slots.request_slots).toEqual(['price']);
    expect(parser.parse('I prefer slim fit').slots.request_slots).toBeUndefined();
  });

  it('gives an empty line a zero-confidence parse instead of failing', () => {
    const parse = parser.parse('   ');
    expect(parse.confidence).toBe(0);
    expect(parse.confidence).toBeLessThan(parser.threshold);
    expect(parse.slots).toEqual({});
  });

  it('is less sure of gibberish than of a clear request', () => {
    expect(parser.parse('qwpoeiru zxmcnv').confidence).toBeLessThan(parser.parse('show me red dresses').confidence);
  });

  it('is pure: the same text and context give the same parse', () => {
    expect(parser.parse('blue jeans, not too formal')).toEqual(parser.parse('blue jeans, not too formal'));
  });
});

describe('context', () => {
  it('reads a bare attribute after a search as a refinement', () => {
    const parse = parser.parse('in black?', { previousIntent: 'product_search' });
    expect(parse.intent).toBe('refine');
    expect(parse.slots.color).toEqual(['black']);
    expect(parser.parse('and for winter?', { previousIntent: 'outfit_request' }).intent).toBe('refine');
  });

  it('continues the pending request when the answer fills the awaited slot', () => {
    const parse = parser.parse('a wedding', { previousIntent: 'outfit_request', awaitingSlot: 'occasion' });
    expect(parse.intent).toBe('outfit_request');
    expect(parse.slots.occasion).toBe('wedding');
    expect(parser.parse('forget me', { previousIntent: 'outfit_request', awaitingSlot: 'occasion' }).intent).toBe(
      'privacy_forget',
    );
  });
});

describe('a named style or an occasion asked about goes to the stylist', () => {
  it.each([
    ['give me 90s grunge vibes', 'advice', '90s_grunge'],
    ['how to dress minimalist', 'advice', 'minimalist'],
    ['boho style tips', 'advice', 'boho'],
  ])('%s → %s with the style %s', (text, intent, style) => {
    const parse = parser.parse(text);
    expect(parse.intent).toBe(intent);
    expect(parse.slots.style_reference).toBe(style);
  });

  it.each(['年会穿什么合适', '银行面试穿什么合适'])('%s asks what is appropriate: a dress-code answer', (text) => {
    const parse = parser.parse(text);
    expect(parse.intent).toBe('advice');
    expect(parse.slots.advice_topic).toBe('dress_code');
  });

  it('a style asked for as pieces ("do you have any …") stays a search, and so does a style with a category', () => {
    expect(parser.parse('boho dress under 50').intent).toBe('product_search');
    expect(parser.parse('do you have any minimalist stuff').intent).not.toBe('advice');
  });
});

describe('a question about the weather itself', () => {
  it('is marked weather_only when it asks nothing about what to wear', () => {
    const only = (text: string) => (parser.parse(text).slots as NluSlots).weather_only;
    expect(only("how's the weather in rome this week?")).toBe(true);
    expect(only('广州明天会下雨吗')).toBe(true);
    expect(only('what should i pack for rome this week?')).toBeUndefined();
    expect(only('广州明天穿什么')).toBeUndefined();
  });
});

describe('a night out is a party, and a bar is no place to pack for', () => {
  it.each([
    'hiii can u help me find an outfit for a rooftop bar on saturday, im a girl, 25',
    'drinks with friends tonight, what should i wear',
    '周末去酒吧穿什么',
  ])('%s → a party look, with no place', (text) => {
    const parse = parser.parse(text);
    expect(parse.slots.occasion).toBe('party');
    expect(parse.slots.place).toBeUndefined();
  });
});

describe('dinner out', () => {
  it('reads a birthday dinner or a nice restaurant as a date, and "can he wear …" as an etiquette question', () => {
    expect(parser.parse('need smth for my bf bday dinner fri').slots.occasion).toBe('date');
    const asked = parser.parse('can he wear sneakers to a nice restaurant?');
    expect(asked.intent).toBe('advice');
    expect(asked.slots.advice_topic).toBe('dress_code');
  });
});

describe('a business trip', () => {
  it.each(['我下周去上海出差，要见客户', 'business trip to shanghai, meeting clients'])(
    '%s is work, with its place kept for the weather',
    (text) => {
      const parse = parser.parse(text);
      expect(parse.slots.occasion).toBe('work');
      expect(parse.slots.place).toBe('shanghai');
    },
  );
});

describe('taking and comparing pieces pointed at by colour or place', () => {
  it.each([
    ['let me grab the olive one on the left', 'save_item'],
    ["i'll take the grey hoodie and the white tee", 'save_item'],
    ['put the floral skirt in my basket', 'save_item'],
    ['how does the navy coat on the right compare to the black one', 'compare'],
    ['which has better ratings, the green jacket or the brown one', 'compare'],
  ])('%s → %s', (text, intent) => {
    expect(parser.parse(text).intent).toBe(intent);
  });

  it('reads "narrow it down" as a particle, not the material down', () => {
    const parse = parser.parse('can you narrow it down to ones with good reviews');
    expect(parse.slots.material).toBeUndefined();
    expect((parse.slots as NluSlots).rating).toBe('good');
    expect(parser.parse('a down jacket for winter').slots.category).toBe('jacket');
  });
});

describe('ordinals typed as numerals', () => {
  it('weigh like the spelled ordinal: "the 2nd" is as sure a comparison as "the second"', () => {
    const typed = parser.parse('how does the black one compare to the 2nd');
    const spelled = parser.parse('how does the black one compare to the second');
    expect(typed.intent).toBe('compare');
    expect(typed.confidence).toBeCloseTo(spelled.confidence, 2);
  });
});
