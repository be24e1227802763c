import { beforeAll, describe, expect, it } from 'vitest';
import { SpellingCorrector } from '../../src/nlu/matcher.ts';
import { extractSlots, flattenSlots, referenceKey } from '../../src/nlu/slots.ts';

let corrector: SpellingCorrector;
beforeAll(() => {
  corrector = new SpellingCorrector();
});
const slots = (text: string) => extractSlots(text, corrector).slots;

describe('categories and synonyms', () => {
  it.each([
    ['white trainers', 'sneakers'],
    ['a plain tee', 't-shirt'],
    ['grey pants', 'trousers'],
    ['grey trousers', 'trousers'],
    ['a jumper for my dad', 'sweater'],
    ['some hoodies', 'hoodie'],
    ['new shoes', 'footwear'],
    ['蓝色的连衣裙', 'dress'],
    ['白色T恤', 't-shirt'],
    ['运动鞋', 'sneakers'],
  ])('%s → %s', (text, category) => {
    expect(slots(text).category).toBe(category);
  });
});

describe('a swap of one piece for another', () => {
  it.each([
    ['swap the shoes in look 2 for sandals', 'sandals'],
    ['第二套的鞋子换成凉鞋', 'sandals'],
    ['change the boots to sneakers pls', 'sneakers'],
  ])('%s wants %s', (text, category) => {
    expect(slots(text).category).toBe(category);
  });

  it('keeps the first piece when nothing is swapped', () => {
    expect(slots('jeans with a white shirt').category).toBe('jeans');
  });
});

describe('colours', () => {
  it('maps shades to canonical colours', () => {
    expect(slots('dark blue jeans').color).toEqual(['navy']);
    expect(slots('light grey coat').color).toEqual(['light-grey']);
    expect(slots('gray or burgundy').color).toEqual(['grey', 'burgundy']);
    expect(slots('浅蓝色的衬衫').color).toEqual(['light-blue']);
  });
});

describe('negation', () => {
  it.each([
    ['no yellow', { exclude_color: ['yellow'] }],
    ['anything but black', { exclude_color: ['black'] }],
    ['nothing in yellow or orange', { exclude_color: ['yellow', 'orange'] }],
    ['I like blue but not navy', { color: ['blue'], exclude_color: ['navy'] }],
    ["I don't like brown, show me green", { exclude_color: ['brown'], color: ['green'] }],
    ['not too formal', { exclude_style: ['formal'] }],
    ['less formal', { exclude_style: ['formal'] }],
    ['what should I pack for Paris', { occasion: 'travel', region: 'FR' }],
    ['less black please', { exclude_color: ['black'] }],
    ['less than 50 euros', { budget_max: 50, currency: 'EUR' }],
    ['no leather or wool please', { exclude_material: ['leather', 'wool'] }],
    ['不要黄色', { exclude_color: ['yellow'] }],
    ['除了黑色都行', { exclude_color: ['black'] }],
    ['不要太正式', { exclude_style: ['formal'] }],
  ])('%s', (text, expected) => {
    const s = slots(text);
    expect(s).toMatchObject(expected);
    if (!('color' in expected)) expect(s.color).toBeUndefined();
  });

  it('does not negate a colour after the scope ends', () => {
    expect(slots('no yellow. blue is fine')).toMatchObject({ exclude_color: ['yellow'], color: ['blue'] });
  });
});

describe('references', () => {
  it.each([
    ['the second one — how much is it?', 'ordinal:1'],
    ['save the first one', 'ordinal:0'],
    ['the last one', 'ordinal:-1'],
    ['compare the first two', 'ordinal:0'],
    ['save option 3', 'ordinal:2'],
    ['I love the blue one', 'attribute:blue/'],
    ['how much is that jacket', 'attribute:/jacket'],
    ['add the black jacket to my cart', 'attribute:black/jacket'],
    ["I'll take the red and white jacket", 'attribute:red/jacket'],
    ['how much is it', 'anaphora'],
    ['more like this', 'anaphora'],
    ['第二个多少钱', 'ordinal:1'],
    ['最后一个', 'ordinal:-1'],
    ['这件多少钱', 'anaphora'],
    ['蓝色那件', 'attribute:blue/'],
  ])('%s → %s', (text, key) => {
    const reference = slots(text).reference;
    expect(reference).toBeDefined();
    expect(referenceKey(reference!)).toBe(key);
  });

  it('does not read ordinals in other phrases as references', () => {
    expect(slots('my first date').reference).toBeUndefined();
    expect(slots('last summer I wore shorts').reference).toBeUndefined();
  });

  it('keeps colours of a referenced item out of the search colours', () => {
    const s = slots('how much is the red dress');
    expect(s.color).toBeUndefined();
    expect(s.category).toBeUndefined();
  });
});

describe('spelling', () => {
  it.each([
    ['blak hoodie', { color: ['black'], category: 'hoodie' }],
    ['sandles for summer', { category: 'sandals', season: 'summer' }],
    ['a hodie in gren', { category: 'hoodie', color: ['green'] }],
    ['jakcet', { category: 'jacket' }],
    ['BLACK JEANS', { color: ['black'], category: 'jeans' }],
  ])('%s', (text, expected) => {
    expect(slots(text)).toMatchObject(expected);
  });

  it('never corrects short or real words', () => {
    expect(corrector.correct('lack')).toBeUndefined();
    expect(corrector.correct('back')).toBeUndefined();
    expect(corrector.correct('red')).toBeUndefined();
    expect(corrector.correct('blu')).toBeUndefined();
    expect(corrector.correct('blak')).toBe('black');
  });

  it('leaves inflected and irregular forms alone ("bolder" is not "colder", "told" is not "gold")', () => {
    for (const word of ['bolder', 'tallest', 'told', 'replies', 'comfier', 'trendiest']) {
      expect(corrector.correct(word), word).toBeUndefined();
    }
    expect(slots('forget everything i told you')).toEqual({});
    expect(slots('any ideas for a bolder wardrobe').weather).toBeUndefined();
  });
});

