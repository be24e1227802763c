/**
 * The stylist's answers: from a message's advice slots (and its text, for the finer dress codes and the specific
 * care question), one or two sentences of advice in the reply's language, the rule catalogue pieces must follow
 * to be shown with it (see `pieces.ts`), a short "because" for "why?", and the slots later requests inherit.
 */
import { colorFamily, isColor } from '../catalog/taxonomy.ts';
import { listOf, term } from '../nlg/lexicon.ts';
import type { Gender, Item, Language, Season, Slots } from '../types.ts';
import type { Knowledge } from './load.ts';
import { bodyMeasures, knowledgeMatchers, monthIn, normalize, styleReferenceIn } from './match.ts';
import type { PieceRule } from './pieces.ts';
import type { DressCode, EtiquetteRule, FabricCare, WeatherBand } from './schema.ts';

/** The kinds of advice the bot gives. */
export const ADVICE_TOPICS = [
  'color',
  'body_shape',
  'dress_code',
  'weather',
  'care',
  'size',
  'style_reference',
] as const;
export type AdviceTopic = (typeof ADVICE_TOPICS)[number];

/** What the advisor is asked, with what it knows about the shopper. */
export interface AdviceRequest {
  slots: Slots;
  text: string;
  language: Language;
  /** Epoch ms from the injected clock ("next week", the current month). */
  now: number;
  gender?: Gender;
  /** Sizes the shopper told the bot ("clothing" → "M"). */
  sizes?: Record<string, string>;
  /** The piece the question is about ("how do I wash it"), when one is being discussed. */
  item?: Item;
}

/** An answer. Without `rule` no pieces are shown (a question back, care and size answers). */
export interface Advice {
  topic: AdviceTopic | 'unknown';
  /** Which knowledge entry answered (`olive`, `pear`, `rule:black_at_wedding`, `climate:tokyo:3` …). */
  entry?: string;
  text: string;
  /** One line for "why?": what the pieces follow. */
  because?: string;
  rule?: PieceRule;
  /** Slots a follow-up request inherits (season and weather of a trip, colours to avoid …). */
  carry?: Slots;
  /** Whether the answer asks the shopper something back instead of advising. */
  question?: boolean;
  /** Verdict of an etiquette question. */
  verdict?: EtiquetteRule['verdict'];
}

const colorNames = (colors: readonly string[], language: Language, max = 4) =>
  listOf(
    colors.slice(0, max).map((c) => term('color', c, language)),
    language,
  );

const KIDS: readonly Gender[] = ['boys', 'girls', 'kids'];

/** Departments to show: the stated one (with unisex), else every adult department (no baby clothes by surprise). */
function genders(gender: Gender | undefined): Gender[] {
  if (!gender) return ['men', 'women', 'unisex'];
  return KIDS.includes(gender) ? [gender, 'kids'] : [gender, 'unisex'];
}

/** The topic of a request: the extractor's, else what its slots are about. */
export function topicOf(slots: Slots, text: string): AdviceTopic | undefined {
  const stated = slots.advice_topic as AdviceTopic | undefined;
  if (stated && (ADVICE_TOPICS as readonly string[]).includes(stated)) return stated;
  if (slots.skin_tone) return 'color';
  if (slots.body_shape) return 'body_shape';
  if (slots.style_reference) return 'style_reference';
  if (slots.height_cm || slots.weight_kg) return 'size';
  if (slots.place || slots.weather) return 'weather';
  if (knowledgeMatchers().codes.find(text) || slots.occasion) return 'dress_code';
  return undefined;
}

/**
 * Advice for a request.
 * @example
 * advise(knowledge, { slots: { advice_topic: 'color', skin_tone: 'olive' }, text: 'what colours suit olive skin', language: 'en', now })
 * // { topic: 'color', text: 'Olive skin looks best in rich jewel and earth tones …', rule: { colors: ['burgundy', …], … } }
 */
