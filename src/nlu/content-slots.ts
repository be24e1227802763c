/**
 * What one lexicon mention of content adds to the slots: a kind of piece, a colour, a material, an occasion or style,
 * a season, weather, gender, sleeves, a brand, a rating, a price level, a detail or a palette — wanted, or excluded
 * when a negation covers it ("no yellow", "not too formal", 不要裙子).
 */
import type { LexEntry, LexKind } from './lexicon.ts';
import type { Mention } from './matcher.ts';
import { pushUnique } from './mention-text.ts';
import type { NluSlots } from './nlu-slots.ts';
import { paletteColors } from './palettes.ts';

/** Where content slots go: the slots, their spans, and the utterance they are read from. */
export interface SlotSink {
  readonly slots: NluSlots;
  readonly text: string;
  span(slot: keyof NluSlots, value: unknown, start: number, end: number): void;
}

/** One mention of content, with whether a negation covers it and whether that negation stands right before it. */
interface Content {
  value: string;
  m: Mention;
  negated: boolean;
  negationAdjacent: () => boolean;
}

/** Adds the slot of one kind of content; false when the mention adds nothing (a negated season, a distant "not"). */
type AddContent = (sink: SlotSink, content: Content) => boolean;

/** Occasions that are a setting rather than an event: a later event named with them wins ("beach wedding"). */
const SETTINGS: ReadonlySet<string> = new Set(['beach', 'casual', 'travel', 'everyday', 'outdoor', 'vacation']);

/** A swap of one piece for another ("swap the shoes for sandals", 鞋子换成凉鞋): the piece after it is the one wanted. */
const SWAP_VERB = /\b(?:swap|switch|replace|change|exchange|trade)\b|换|改成/;
const SWAP_TO = /(?:\b(?:for|with|to|into)\s+(?:a\s+|an\s+|some\s+|the\s+)?|换成|换为|改成|换)\s*$/;

const addCategory: AddContent = (sink, { value, m, negated, negationAdjacent }) => {
  const s = sink.slots;
  if (!negated) {
    const swapped = s.category && SWAP_VERB.test(sink.text) && SWAP_TO.test(sink.text.slice(0, m.start));
    s.category = swapped ? value : (s.category ?? value);
    sink.span('category', value, m.start, m.end);
    return true;
  }
  // Only a negation right before the piece rejects it ("no jeans", "not a dress", 不要裙子); a distant one is about
  // something else ("not sure which dress").
  if (!negationAdjacent() || /\bwhy\s+not\s*$/i.test(sink.text.slice(0, m.start))) return false;
  s.exclude_category = pushUnique(s.exclude_category, value);
  sink.span('exclude_category', value, m.start, m.end);
  return true;
};

const addColor: AddContent = (sink, { value, m, negated }) => {
  const s = sink.slots;
  if (negated) s.exclude_color = pushUnique(s.exclude_color, value);
  else s.color = pushUnique(s.color, value);
  sink.span(negated ? 'exclude_color' : 'color', value, m.start, m.end);
  return true;
};

const addMaterial: AddContent = (sink, { value, m, negated }) => {
  const s = sink.slots;
  if (negated) s.exclude_material = pushUnique(s.exclude_material, value);
  else s.material ??= value;
  sink.span(negated ? 'exclude_material' : 'material', value, m.start, m.end);
  return true;
};

const addOccasion: AddContent = (sink, { value, m, negated }) => {
  const s = sink.slots;
  if (negated) return excludeStyle(sink, value, m);
  // "beach wedding", "casual friday at the office": the event decides, the setting only qualifies it.
  if (s.occasion === undefined || (SETTINGS.has(s.occasion) && !SETTINGS.has(value))) s.occasion = value;
  sink.span('occasion', value, m.start, m.end);
  return true;
};

const addStyle: AddContent = (sink, { value, m, negated }) => {
  if (negated) return excludeStyle(sink, value, m);
  sink.slots.style ??= value;
  sink.span('style', value, m.start, m.end);
  return true;
};

function excludeStyle(sink: SlotSink, value: string, m: Mention): boolean {
  const style = value === 'formal event' ? 'formal' : value;
  sink.slots.exclude_style = pushUnique(sink.slots.exclude_style, style);
  sink.span('exclude_style', style, m.start, m.end);
  return true;
}

/** A slot that keeps the first value named and ignores negated ones ("not in winter" says no season). */
function firstWanted(slot: 'pattern' | 'season' | 'gender' | 'brand'): AddContent {
  return (sink, { value, m, negated }) => {
    if (negated) return false;
    (sink.slots as Record<string, unknown>)[slot] ??= value;
    sink.span(slot, value, m.start, m.end);
    return true;
  };
}

const addWeather: AddContent = (sink, { value, m, negated }) => {
  if (negated) return false;
  const s = sink.slots;
  s.weather = { ...s.weather, condition: s.weather?.condition ?? (value as never) };
  sink.span('weather', s.weather, m.start, m.end);
  return true;
};

const addSleeves: AddContent = (sink, { value, m }) => {
  sink.slots.sleeve_length ??= value;
  sink.span('sleeve_length', value, m.start, m.end);
  return true;
};

const addRating: AddContent = (sink, { m }) => {
  sink.slots.rating = 'good';
  sink.span('rating', 'good', m.start, m.end);
  return true;
};

const addPriceLevel: AddContent = (sink, { value, m, negated }) => {
  if (negated) return false;
  sink.slots.price_level = value as NluSlots['price_level'];
  sink.span('price_level', value, m.start, m.end);
  return true;
};

const addDetail: AddContent = (sink, { value, m, negated }) => {
  if (negated) return false;
  sink.slots.detail = pushUnique(sink.slots.detail, value);
  sink.span('detail', value, m.start, m.end);
  return true;
};

/** "warm colours", "no bright colours", 素一点的颜色: every colour of the palette. */
const addPalette: AddContent = (sink, { value, m, negated }) => {
  const s = sink.slots;
  for (const color of paletteColors(value)) {
    if (negated) s.exclude_color = pushUnique(s.exclude_color, color);
    else s.color = pushUnique(s.color, color);
  }
  sink.span(negated ? 'exclude_color' : 'color', value, m.start, m.end);
  return true;
};

const ADD_CONTENT: Partial<Record<LexKind, AddContent>> = {
  category: addCategory,
  color: addColor,
  material: addMaterial,
  pattern: firstWanted('pattern'),
  occasion: addOccasion,
  style: addStyle,
  season: firstWanted('season'),
  weather: addWeather,
  gender: firstWanted('gender'),
  sleeve_length: addSleeves,
  brand: firstWanted('brand'),
  rating: addRating,
  price_level: addPriceLevel,
  detail: addDetail,
  palette: addPalette,
};

/**
 * Adds the slot one content mention names and returns the cue it leaves for the classifier (`color`,
 * `neg:category` …), or undefined when it adds nothing.
 * @example
 * addContent(sink, { kind: 'color', value: 'navy' }, mention, false, () => false); // 'color'
 */
export function addContent(
  sink: SlotSink,
  entry: LexEntry,
  m: Mention,
  negated: boolean,
  negationAdjacent: () => boolean,
): string | undefined {
  const add = ADD_CONTENT[entry.kind];
  if (add && !add(sink, { value: entry.value, m, negated, negationAdjacent })) return undefined;
  return negated ? `neg:${entry.kind}` : entry.kind;
}
