/**
 * The stylist-advice slots of a message: skin tone, body shape, named style, place, month, height and weight, and
 * the advice topic, from the knowledge files' aliases (`data/knowledge/*.json`, see `src/knowledge/match.ts`). The
 * topic is also a classifier feature (`k:advice:<topic>`), so "what colours suit olive skin" and "show me olive
 * tops" are told apart.
 */
import { bundledKnowledge } from '../knowledge/load.ts';
import { bodyMeasures, knowledgeMatchers, monthIn, normalize, placeIn, styleReferenceIn } from '../knowledge/match.ts';
import { NearestWord } from './fuzzy.ts';
import { SpellingCorrector } from './matcher.ts';
import type { Extraction, NluSlots } from './slots.ts';

/** Cue patterns of each topic: the message asks for advice of that kind (not for pieces of that colour or fit). */
const CUES = {
  care: /\b((?<!(?:light|dark|mid|medium|acid|stone|black|blue)[ -])wash(?:ing|ed)?(?![ -]out)|crease[sd]?|wrinkl\w*|how (?:do i|to|should i|can i) clean|dryer|tumble|iron(?:ed|ing)?|shrinks?|shrunk|shrinking|dry ?clean(?:ing|ed)?|bleach|laundry|care for|look after|stain|pilling|de-?pill|machine washable|hand wash)\b|怎么洗|洗涤|机洗|手洗|水洗|烘干|熨|缩水|干洗|保养|洗护|起球|能洗吗/,
  size: /\b(what|which|wat|wich)\s+size\b|\bsize (?:chart|guide|up|down|conversion)\b|\bsizes? (?:run|runs|should|shud|do i|would)\b|\b(?:eu|uk|us|cn)\s*\d{1,2}(?:\.5)?\s*(?:in|to|=|is)\s*(?:eu|uk|us|cn)\b|\bin (?:eu|uk|us) sizes?\b|\b(?:eu|uk|us|cn)\s*\d{1,2}(?:\.5)?\b|\bsizes?\b.{0,20}\b(?:eu|uk|us|cn|european|american|british|chinese|compare|mean|equivalent)\b|\bconvert\b|\bbetween sizes\b|\d{3}\s*cm|\d{2,3}\s*(?:kg|lbs?|pounds)\b|\bfor a \d{1,2}\s*(?:yo|year)|尺码|多大码|什么码|几码|穿多大|选多大|码数|美码|欧码|英码|国标|大一码|小一码|偏大|偏小|\d+\s*斤/,
  color:
    /\b(colou?rs?|shades?|tones?)\b.{0,30}\b(suit|suits|flatter|look good|looks good|work with|go with|goes with|match|pair)\b|\bundertones?\b|\b(?:warm|cool) ?ton(?:ed|e)\b|\bskin ?tones?\b|\bcomplexion\b|\b(what|which)\s+colou?rs?\b|适合什么颜色|什么颜色适合|穿什么颜色|显白|显黑|肤色|配什么颜色|和什么颜色|跟什么颜色|什么颜色搭|颜色搭配/,
  body_shape:
    /\b(flatter(?:s|ing)?|slimming|figure|body (?:type|shape)|shape|hide|hips|thighs|belly|tummy|arms|bust|shoulders)\b|显瘦|显高|显腿长|遮肉|身材|体型|梨形|苹果型|小个子|微胖/,
  dress_code:
    /\b(?:ok|okay|fine|rude|appropriate|acceptable|allowed)\s+to\s+wear\b|\byes or no\b|\bavoid\b|\b(?:needed|necessary|required|must i|do i need|have to|count as)\b|\bdress codes?\b|\bwhat(?:'s| is| are| does)\b|\b(is|are|would)\s+(?:it\s+)?(?:\w+\s+){0,3}(?:ok|okay|fine|appropriate|acceptable|allowed|too (?:casual|formal|much))\b|\bcan (?:i|you|u|a guy|a girl|he|she|they|my \w+) wear\b|\bdress code\b|\bwhat does .{1,30} mean\b|\bwhat(?:'s| is) appropriate\b|\bappropriate\b|\betiquette\b|\bwhat (?:not )?to wear (?:to|at|for)\b|\bwhat (?:do|should) (?:i|you|u|one) wear (?:to|at|for)\b|能穿|可以穿|穿什么合适|合适吗|礼仪|着装要求|着装规范|穿.{0,6}吗|什么意思|是什么|注意什么|会不会|要不要|合适|怎么穿/,
  weather:
    /\b(weather|climate|forecast|degrees?|°|pack(?:ing)?|suitcase|luggage|trip|travel(?:l?ing)?|freezing|chilly|humid|rain(?:y|ing)?|snow(?:y|ing)?)\b|天气|气温|度|零下|下雨|下雪|行李|带什么|旅游|旅行|出差|冷吗|热吗|多冷|多热/,
  style_reference:
    /\b(style|aesthetic|vibes?|look like|dress like|inspired|wore|core)\b|风格|风的|穿搭风|同款|风(?:$|[，。！？,.!?])/,
} as const;