export function advise(knowledge: Knowledge, request: AdviceRequest): Advice {
  const topic = topicOf(request.slots, request.text);
  switch (topic) {
    case 'color':
      return colorAdvice(knowledge, request);
    case 'body_shape':
      return shapeAdvice(knowledge, request);
    case 'dress_code':
      return dressCodeAdvice(knowledge, request);
    case 'weather':
      return weatherAdvice(knowledge, request);
    case 'care':
      return careAdvice(knowledge, request);
    case 'size':
      return sizeAdvice(knowledge, request);
    case 'style_reference':
      return styleAdvice(knowledge, request);
    default:
      return {
        topic: 'unknown',
        question: true,
        text:
          request.language === 'zh'
            ? '你想听哪方面的建议？肤色配色、身材版型、着装规范、天气和旅行、衣物护理还是尺码？'
            : 'What would you like advice on — colours for your skin, cuts for your shape, a dress code, weather and travel, care or sizes?',
      };
  }
}

function colorAdvice(knowledge: Knowledge, { slots, language, gender, text }: AdviceRequest): Advice {
  const tone = knowledge.colors.tones.find((t) => t.id === slots.skin_tone);
  const categories = slots.category ? [slots.category] : gender === 'men' ? ['top'] : ['top', 'dress'];
  if (tone) {
    const zh = language === 'zh';
    const avoid = tone.avoid.length
      ? zh
        ? `；${colorNames(tone.avoid, language)}不放在脸旁`
        : `; not ${colorNames(tone.avoid, language)} near the face`
      : '';
    return {
      topic: 'color',
      entry: tone.id,
      text: tone.advice[language],
      because: `${zh ? '适合' : 'colours that flatter '}${tone.aliases[language][0] ?? tone.id}${zh ? '：' : ': '}${colorNames(tone.flatter, language, 5)}${avoid}`,
      rule: { categories, colors: tone.flatter, avoidColors: tone.avoid, genders: genders(gender) },
      // Only the department carries over: colours to keep from the face are no rule for the next search.
      carry: { gender },
    };
  }
  // "What goes with navy?": the colours that pair with it.
  const named = slots.color?.[0];
  const pair = named
    ? (knowledge.colors.pairs.find((p) => p.color === named) ??
      knowledge.colors.pairs.find((p) => p.color === colorFamily(named)))
    : undefined;
  if (pair) {
    const withColors = pair.with.filter(isColor);
    return {
      topic: 'color',
      entry: `pair:${pair.color}`,
      text: pair[language],
      because: `${language === 'zh' ? '和' : 'colours that go with '}${term('color', pair.color, language)}${language === 'zh' ? '相配的颜色' : ''}: ${colorNames(withColors, language, 6)}`,
      rule: {
        categories: slots.category ? [slots.category] : ['top', 'bottom', 'outerwear'],
        colors: withColors,
        genders: genders(gender),
      },
    };
  }
  void text;
  return {
    topic: 'color',
    question: true,
    text:
      language === 'zh'
        ? '说说你的肤色吧——偏暖、偏冷还是中性？或者是白皮、黄皮、小麦色、橄榄皮还是深肤色？'
        : 'Tell me about your skin — warm, cool or neutral undertone, or fair, olive, medium or deep? (Veins looking greenish usually means warm, bluish means cool.)',
  };
}

function shapeAdvice(knowledge: Knowledge, { slots, language, gender }: AdviceRequest): Advice {
  const shape = knowledge.body.shapes.find((s) => s.id === slots.body_shape);
  if (!shape) {
    return {
      topic: 'body_shape',
      question: true,
      text:
        language === 'zh'
          ? '你的身材更接近哪种？梨形、苹果型、沙漏型、H型、倒三角，或者娇小、高挑、大码？'
          : 'Which is closest to your shape — pear, apple, hourglass, rectangle or inverted triangle; or petite, tall or plus size?',
    };
  }
  const femaleShape = ['pear', 'hourglass', 'big_bust'].includes(shape.id);
  const department = gender ?? (femaleShape ? 'women' : undefined);
  const asked = slots.category ? [slots.category] : shape.categories;
  return {
    topic: 'body_shape',
    entry: shape.id,
    text: shape.advice[language],
    because:
      language === 'zh'
        ? `适合${shape.aliases.zh[0]}的版型：${shape.prefer.slice(0, 4).join('、')}`
        : `cuts that suit a ${shape.aliases.en[0]} figure: ${shape.prefer.slice(0, 4).join(', ')}`,
    rule: {
      categories: asked,
      words: shape.prefer,
      requireWords: true,
      avoidWords: shape.avoid,
      genders: genders(department),
    },
    carry: { gender: department },
  };
}

