/**
 * Finds the knowledge entries a message names: skin tones, body shapes, dress codes, named styles, fabrics, places,
 * months, height and weight. Used by the NLU's advice-slot extractor and by the advisor itself.
 */
import type { Language } from '../types.ts';
import { bundledKnowledge } from './load.ts';

type Entry = { id: string; aliases: { en: string[]; zh: string[] } };

/** A matcher over entries' aliases: the longest alias wins; English aliases match whole words only. */
interface AliasMatcher {
  find(text: string): { id: string; alias: string } | undefined;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Lower case, curly apostrophes straightened, runs of spaces collapsed. */
export const normalize = (text: string) => text.toLowerCase().replace(/[’‘`]/g, "'").replace(/\s+/g, ' ').trim();

/** A two-character Chinese alias right after other characters of a name ("朋克" in "蒸汽朋克") names something else. */
const partOfLongerName = (text: string, at: number, alias: string) =>
  alias.length <= 2 &&
  at > 0 &&
  /\p{Script=Han}/u.test(text.charAt(at - 1)) &&
  !/[的是穿要想个种么点出像学款去]/.test(text.charAt(at - 1));

function aliasMatcher(entries: readonly Entry[]): AliasMatcher {
  const pairs = entries.flatMap((e) => [...e.aliases.en, ...e.aliases.zh].map((alias) => ({ id: e.id, alias })));
  pairs.sort((a, b) => b.alias.length - a.alias.length);
  const en = pairs.filter((p) => !/\p{Script=Han}/u.test(p.alias));
  const zh = pairs.filter((p) => /\p{Script=Han}/u.test(p.alias));
  const pattern = en.length
    ? new RegExp(`(?<![\\w'-])(${en.map((p) => escapeRegExp(p.alias.toLowerCase())).join('|')})s?(?![\\w-])`, 'u')
    : undefined;
  const byAlias = new Map(en.map((p) => [p.alias.toLowerCase(), p.id]));
  return {
    find(text) {
      const lower = normalize(text);
      for (const p of zh) {
        const at = lower.indexOf(p.alias.toLowerCase());
        if (at < 0 || partOfLongerName(lower, at, p.alias)) continue;
        return p;
      }
      const alias = pattern?.exec(lower)?.[1];
      const id = alias === undefined ? undefined : byAlias.get(alias);
      return alias !== undefined && id !== undefined ? { id, alias } : undefined;
    },
  };
}

const MONTHS_EN = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
const MONTH_SHORT = /\b(jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\b/;
const ZH_DIGITS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };

/**
 * The month a message names (1–12): "in march", "mid-aug", "三月", "12月"; undefined when none. "may" counts only
 * after "in"/"of"/"during"/"early"/"late" (it is also a verb).
 */
export function monthIn(text: string): number | undefined {
  const lower = normalize(text);
  const zh = /(十[一二]|[一二三四五六七八九十]|1[0-2]|[1-9])\s*月/.exec(lower);
  if (zh) {
    const word = zh[1] ?? '';
    if (/^\d+$/.test(word)) return Number(word);
    // The pattern admits only 十一, 十二 and single numerals, all in ZH_DIGITS.
    return word.startsWith('十') && word.length === 2 ? 10 + (ZH_DIGITS[word.charAt(1)] ?? 0) : ZH_DIGITS[word];
  }
  for (const [i, name] of MONTHS_EN.entries()) {
    const re = name === 'may' ? /\b(in|of|during|early|late|mid|this|next)[ -]may\b/ : new RegExp(`\\b${name}\\b`);
    if (re.test(lower)) return i + 1;
  }
  const short = MONTH_SHORT.exec(lower);
  const prefix = short?.[1]?.slice(0, 3);
  if (prefix) return MONTHS_EN.findIndex((m) => m.startsWith(prefix)) + 1;
  return undefined;
}

/** Height in cm and weight in kg stated in a message ("180cm 75kg", "5'10, 160 lbs", "身高165，体重110斤"). */
export function bodyMeasures(text: string): { height_cm?: number; weight_kg?: number } {
  const lower = normalize(text);
  const out: { height_cm?: number; weight_kg?: number } = {};
  const cm = /(\d{3})\s*(?:cm|厘米|公分)/.exec(lower) ?? /(?:身高|height|tall)\s*:?\s*(\d{3})\b/.exec(lower);
  const metres = /\b(1[.,]\d{2})\s*m\b/.exec(lower);
  const feet = /\b([4-7])\s*(?:'|ft|foot|feet)\s*(1[01]|\d)?(?!\d)/.exec(lower);
  if (cm) out.height_cm = Number(cm[1]);
  else if (metres?.[1]) out.height_cm = Math.round(Number(metres[1].replace(',', '.')) * 100);
  else if (feet) out.height_cm = Math.round((Number(feet[1]) * 12 + Number(feet[2] ?? 0)) * 2.54);
  const kg =
    /(\d{2,3}(?:\.\d)?)\s*(?:kg|kilos?|公斤|千克)/.exec(lower) ??
    /(?:体重|weight)\s*:?\s*(\d{2,3})(?!\s*斤)\b/.exec(lower);
  const jin = /(\d{2,3})\s*斤/.exec(lower);
  const lbs = /(\d{2,3})\s*(?:lbs?|pounds)/.exec(lower);
  if (kg) out.weight_kg = Number(kg[1]);
  else if (jin) out.weight_kg = Math.round(Number(jin[1]) / 2);
  else if (lbs) out.weight_kg = Math.round(Number(lbs[1]) * 0.4536);
  return out;
}

/** Words that follow "to"/"in" in travel phrases but are no place. */
const NOT_PLACES = new Set([
  ...MONTHS_EN,
  'the',
  'a',
  'an',
  'my',
  'our',
  'his',
  'her',
  'their',
  'this',
  'that',
  'next',
  'winter',
  'summer',
  'spring',
  'autumn',
  'fall',
  'work',
  'school',
  'office',
  'church',
  'wedding',
  'party',
  'beach',
  'interview',
  'funeral',
  'dinner',
  'bed',
  'town',
  'city',
  'go',
  'be',
  'wear',
  'pack',
  'buy',
  'get',
  'see',
  'visit',
  'meet',
  'it',
  'there',
  'here',
  'europe',
  'asia',
  'a trip',
  'holiday',
  'vacation',
  'gym',
  'bar',
  'club',
  'pub',
  'rain',
  'snow',
  'cold',
  'weather',
  'mountains',
  'countryside',
  'ski',
  'skiing',
  'week',
  'weekend',
  'month',
  'year',
  'days',
  'degrees',
  'celsius',
  'fahrenheit',
  'general',
  'style',
  'size',
  'black',
  'white',
  'red',
  'blue',
  'navy',
]);

const PREPOSITIONS = new Set(['in', 'on', 'at', 'for', 'during', 'with', 'and', 'or', 'to', 'from', 'by', 'i', 'im']);

const PLACE_PATTERNS = [
  /\b(?:going|goin|trip|travel(?:l?ing)?|fly(?:ing)?|flight|heading|headed|moving|off|move|holiday|vacation|business trip|visit(?:ing)?)\s+(?:back\s+)?(?:to|in)\s+([a-z][a-z'-]+(?: [a-z][a-z'-]+)?)/,
  /\b(?:weather|climate|temperature|temps?|pack(?:ing)?|wear|dress)\s+(?:like\s+)?(?:in|for|at)\s+([a-z][a-z'-]+(?: [a-z][a-z'-]+)?)/,
  /\b(?:visit(?:ing)?|exploring)\s+([a-z][a-z'-]+)/,
  /^(?:what about\s+|and\s+)?([a-z][a-z'-]+(?: [a-z][a-z'-]+)?)\s+in\s+(?:january|february|march|april|may|june|july|august|september|october|november|december|winter|summer|spring|autumn|the winter|the summer)\b/,
  /\b(?:in|to)\s+([a-z][a-z'-]+(?: [a-z][a-z'-]+)?)\s+(?:in|during|this|next|for)\s+(?:january|february|march|april|may|june|july|august|september|october|november|december|winter|summer|spring|autumn|the winter|the summer|week|month)\b/,
  /^([a-z][a-z'-]+)\s+(?:is|will be|gets|'s)\s+(?:freezing|cold|hot|boiling|rainy|snowy|chilly|warm)/,
];
const ZH_PLACE_PATTERNS = [
  /去(\p{Script=Han}{2,4}?)(?:旅游|旅行|玩|出差|度假|过年|读书|留学|看|参加|穿|带|的话)/u,
  /(?:^|[在到去])(\p{Script=Han}{2,4}?)(?:的)?(?:天气|气温|冬天|夏天|春天|秋天|[一二三四五六七八九十\d]+月)/u,
];
const ZH_NOT_PLACES =
  /^(今天|明天|最近|这里|那边|外面|下个|这个|现在|今年|明年|冬天|夏天|春天|秋天|出去|国外|海边|山上|老家|家里|公司|学校|婚礼|面试|酒吧|清吧|夜店|派对|聚会|健身房|商场|餐厅|约会|上班|上学|逛街|演唱会|音乐节)/;

let placeNames: { english: RegExp; han: [string, string][]; aliases: Record<string, string> } | undefined;

/** One pattern over every English place name (longest first) and the list of Chinese ones, built once. */
function places() {
  if (!placeNames) {
    const { cities, places: names } = bundledKnowledge().weather;
    const english = [...new Set([...names, ...Object.keys(cities).filter((n) => !/\p{Script=Han}/u.test(n))])];
    english.sort((a, b) => b.length - a.length);
    placeNames = {
      english: new RegExp(`(?<![\\w-])(${english.map(escapeRegExp).join('|')})(?![\\w-])`),
      han: Object.entries(cities)
        .filter(([n]) => /\p{Script=Han}/u.test(n))
        .sort((a, b) => b[0].length - a[0].length),
      aliases: cities,
    };
  }
  return placeNames;
}

/**
 * The place a message names, canonical lower-case English ("東京"/"japan" → "tokyo"), or the words as said when a
 * travel phrase names somewhere the knowledge does not list ("going to smalltown in may" → "smalltown").
 * @example
 * placeIn('tokyo in march') // 'tokyo'
 * placeIn('哈尔滨冬天穿什么') // 'harbin'
 */
export function placeIn(text: string): string | undefined {
  const lower = normalize(text);
  const { english, han, aliases } = places();
  for (const [name, key] of han) if (lower.includes(name)) return key;
  const known = english.exec(lower)?.[1];
  if (known) return aliases[known] ?? known;
  for (const pattern of PLACE_PATTERNS) {
    const named = pattern.exec(lower)?.[1];
    if (!named) continue;
    const words = named.split(' ');
    if (NOT_PLACES.has(words[0] ?? '')) continue;
    // "cusco in may": the place ends where a preposition or another known word begins.
    const end = words.findIndex((w, i) => i > 0 && (NOT_PLACES.has(w) || PREPOSITIONS.has(w)));
    return (end < 0 ? words : words.slice(0, end)).join(' ');
  }
  for (const pattern of ZH_PLACE_PATTERNS) {
    const named = pattern.exec(lower)?.[1];
    if (named && !ZH_NOT_PLACES.test(named)) return named;
  }
  return undefined;
}

let matchers:
  | { tones: AliasMatcher; shapes: AliasMatcher; codes: AliasMatcher; styles: AliasMatcher; fabrics: AliasMatcher }
  | undefined;

/** The alias matchers of the bundled knowledge, built once. */
export function knowledgeMatchers() {
  if (!matchers) {
    const k = bundledKnowledge();
    matchers = {
      tones: aliasMatcher(k.colors.tones),
      shapes: aliasMatcher(k.body.shapes),
      codes: aliasMatcher(k.dressCodes.codes),
      styles: aliasMatcher(k.styles.styles),
      fabrics: aliasMatcher(k.care.fabrics.map((f) => ({ id: f.material, aliases: f.aliases }))),
    };
  }
  return matchers;
}

const STYLE_NAME_PATTERNS = [
  /\b(?:dress(?:ed)? like|look like|style of|styled like|inspired by|channel(?:ling)?|outfits? like|the look of|vibes? of|what (.+?) wore)\s+([a-z0-9][\w' .-]{1,30}?)(?=[?!.,]|$| at | in | for | outfit| style| look)/,
  /\b([a-z0-9][\w'-]*(?: [a-z0-9][\w'-]*)?)\s+(?:aesthetic|vibes?|core|inspired outfit|inspired look|style outfit|style)\b/,
  /\b([a-z]{3,}core)\b/,
];
const LEADING_WORDS = /^(what|whats|what's|is|are|the|a|an|this|that|how|to|get|do|i|want|like|some|any|more|of|in)$/;
const ZH_STYLE_NAME = /(?:像|学|模仿)?(\p{Script=Han}{2,8}?)(?:风格|穿搭风|那种风|风(?![衣头景险雨向扇度]))/u;
const NOT_STYLE_NAMES =
  /^(a|an|the|my|your|this|that|her|him|me|it|what|some|good|cool|nice|summer|winter|spring|autumn|fall|casual|formal|work|office|party|beach|wedding|date|sporty|cute|chic|classic|elegant|basic|simple|modern|new|same|similar|other|different)$/;
const ZH_NOT_STYLE =
  /^(什么|哪种|这种|那种|这个|同款|一样|类似|什么样|怎样|今年|现在|流行|休闲|正式|通勤|运动|可爱|简单|优雅|时尚|成熟|甜美|酷|帅气)/;

/**
 * A named style, era or person the message wants to dress like: the style's id when known ("90s grunge" →
 * `90s_grunge`), else the name as said ("dress like my aunt Rosa" → "my aunt rosa") so the advisor can ask about it.
 */
export function styleReferenceIn(text: string): { id?: string; name: string } | undefined {
  const known = knowledgeMatchers().styles.find(text);
  if (known) return { id: known.id, name: known.alias };
  const lower = normalize(text);
  for (const pattern of STYLE_NAME_PATTERNS) {
    const match = pattern.exec(lower);
    const words = (match?.[2] ?? match?.[1])?.trim().split(' ') ?? [];
    // "what is coquette style": the name starts after the question words.
    while (words[0] !== undefined && LEADING_WORDS.test(words[0])) words.shift();
    if (words.length > 0 && !words.some((w) => NOT_STYLE_NAMES.test(w))) return { name: words.join(' ') };
  }
  const zh = ZH_STYLE_NAME.exec(lower);
  const zhName = zh?.[1]?.replace(/^(?:什么是|什么|是|我想要|我想|想要|我要|怎么|如何|穿出|来点|一点|一种|这种)+/, '');
  if (zhName && zhName.length >= 2 && !ZH_NOT_STYLE.test(zhName)) return { name: zhName };
  return undefined;
}

/** The language a text is mostly in (Han characters → zh). */
export const languageOf = (text: string): Language => (/\p{Script=Han}/u.test(text) ? 'zh' : 'en');