/** Asking words: an advice question, not a search. */
const QUESTION =
  /\?|？|\b(what|which|how|should|shud|can|could|is|are|does|do|would|any tips|advice|recommend|suggest|help me|explain|tell me|tips|will|whats|wats|best way|yes or no)\b|吗|呢|怎么|什么|如何|哪|建议|合适|多大|多少|几|会不会|想穿出|怎么穿出|要不要/;

type Topic = keyof typeof CUES;

/** Occasions with a dress code to explain (a trip or the gym has none). */
const CODE_OCCASIONS = new Set(['wedding', 'funeral', 'interview', 'formal event', 'party', 'work', 'festive', 'date']);

/**
 * Adds the advice slots of a message to an extraction and the topic cue (`advice:<topic>`) to its cues.
 * @example
 * withAdviceSlots(extractSlots('what colours suit olive skin', corrector)).slots
 * // { …, skin_tone: 'olive', advice_topic: 'color' }
 */
export function withAdviceSlots(extraction: Extraction, text: string): Extraction {
  const found = adviceSlots(repairedText(extraction, text), extraction.slots);
  if (Object.keys(found.slots).length === 0 && found.cues.length === 0) return extraction;
  const slots = { ...extraction.slots, ...found.slots };
  // "the clean girl aesthetic", "quiet luxury": words of a style's name are no department or price level.
  const name = found.styleName;
  const named = name ? extraction.spans.filter((span) => name.includes(span.text.toLowerCase())) : [];
  for (const span of named) {
    if (span.slot === 'gender' || span.slot === 'price_level') delete slots[span.slot];
  }
  // "a beach wedding in august": the month's season where no place says otherwise (the climate table does for places).
  if (slots.month !== undefined && !slots.season && !slots.weather && !slots.place)
    slots.season = seasonOf(slots.month);
  return { ...extraction, slots, cues: [...extraction.cues, ...found.cues] };
}

/** The northern-hemisphere season of a month (1–12). */
function seasonOf(month: number): NonNullable<NluSlots['season']> {
  if (month >= 3 && month <= 5) return 'spring';
  if (month >= 6 && month <= 8) return 'summer';
  if (month >= 9 && month <= 11) return 'autumn';
  return 'winter';
}

/** Words of advice questions a typo is read as ("wsh" → wash, "sute" → suit, "dres" → dress, "mony" → money). */
const QUESTION_WORDS =
  'wash washing dryer tumble iron ironing shrink shrinks clean laundry bleach stain care size sizes sizing ' +
  'colour colours color colors shade shades suit suits flatter flattering match skin tone tones undertone ' +
  'complexion figure body shape hips thighs belly tummy arms bust shoulders slimming dress code appropriate ' +
  'acceptable allowed etiquette wear wearing weather climate forecast degrees pack packing suitcase luggage ' +
  'trip travel freezing chilly humid rainy snowy style aesthetic vibe vibes inspired what which should could ' +
  'would recommend suggest advice tips explain wedding funeral interview';

let adviceWords: { names: NearestWord; places: NearestWord } | undefined;
let english: SpellingCorrector | undefined;