/** The dress code a message names, else the one of its occasion. */
function dressCodeOf(knowledge: Knowledge, slots: Slots, text: string): DressCode | undefined {
  const named = knowledgeMatchers().codes.find(text);
  const codes = knowledge.dressCodes.codes;
  if (named) {
    // "interview at a bank" names the general code first; the industry's code is more specific.
    const specific = codes.find((c) => c.id === named.id);
    return specific;
  }
  const byOccasion: Record<string, string> = {
    wedding: 'wedding_guest',
    funeral: 'funeral',
    interview: 'interview',
    'formal event': 'black_tie',
    party: 'cocktail',
    work: 'smart_casual',
  };
  const id = slots.occasion ? byOccasion[slots.occasion] : undefined;
  return id ? codes.find((c) => c.id === id) : undefined;
}

const COLOUR_WORDS = /\b(bright|colou?rful|colou?rs?|vibrant)\b|彩色|鲜艳|亮色/;

function etiquetteRule(knowledge: Knowledge, code: DressCode, slots: Slots, text: string): EtiquetteRule | undefined {
  const colors = slots.color ?? [];
  const category = slots.category;
  const rules = knowledge.dressCodes.rules.filter((r) => r.codes.includes(code.id));
  // "Bright colours", "colourful", "彩色": any colour but the dark ones.
  if ((colors.length === 0 || colors.includes('multi')) && COLOUR_WORDS.test(normalize(text))) {
    const colourful = rules.find((r) => r.id.startsWith('colour_'));
    if (colourful) return colourful;
  }
  return (
    rules.find((r) => r.colors?.some((c) => colors.includes(c))) ??
    rules.find((r) => r.colors?.some((c) => colors.some((asked) => colorFamily(asked) === c))) ??
    (category ? rules.find((r) => r.categories?.includes(category)) : undefined)
  );
}

function dressCodeAdvice(knowledge: Knowledge, { slots, language, gender, text }: AdviceRequest): Advice {
  const code = dressCodeOf(knowledge, slots, text);
  if (!code) {
    return {
      topic: 'dress_code',
      question: true,
      text:
        language === 'zh'
          ? '是什么场合？比如婚礼、面试、葬礼、年会、见家长，或者请柬上写的着装要求。'
          : "What's the occasion — a wedding, an interview, a funeral, a black-tie event — or what does the invitation say?",
    };
  }
  const rule: PieceRule = {
    categories: code.categories,
    colors: code.colors,
    avoidColors: code.avoidColors,
    avoidWords: code.avoidWords,
    formality: code.formality,
    genders: genders(gender),
  };
  const etiquette = etiquetteRule(knowledge, code, slots, text);
  const carry: Slots = {
    occasion: code.occasion,
    gender,
    exclude_color: code.avoidColors.length ? code.avoidColors : undefined,
  };
  if (!etiquette) {
    return {
      topic: 'dress_code',
      entry: code.id,
      text: code.advice[language],
      because: language === 'zh' ? `${code.aliases.zh[0]}的着装要求` : `the ${code.aliases.en[0]} dress code`,
      rule,
      carry,
    };
  }
  // Never show what the answer just advised against: a "no" or "it depends" colour or kind of piece is left out.
  const against = etiquette.verdict !== 'yes';
  if (etiquette.colors) {
    if (against) rule.avoidColors = [...new Set([...(rule.avoidColors ?? []), ...etiquette.colors])];
    else rule.colors = etiquette.colors;
    if (rule.colors && against) rule.colors = rule.colors.filter((c) => !etiquette.colors!.includes(c));
    carry.exclude_color = rule.avoidColors;
  }
  if (etiquette.categories) {
    const named = new Set(etiquette.categories);
    if (against) {
      rule.categories = rule.categories.filter((c) => !named.has(c));
      rule.avoidWords = [...(rule.avoidWords ?? []), ...etiquette.categories.map((c) => c.replace(/-/g, ' '))];
    } else rule.categories = etiquette.categories;
  }
  return {
    topic: 'dress_code',
    entry: `rule:${etiquette.id}`,
    verdict: etiquette.verdict,
    text: etiquette.answer[language],
    because:
      language === 'zh'
        ? `${code.aliases.zh[0]}的礼仪：${etiquette.answer.zh.split(/[——：]/)[0]}`
        : `${code.aliases.en[0]} etiquette`,
    rule,
    carry,
  };
}

