/** Weather and travel: a place's climate in a month, or a stated temperature, to layers, fabrics and footwear. */

import type { Language, Season, Slots } from '../../types.ts';
import type { Knowledge } from '../load.ts';
import { monthIn, normalize } from '../match.ts';
import type { WeatherBand } from '../schema.ts';
import { type Advice, type AdviceRequest, genders } from './shared.ts';

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

/** The clothing band of a temperature: the first it is not above, else the warmest. */
function bandFor(knowledge: Knowledge, degrees: number): WeatherBand {
  const { bands } = knowledge.weather;
  const band = bands.find((b) => degrees <= b.maxC) ?? bands.at(-1);
  if (!band) throw new Error('the weather knowledge has no temperature bands');
  return band;
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

/**
 * How a place is named in the reply's language ("sanya" → 三亚 in Chinese, Sanya in English).
 * @example
 * placeName(knowledge, 'tokyo', 'zh'); // '东京'
 */
export function placeName(knowledge: Knowledge, place: string, language: Language): string {
  if (language === 'zh') return chineseName(knowledge, place);
  return /\p{Script=Han}/u.test(place) ? place : title(place);
}

/** Layers, fabrics and footwear for a place and month or a temperature; a question back for an unknown city. */
export function weatherAdvice(knowledge: Knowledge, { slots, language, gender, text, now }: AdviceRequest): Advice {
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
      const name = placeName(knowledge, place, language);
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
    const m = city.months[month - 1];
    const days = DAYS_IN_MONTH[month - 1];
    if (!m || days === undefined) throw new Error(`no climate for ${city.name} in month ${month}`);
    temperature = Math.round((m.high + m.low) / 2);
    const rainyDays = days - m.dryDays;
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
  const band = bandFor(knowledge, temperature);
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