/**
 * The question words and every English word of the knowledge's names (styles, skin tones, shapes, dress codes), and
 * apart the places ("tokio" → tokyo), which a word that is English in any inflection never stands for.
 */
function adviceVocabulary(): { names: NearestWord; places: NearestWord } {
  if (!adviceWords) {
    const k = bundledKnowledge();
    const aliases = [k.styles.styles, k.colors.tones, k.body.shapes, k.dressCodes.codes].flatMap((entries) =>
      entries.flatMap((e) => e.aliases.en),
    );
    const words = (names: readonly string[], min: number) =>
      names.flatMap((name) => normalize(name).split(/[\s-]+/)).filter((w) => w.length >= min && /^[a-z]+$/.test(w));
    adviceWords = {
      names: new NearestWord([...QUESTION_WORDS.split(' '), ...words(aliases, 4)]),
      places: new NearestWord(words([...k.weather.places, ...Object.keys(k.weather.cities)], 5)),
    };
  }
  return adviceWords;
}

/** The word a typo stands for in an advice question, if any (three letters only without vowels: "wsh"). */
function adviceWordFor(word: string): string | undefined {
  english ??= new SpellingCorrector();
  if (word.length < 3 || (word.length === 3 && /[aeiouy]/.test(word)) || english.isDictionaryWord(word))
    return undefined;
  const { names, places } = adviceVocabulary();
  return names.nearest(word) ?? (word.length >= 5 && !english.isKnown(word) ? places.nearest(word) : undefined);
}

/**
 * The text with chat spellings and typos repaired for the advice cues: the extractor's corrected forms ("wat" →
 * what, "blak" → black), and unknown words read as the nearest word of advice questions ("wsh" → wash).
 */
function repairedText(extraction: Extraction, text: string): string {
  if (extraction.language === 'zh') return text;
  let out = '';
  let at = 0;
  extraction.tokens.forEach((token, i) => {
    if (token.kind !== 'word') return;
    // A token without a corrected form was left as typed.
    const form = extraction.forms[i] ?? token.norm;
    const fixed = form !== token.norm ? form : adviceWordFor(form);
    if (!fixed) return;
    out += text.slice(at, token.start) + fixed;
    at = token.end;
  });
  return out + text.slice(at);
}

/** The advice slots and cues of a message (`slots` are what the general extractor found). */
export function adviceSlots(text: string, slots: NluSlots): { slots: NluSlots; cues: string[]; styleName?: string } {
  const lower = normalize(text);
  const out: NluSlots = {};
  const cues: string[] = [];
  const m = knowledgeMatchers();
  const tone = m.tones.find(text);
  const shape = m.shapes.find(text);
  const code = m.codes.find(text);
  const style = styleReferenceIn(text);
  const place = placeIn(text);
  const month = monthIn(text);
  const measures = bodyMeasures(text);
  const asks = QUESTION.test(lower);
  const cued = (topic: Topic) => CUES[topic].test(lower);

  if (tone) out.skin_tone = tone.id;
  if (shape) out.body_shape = shape.id;
  if (style) out.style_reference = style.id ?? style.name;
  if (place) out.place = place;
  if (month) out.month = month;
  if (measures.height_cm) out.height_cm = measures.height_cm;
  if (measures.weight_kg) out.weight_kg = measures.weight_kg;

  const sizeSystem = /\b(?:eu|uk|us|cn)\b|\bconvert|美码|欧码|英码|国标/.test(lower);
  const pairing =
    /\bgo(?:es)? (?:well )?with\b|\bmatch(?:es)?\b|\bpair(?:s)? with\b|配什么|搭什么|和什么颜色|跟什么颜色/.test(lower);
  let topic: Topic | undefined;
  if (cued('care') && (asks || !slots.category || /\b(?:best way|how to|tips?)\b/.test(lower))) topic = 'care';
  else if (cued('size') && (asks || sizeSystem || measures.height_cm || measures.weight_kg)) topic = 'size';
  else if (tone && (cued('color') || asks)) topic = 'color';
  else if (shape && (asks || cued('body_shape'))) topic = 'body_shape';
  else if (code && asks && (cued('dress_code') || cued('color'))) topic = 'dress_code';
  else if (place && (cued('weather') || asks)) topic = 'weather';
  else if (
    (CODE_OCCASIONS.has(slots.occasion ?? '') || /\bdress codes?\b|着装要求/.test(lower)) &&
    cued('dress_code') &&
    asks
  ) {
    topic = 'dress_code';
  } else if (cued('color') && asks && (!slots.category || pairing)) topic = 'color';
  else if (style && (asks || cued('style_reference'))) topic = 'style_reference';
  else if ((place || slots.weather) && (cued('weather') || asks || place)) topic = 'weather';
  if (topic === 'weather' && ASKS_WEATHER.test(lower) && !ASKS_WHAT_TO_WEAR.test(lower)) out.weather_only = true;
  if (topic) {
    out.advice_topic = topic;
    cues.push(`advice:${topic}`);
    const strong = plainStylistQuestion(topic, lower, slots, {
      tone: tone !== undefined,
      code: code !== undefined,
      place: place !== undefined,
      knownStyle: style?.id !== undefined,
      namedStyle: style !== undefined,
      measured: measures.height_cm !== undefined || measures.weight_kg !== undefined,
      sizeSystem,
      cued,
    });
    if (strong) cues.push(STRONG);
  }
  // Finer cues for the classifier even without a topic ("olive" as a colour is no skin tone).
  if (tone) cues.push('advice-skin');
  if (shape) cues.push('advice-shape');
  if (place) cues.push('advice-place');
  return { slots: out, cues, styleName: style?.id ? normalize(style.name) : undefined };
}