/** A representative temperature for a weather word when no number is given. */
const CONDITION_C: Record<string, number> = {
  freezing: -8,
  snowy: -3,
  cold: 4,
  windy: 10,
  rainy: 12,
  cool: 13,
  mild: 19,
  warm: 26,
  hot: 33,
};

const MONTH_NAMES = {
  en: [
    'January',
    'February',
    'March',
    'April',
    'May',
    'June',
    'July',
    'August',
    'September',
    'October',
    'November',
    'December',
  ],
  zh: ['1月', '2月', '3月', '4月', '5月', '6月', '7月', '8月', '9月', '10月', '11月', '12月'],
};

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The month a trip happens: named, or "next week"/"next month" from today, else this month (1–12). */
function tripMonth(slots: Slots, text: string, now: number): number {
  if (slots.month) return slots.month;
  const named = monthIn(text);
  if (named) return named;
  const lower = normalize(text);
  const date = new Date(now);
  if (/next month|下个月|下月/.test(lower)) date.setUTCMonth(date.getUTCMonth() + 1);
  else if (/next week|下周|下星期|下个星期/.test(lower)) date.setUTCDate(date.getUTCDate() + 7);
  return date.getUTCMonth() + 1;
}

/** Seasons a temperature band's clothes are made for (a cool day wants spring and autumn pieces alike). */
function bandSeasons(band: WeatherBand): Season[] {
  if (band.season === 'spring') return ['spring', 'autumn'];
  if (band.season === 'winter') return ['winter', 'autumn'];
  return [band.season];
}

const title = (name: string) => name.replace(/\b\p{L}/gu, (c) => c.toUpperCase());

/** A place's Chinese name when the knowledge has one ("tokyo" → 东京), else its English name. */
function chineseName(knowledge: Knowledge, place: string, english = title(place)): string {
  if (/\p{Script=Han}/u.test(place)) return place;
  const found = Object.entries(knowledge.weather.cities).find(
    ([name, key]) => key === place && /\p{Script=Han}/u.test(name),
  );
  return found?.[0] ?? english;
}