describe('verbs that look like garments or occasions', () => {
  it.each([
    // "dress me" asks for a whole look (a dialogue act), not for a dress.
    ['dress me for a rainy day', { weather: { condition: 'rainy' }, whole_look: true }],
    ['i mostly dress for the office', { occasion: 'work' }],
    ["that doesn't work for me", {}],
    ['nice work', {}],
    ['these suit me perfectly', {}],
    ['walk me through how this works', {}],
    ['how do rockets work', {}],
    ['can you tell me how the recommendations work', {}],
    ['tone it down a bit', {}],
  ])('%s', (text, expected) => {
    expect(slots(text)).toEqual(expected);
  });

  it.each([
    ['i need a dress for a wedding', { category: 'dress', occasion: 'wedding' }],
    ['a navy suit please', { category: 'suit' }],
    ['shoes for work', { occasion: 'work' }],
    ['a down jacket', { detail: ['padded'], category: 'jacket' }],
    ['how do i find shoes for work', { occasion: 'work' }],
  ])('keeps the noun: %s', (text, expected) => {
    expect(slots(text)).toMatchObject(expected);
  });
});

describe('Chinese questions and tone', () => {
  it('does not read 有没有 ("do you have") as a negation', () => {
    expect(slots('有没有白色运动鞋')).toEqual({ color: ['white'], category: 'sneakers' });
    expect(slots('有没有三百元以内的外套')).toMatchObject({ category: 'jacket', budget_max: 300 });
    expect(slots('不要白色的')).toEqual({ exclude_color: ['white'] });
  });

  it('keeps the department next to a size ("a men\'s medium")', () => {
    expect(slots("i'm a men's medium")).toEqual({ size: 'M', gender: 'men' });
  });

  it('reads tone and language requests', () => {
    expect(slots('talk normally').tone).toBe('friendly');
    expect(slots('keep it short').tone).toBe('concise');
    expect(slots('说英文').language).toBe('en');
  });
});

describe('other slots', () => {
  it('reads gender, occasion, season and weather', () => {
    expect(slots("I need an outfit for a summer wedding, I'm a man")).toMatchObject({
      gender: 'men',
      occasion: 'wedding',
      season: 'summer',
    });
    expect(slots("it's 5°C and raining").weather).toEqual({ temperatureC: 5, condition: 'cold' });
    expect(slots('outfit for a rainy day').weather).toEqual({ condition: 'rainy' });
  });

  it('reads tone, language, region and price direction', () => {
    expect(slots('be brief').tone).toBe('concise');
    expect(slots('more detail please').tone).toBe('editorial');
    expect(slots('tell me more').tone).toBe('editorial');
    expect(slots('tell me more about the first one').tone).toBeUndefined();
    expect(slots('more details on the blue coat').tone).toBeUndefined();
    expect(slots('speak chinese').language).toBe('zh');
    expect(slots('说中文').language).toBe('zh');
    expect(slots("what's trending in the UK").region).toBe('GB');
    expect(slots('cheaper').price_direction).toBe('lower');
    expect(slots('something more expensive').price_direction).toBe('higher');
    expect(slots('便宜点的').price_direction).toBe('lower');
  });

  it('reads questions about an item', () => {
    expect(slots("what's it made of and how much is it").request_slots).toEqual(['material', 'price']);
    expect(slots('what sizes does it come in').request_slots).toContain('sizes');
  });

  it('reads "come in <colour>" and "other colours" as a question about colours, not sizes', () => {
    const navy = slots('does the jacket come in navy');
    expect(navy.color).toEqual(['navy']);
    expect(navy.request_slots ?? []).not.toContain('sizes');
    expect(slots('does it come in another colour?').request_slots).toEqual(['color']);
    expect(slots('第三件有别的颜色吗').request_slots).toEqual(['color']);
    expect(slots('这个有几种颜色').request_slots).toEqual(['color']);
  });

  it('reads brands, known and unknown', () => {
    expect(slots('nike trainers').brand).toBe('Nike');
    expect(slots('anything from Modern Arts?').brand).toBe('Modern Arts');
    expect(slots('anything from Monday?').brand).toBeUndefined();
  });

  it('emits spans that point at the words', () => {
    const text = 'Show me BLAK jeans under €50';
    const { spans } = extractSlots(text, corrector);
    const color = spans.find((s) => s.slot === 'color')!;
    expect(text.slice(color.start, color.end)).toBe('BLAK');
    const budget = spans.find((s) => s.slot === 'budget_max')!;
    expect(budget.text).toBe('under €50');
  });

  it('flattens slots for comparison', () => {
    expect(flattenSlots(slots('blue or red dress under 50, size M'))).toEqual([
      'budget_max=50',
      'category=dress',
      'color=blue',
      'color=red',
      'currency=EUR',
      'department_hint=women',
      'size=M',
    ]);
  });
});