/** What a message names that makes an advice topic a plain stylist's question. */
interface QuestionSigns {
  tone: boolean;
  code: boolean;
  place: boolean;
  /** A style the knowledge has; `namedStyle` also counts names it does not know. */
  knownStyle: boolean;
  namedStyle: boolean;
  measured: boolean;
  sizeSystem: boolean;
  cued: (topic: Topic) => boolean;
}

/**
 * Whether a message with an advice topic plainly asks a stylist (the `advice-strong` cue): olive skin, a pear shape, a
 * care or size conversion question, an etiquette or "what is appropriate" question, a named style to explain.
 */
function plainStylistQuestion(topic: Topic, lower: string, slots: NluSlots, signs: QuestionSigns): boolean {
  if (/\b(?:trend\w*|popular|fashionable|in style|still a thing)\b|流行|时髦/.test(lower)) return false;
  switch (topic) {
    case 'color':
      return signs.tone;
    case 'body_shape':
    case 'care':
      return true;
    case 'weather':
      // "need a few outfits for my bangkok trip", 帮我搭几套: looks for the trip (their reply says the weather).
      return signs.place && signs.cued('weather') && !ASKS_FOR_LOOKS.test(lower);
    case 'size':
      return (
        /\b(?:what|which|how|convert)\b|是多少|几码|多少码|多大/.test(lower) &&
        (signs.measured || signs.sizeSystem || /\d\s*(?:yo|years? old|岁)|[两二三四五六七八九十]岁/.test(lower))
      );
    case 'dress_code': {
      const etiquette =
        (slots.color || slots.category || /\b(?:colou?rs?|bright)\b|彩色/.test(lower)) &&
        /\b(?:ok|okay|fine|appropriate|acceptable|allowed|rude|avoid|yes or no|can (?:i|you|u|a guy|a girl|he|she|they|my \w+) wear)\b|能穿|可以穿|能不能穿|吗/.test(
          lower,
        );
      // "what is appropriate for 年会", "the dress code for guests": asked of an occasion, not of a piece.
      const appropriateness = /\bappropriate\b|\bdress codes?\b|合适|着装要求/.test(lower);
      const meaning = signs.code && /\bwhat(?:'s| is| are| does)\b|\bmean\b|是什么|什么意思|要注意/.test(lower);
      return Boolean(etiquette) || appropriateness || meaning;
    }
    case 'style_reference': {
      if (signs.namedStyle && /\bwhat(?:'s| is)\b|\bwhats\b|是什么|什么是/.test(lower)) return true;
      // "give me 90s grunge vibes", "how to dress minimalist"; not "do you have any boho stuff" (a search).
      if (!signs.knownStyle || slots.category) return false;
      if (/\bhow to\b|怎么|如何/.test(lower)) return true;
      return signs.cued('style_reference') && !/\b(?:any|do you have|got)\b|有没有|有吗/.test(lower);
    }
  }
}

/** A question about the weather itself ("what's the weather like", 天气怎么样, 会下雨吗). */
const ASKS_WEATHER =
  /\b(?:what(?:'s| is|s)(?: the)? weather|how(?:'s| is|s)(?: the)? weather|weather (?:like|today|tomorrow|forecast)|will it (?:rain|snow)|is it (?:going to )?(?:rain|snow)(?:ing)?)\b|天气怎么样|天气如何|天气好吗|天气好不好|会下雨吗|会不会下雨|下雨吗|冷不冷|热不热|多少度/;
/** Words that ask what to wear or pack, which make a weather question a stylist's one. */
const ASKS_WHAT_TO_WEAR =
  /\b(?:wear|wearing|pack|packing|outfits?|clothes|bring|dress|coat|jacket|shoes)\b|穿|带|衣服|搭配|外套|鞋/;

/** Words that ask for looks to be put together rather than for what the weather asks of clothes. */
const ASKS_FOR_LOOKS = /\b(?:outfits|looks|put together)\b|[一两三几]套/;

/** Slots only an advice answer uses; `place` and `month` stay for every intent (an outfit for Tokyo in March). */
const ADVICE_ONLY: readonly (keyof NluSlots)[] = [
  'advice_topic',
  'weather_only',
  'skin_tone',
  'body_shape',
  'style_reference',
  'height_cm',
  'weight_kg',
];

/**
 * The slots a parse keeps for its intent: advice slots only on advice, except the care or size topic of an item
 * question ("how do I wash it?" is answered by the stylist from the piece's fabric).
 */
export function adviceSlotsFor(intent: string, slots: NluSlots): NluSlots {
  if (intent === 'advice') return slots;
  const keepTopic = intent === 'item_question' && (slots.advice_topic === 'care' || slots.advice_topic === 'size');
  if (!ADVICE_ONLY.some((key) => slots[key] !== undefined && !(key === 'advice_topic' && keepTopic))) return slots;
  const kept: NluSlots = { ...slots };
  for (const key of ADVICE_ONLY) if (!(key === 'advice_topic' && keepTopic)) delete kept[key];
  return kept;
}

const STRONG = 'advice-strong';
/** Intents an advice question is easily mistaken for; others (privacy, explain, an item question …) keep their turn. */
const MISTAKEN_FOR = new Set([
  'product_search',
  'outfit_request',
  'inspiration',
  'refine',
  'set_preference',
  'trend_query',
  'out_of_scope',
  'help',
  'compare',
]);

/**
 * Moves `advice` to the top when the message plainly asks a stylist's question the classifier took for something else
 * ("jeans to an interview, yes or no?", "can I wear red to a Chinese wedding"): a skin tone, a body shape, a place's
 * weather, a care question, a size conversion, an etiquette or dress-code question, a named style.
 */
export function preferAdvice<T extends { intent: string; confidence: number }>(
  ranking: T[],
  extraction: Extraction,
): T[] {
  const top = ranking[0];
  if (!top || !extraction.cues.includes(STRONG)) return ranking;
  // Already first but unsure: a plain stylist's question is no reason to ask back.
  if (top.intent === 'advice') return [{ ...top, confidence: Math.max(top.confidence, 0.85) }, ...ranking.slice(1)];
  if (!MISTAKEN_FOR.has(top.intent)) return ranking;
  const advice = ranking.find((r) => r.intent === 'advice');
  if (!advice) return ranking;
  const promoted = { ...advice, confidence: Math.max(advice.confidence, 0.85) };
  return [promoted, ...ranking.filter((r) => r !== advice)];
}