function weatherAdvice(knowledge: Knowledge, { slots, language, gender, text, now }: AdviceRequest): Advice {
  const zh = language === 'zh';
  const place = slots.place;
  let temperature = slots.weather?.temperatureC;
  let rainy = slots.weather?.condition === 'rainy' || /\brain|下雨|雨天|梅雨/.test(normalize(text));
  let snowy = slots.weather?.condition === 'snowy' || /\bsnow|下雪/.test(normalize(text));
  let where = '';
  let entry = 'temperature';
  // A named place's climate beats a weather word ("how cold is Chicago in January").
  const condition = slots.weather?.condition;
  if (temperature === undefined && place) {
    const city = knowledge.climate?.get(place);
    if (!city) {
      const name = zh ? chineseName(knowledge, place) : /\p{Script=Han}/u.test(place) ? place : title(place);
      return {
        topic: 'weather',
        entry: `unknown-place:${place}`,
        question: true,
        text: zh
          ? `我没有${name}的气候数据——那边会有多冷（或多热）？告诉我大概的温度，我来帮你搭配。`
          : `I don't have climate data for ${name} — how cold will it be? Tell me roughly the temperature and I'll suggest what to wear.`,
      };
    }
    const month = tripMonth(slots, text, now);
    const m = city.months[month - 1]!;
    temperature = Math.round((m.high + m.low) / 2);
    const rainyDays = DAYS_IN_MONTH[month - 1]! - m.dryDays;
    rainy ||= rainyDays >= knowledge.weather.rain.minRainyDays;
    snowy ||= m.snowDays >= knowledge.weather.snow.minSnowDays;
    entry = `climate:${place}:${month}`;
    where = zh
      ? `${chineseName(knowledge, place, city.name)}${MONTH_NAMES.zh[month - 1]}平均最高 ${m.high}°C、最低 ${m.low}°C${rainyDays >= knowledge.weather.rain.minRainyDays ? `，约 ${rainyDays} 天下雨` : ''}`
      : `${city.name} in ${MONTH_NAMES.en[month - 1]} averages ${m.high}°C by day and ${m.low}°C at night${rainyDays >= knowledge.weather.rain.minRainyDays ? `, with about ${rainyDays} rainy days` : ''}`;
  }
  if (temperature === undefined && condition) temperature = CONDITION_C[condition];
  if (temperature === undefined) {
    return {
      topic: 'weather',
      question: true,
      text: zh
        ? '我查不了实时天气——告诉我大概多少度、会不会下雨，或者你要去哪个城市、几月份，我来帮你搭配。'
        : "I can't check live weather — tell me roughly how warm it will be and whether it'll rain, or the city and month, and I'll suggest what to wear.",
    };
  }
  const band = knowledge.weather.bands.find((b) => temperature! <= b.maxC) ?? knowledge.weather.bands.at(-1)!;
  const extras = [
    rainy ? knowledge.weather.rain.advice[language] : '',
    snowy ? knowledge.weather.snow.advice[language] : '',
  ]
    .filter(Boolean)
    .join(zh ? '；' : '; ');
  const head = where || (zh ? `${temperature}°C 左右` : `At around ${temperature}°C`);
  const textOut = zh
    ? `${head}：建议${band.advice.zh}${extras ? `；${extras}` : ''}。`
    : `${head}${where ? ', so pack' : ', wear'} ${band.advice.en}${extras ? `; ${extras}` : ''}.`;
  const season = band.season;
  return {
    topic: 'weather',
    entry: `${entry}:${band.id}`,
    text: textOut,
    because: zh
      ? `适合 ${temperature}°C 左右${rainy ? '、下雨' : ''}的天气`
      : `dressing for about ${temperature}°C${rainy ? ' and rain' : ''}`,
    rule: {
      categories: slots.category ? [slots.category] : band.categories,
      words: [...band.words, ...(rainy ? knowledge.weather.rain.words : [])],
      avoidWords: band.avoidWords,
      seasons: bandSeasons(band),
      genders: genders(gender),
    },
    carry: {
      season,
      weather: { temperatureC: temperature, condition: rainy ? 'rainy' : slots.weather?.condition },
      place,
      gender,
    },
  };
}

/** Fabrics from the most delicate to the sturdiest: a blend is cared for as its most delicate fibre. */
const DELICACY = [
  'cashmere',
  'silk',
  'merino',
  'wool',
  'viscose',
  'leather',
  'faux-leather',
  'down',
  'linen',
  'denim',
  'cotton',
  'polyester',
];

/**
 * The fabric entry for a piece: its listed materials; only when none is known, fabric words (whole words) in its name
 * and description — and "down" there only for outerwear, since "buttons down the front" is no filling.
 */
function fabricOfItem(knowledge: Knowledge, item: Item): FabricCare | undefined {
  const byDelicacy = (a: FabricCare, b: FabricCare) => DELICACY.indexOf(a.material) - DELICACY.indexOf(b.material);
  const listed = knowledge.care.fabrics.filter((f) => item.materials.includes(f.material));
  if (listed.length > 0) return listed.sort(byDelicacy)[0];
  const text = ` ${normalize(`${item.name} ${item.description ?? ''}`).replace(/[^\p{L}\p{N}]+/gu, ' ')} `;
  const named = knowledge.care.fabrics.filter(
    (f) =>
      (f.material !== 'down' || item.category === 'outerwear') &&
      [f.material, ...f.aliases.en].some((a) => text.includes(` ${a} `)),
  );
  return named.sort(byDelicacy)[0];
}

function careAdvice(knowledge: Knowledge, { slots, language, text, item }: AdviceRequest): Advice {
  const zh = language === 'zh';
  const named = knowledgeMatchers().fabrics.find(text)?.id ?? slots.material;
  let fabric = named
    ? knowledge.care.fabrics.find((f) => f.material === named || f.aliases.en.includes(named))
    : undefined;
  if (!fabric && item) fabric = fabricOfItem(knowledge, item);
  if (!fabric) {
    return {
      topic: 'care',
      question: true,
      text: zh
        ? '是什么面料的？看看衣服里的洗涤标签——棉、羊毛、真丝、亚麻还是化纤？告诉我就能给你洗护建议。'
        : "What's it made of? The care label inside says — cotton, wool, silk, linen, synthetics? Tell me and I'll explain how to wash it.",
    };
  }
  const lower = normalize(text);
  let lead = '';
  if (/dryer|tumble|烘干|烘/.test(lower)) {
    lead =
      fabric.tumble === 'never'
        ? zh
          ? '不建议烘干。'
          : 'No — keep it out of the dryer. '
        : fabric.tumble === 'low'
          ? zh
            ? '可以，但只用低温。'
            : 'Only on low heat. '
          : zh
            ? '可以烘干。'
            : 'Yes. ';
  } else if (/shrink|缩水/.test(lower)) {
    lead = fabric.shrinks
      ? zh
        ? '会的，遇热容易缩水。'
        : 'It can, with heat. '
      : zh
        ? '基本不会缩水。'
        : 'Hardly at all. ';
  }
  const about =
    item && !named
      ? zh
        ? `${item.name} [${item.id}] 是${term('material', fabric.material, language)}面料。`
        : `${item.name} [${item.id}] is ${fabric.material.replace('-', ' ')}. `
      : '';
  return {
    topic: 'care',
    entry: fabric.material,
    text: `${lead}${about}${fabric.advice[language]}`,
  };
}

const LETTERS = ['XS', 'S', 'M', 'L', 'XL', 'XXL'];
const ZH_AGES: Record<string, number> = {
  两: 2,
  二: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
  十: 10,
  十一: 11,
  十二: 12,
};
const SIZE_SYSTEMS: Record<string, string> = { 欧码: 'eu', 英码: 'uk', 美码: 'us', 国标: 'cn' };

function sizeAdvice(knowledge: Knowledge, { slots, language, gender, text, sizes, item }: AdviceRequest): Advice {
  const zh = language === 'zh';
  const note = knowledge.sizes.note[language];
  const lower = normalize(text);
  const measures = {
    ...bodyMeasures(text),
    ...(slots.height_cm ? { height_cm: slots.height_cm } : {}),
    ...(slots.weight_kg ? { weight_kg: slots.weight_kg } : {}),
  };
  // A child's age: "what size for a 6yo", "6岁".
  const zhAge = /(十[一二]?|[两二三四五六七八九])\s*岁/.exec(lower)?.[1];
  const digits = /\b(\d{1,2})\s*(?:yo|y\/o|years? old|year-old)|(\d{1,2})\s*岁/.exec(lower);
  const age = slots.age ?? (zhAge ? ZH_AGES[zhAge] : undefined) ?? Number(digits?.[1] ?? digits?.[2] ?? Number.NaN);
  const kids = knowledge.sizes.tables.find((t) => t.id === 'kids')!;
  if (Number.isFinite(age) && age >= 2 && age <= 14 && !measures.height_cm) {
    const row = kids.rows.find((r) => Number(r[0]) === age)!;
    return {
      topic: 'size',
      entry: `kids:${age}`,
      text: zh
        ? `${age} 岁的孩子一般穿欧码 ${row[1]}（美码 ${row[2]}、国标 ${row[3]}）——个子偏高或偏矮就按身高选；${note}。`
        : `A ${age}-year-old usually wears EU ${row[1]} (US ${row[2]}, CN ${row[3]}) — go by height if they're tall or small for their age; ${note}.`,
    };
  }
  if (measures.height_cm || measures.weight_kg) {
    const department: 'men' | 'women' = gender === 'women' || gender === 'girls' ? 'women' : 'men';
    const body = knowledge.sizes.bodies.find((b) => b.gender === department)!;
    const pick = (rows: [number, string][], value?: number) =>
      value === undefined ? undefined : rows.find(([max]) => value < max)?.[1];
    const found = [pick(body.height, measures.height_cm), pick(body.weight, measures.weight_kg)].filter(
      (s): s is string => s !== undefined,
    );
    const indices = found.map((s) => LETTERS.indexOf(s)).sort((a, b) => a - b);
    const range =
      indices[0] === indices.at(-1) ? LETTERS[indices[0]!]! : `${LETTERS[indices[0]!]}–${LETTERS[indices.at(-1)!]}`;
    const table = knowledge.sizes.tables.find((t) => t.id === `${department}_tops`)!;
    const row = table.rows.find((r) => r[0] === LETTERS[indices.at(-1)!]);
    const said = [
      measures.height_cm ? `${measures.height_cm} cm` : '',
      measures.weight_kg ? `${measures.weight_kg} kg` : '',
    ]
      .filter(Boolean)
      .join(zh ? '、' : ' and ');
    const assumed = gender ? '' : zh ? '（按男装估算，女装请告诉我）' : " (men's sizing — tell me if you shop women's)";
    return {
      topic: 'size',
      entry: `body:${department}:${range}`,
      text: zh
        ? `${said}一般穿 ${range} 码${assumed}，欧码约 ${row?.[1] ?? '-'}——${note}。`
        : `At ${said} you're most likely an ${range} in ${department}'s tops${assumed}, about EU ${row?.[1] ?? '-'}; ${note}.`,
      carry: { size: range.split('–').at(-1) },
    };
  }
  // "EU 38 in US?", "what is a UK 10 in EU", "欧码39是美码几码".
  const stated =
    /\b(eu|uk|us|cn)\s*(\d{1,2}(?:\.5)?)\b/.exec(lower) ??
    /(欧码|英码|美码|国标)\s*(\d{1,3}(?:\.5)?)/.exec(lower) ??
    /()(\d{2})\s*码/.exec(lower);
  const sizeSlot = slots.size ? /^(?:(eu|uk|us|cn)\s*)?(\S+)$/i.exec(slots.size) : null;
  const asked = stated?.[2] ?? sizeSlot?.[2];
  const fromSystem = stated?.[1] ? (SIZE_SYSTEMS[stated[1]] ?? stated[1].toLowerCase()) : sizeSlot?.[1]?.toLowerCase();
  if (asked) {
    const shoes = /shoe|sneaker|boot|trainer|heel|sandal|鞋/.test(lower) || slots.category === 'footwear';
    const department = gender === 'men' || /\bm[ae]n'?s?\b|\bguys?\b|男/.test(lower) ? 'men' : 'women';
    const kind = shoes ? 'shoes' : /jean|trouser|pant|waist|裤/.test(lower) ? 'bottoms' : 'tops';
    const table = knowledge.sizes.tables.find((t) => t.gender === department && t.kind === kind)!;
    const column = table.columns.indexOf(fromSystem ?? (/^[a-z]+$/i.test(asked) ? 'letter' : 'eu'));
    const row =
      table.rows.find((r) => column >= 0 && r[column]?.toLowerCase() === asked.toLowerCase()) ??
      table.rows.find((r) => r.some((cell) => cell.toLowerCase() === asked.toLowerCase()));
    if (row) {
      const cells = table.columns.map((c, i) => `${c === 'letter' ? '' : `${c.toUpperCase()} `}${row[i]}`);
      return {
        topic: 'size',
        entry: `table:${table.id}:${row[0]}`,
        text: zh
          ? `${table.label.zh}：${cells.join(' = ')}；${note}。`
          : `In ${table.label.en}: ${cells.join(' = ')}; ${note}.`,
      };
    }
  }
  const usual = sizes?.clothing ?? sizes?.[item?.articleType ?? ''];
  if (item) {
    const fit = /slim|skinny|fitted|muscle/i.test(`${item.name} ${item.description ?? ''}`)
      ? 'slim'
      : /oversized|relaxed|loose/i.test(`${item.name} ${item.description ?? ''}`)
        ? 'oversized'
        : 'regular';
    const fitNote = knowledge.sizes.fit[fit]![language];
    return {
      topic: 'size',
      entry: `item-fit:${fit}`,
      text: usual
        ? zh
          ? `你平时穿 ${usual}：${item.name} [${item.id}] ${fitNote}。${note}。`
          : `You're usually ${/^X*[SML]$/.test(usual) ? `an ${usual}` : usual}: for ${item.name} [${item.id}], ${fitNote}; ${note}.`
        : zh
          ? `${item.name} [${item.id}]：${fitNote}。告诉我你平时穿什么码（或身高体重），我帮你选；${note}。`
          : `For ${item.name} [${item.id}], ${fitNote}. Tell me your usual size (or height and weight) and I'll suggest one; ${note}.`,
    };
  }
  return {
    topic: 'size',
    question: true,
    text: usual
      ? zh
        ? `你说过平时穿 ${usual}。告诉我是哪件衣服，或者给我身高体重，我帮你确认；${note}。`
        : `You told me you're usually ${usual}. Tell me which piece, or your height and weight, and I'll check; ${note}.`
      : zh
        ? '告诉我你的身高体重（或平时穿的码），以及男装还是女装，我帮你估算尺码。'
        : "Tell me your height and weight (or your usual size) and whether you shop men's or women's, and I'll suggest a size.",
  };
}

function styleAdvice(knowledge: Knowledge, { slots, language, gender, text }: AdviceRequest): Advice {
  const reference = slots.style_reference ? { id: slots.style_reference } : styleReferenceIn(text);
  const style =
    knowledge.styles.styles.find((s) => s.id === reference?.id) ??
    knowledge.styles.styles.find((s) => s.id === styleReferenceIn(text)?.id);
  if (!style) {
    const name = slots.style_reference ?? styleReferenceIn(text)?.name ?? '';
    return {
      topic: 'style_reference',
      entry: `unknown-style:${name}`,
      question: true,
      text:
        language === 'zh'
          ? `我还不认识“${name}”这种风格——你喜欢它的哪一点？颜色、版型，还是某件单品？`
          : `I don't know the style “${name}” yet — what do you like about it: the colours, the cut, a particular piece?`,
    };
  }
  return {
    topic: 'style_reference',
    entry: style.id,
    text: style.advice[language],
    because:
      language === 'zh'
        ? `${style.aliases.zh[0]}的要素：${colorNames(style.colors, language, 4)}`
        : `the ${style.aliases.en[0]} look: ${colorNames(style.colors, language, 4)}`,
    rule: {
      categories: slots.category ? [slots.category] : style.categories,
      colors: style.colors,
      avoidColors: style.avoidColors,
      words: style.words,
      genders: genders(gender),
    },
    carry: { gender },
  };
}
